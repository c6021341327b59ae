import { OpenAPIHono, z } from '@hono/zod-openapi';
import { database } from '../../db/client';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { route } from '../http/route';
import { listShipments } from '../repo/shipments';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import {
  CollectBody,
  CreatePickListBody,
  PackBody,
  PickAnswer,
  PickBody,
  PickList,
  PickListIdParam,
  Shipment,
  ShipmentIdParam,
  ShipmentQuery,
  ShortAnswer,
  ShortBody,
  TrackingBody,
} from '../schemas/fulfillment';
import { createPickList, pickListView } from '../services/pick-lists';
import { collectPickup, markReadyForPickup } from '../services/pickup';
import { recordPick } from '../services/record-pick';
import { recordShortPick } from '../services/record-short-pick';
import { enterTracking, packShipment, shipmentDetail, shipShipment } from '../services/ship-work';

const notFound = { 404: errorResponse('Not found') };
const conflict = { 409: errorResponse('Not possible in the current state') };

export const fulfillmentRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('fulfillment:read', {
      method: 'get',
      path: '/shipments',
      tags: ['fulfillment'],
      summary: 'Shipments, newest first, by location, status or order',
      request: { query: ShipmentQuery },
      responses: {
        200: jsonResponse(
          z.object({ data: z.array(Shipment), next_cursor: z.string().nullable() }),
          'A page of shipments',
        ),
      },
    }),
    async (c) => c.json(await listShipments(database(c.env), c.req.valid('query')), 200),
  )
  .openapi(
    route('fulfillment:read', {
      method: 'get',
      path: '/shipments/{id}',
      tags: ['fulfillment'],
      summary: 'One shipment with its lines',
      request: { params: ShipmentIdParam },
      responses: { 200: jsonResponse(Shipment, 'The shipment'), ...notFound },
    }),
    async (c) => c.json(await shipmentDetail(database(c.env), c.req.valid('param').id), 200),
  )
  .openapi(
    route('fulfillment:write', {
      method: 'post',
      path: '/pick-lists',
      tags: ['fulfillment'],
      summary: "Batches a location's waiting shipments into a pick list sorted by bin",
      request: { body: jsonBody(CreatePickListBody) },
      responses: { 201: jsonResponse(PickList, 'Created'), ...conflict },
    }),
    async (c) => {
      const { location, max_shipments } = c.req.valid('json');
      return c.json(
        await createPickList(database(c.env), location, max_shipments, principalOf(c).actor),
        201,
      );
    },
  )
  .openapi(
    route('fulfillment:read', {
      method: 'get',
      path: '/pick-lists/{id}',
      tags: ['fulfillment'],
      summary: 'A pick list with what is left to pick',
      request: { params: PickListIdParam },
      responses: { 200: jsonResponse(PickList, 'The pick list'), ...notFound },
    }),
    async (c) => c.json(await pickListView(database(c.env), c.req.valid('param').id), 200),
  )
  .openapi(
    route('fulfillment:write', {
      method: 'post',
      path: '/pick-lists/{id}/picks',
      tags: ['fulfillment'],
      summary: 'Records a scanned pick; applied once per op_id; wrong items and over-picks are refused',
      request: { params: PickListIdParam, body: jsonBody(PickBody) },
      responses: {
        200: jsonResponse(PickAnswer, 'Recorded, or already recorded'),
        ...notFound,
        ...conflict,
        422: errorResponse('The scanned item is not on this pick list'),
      },
    }),
    async (c) => {
      const answer = await recordPick(
        c.env,
        database(c.env),
        c.req.valid('param').id,
        c.req.valid('json'),
        principalOf(c).actor,
      );
      return c.json(answer, 200);
    },
  )
  .openapi(
    route('fulfillment:write', {
      method: 'post',
      path: '/pick-lists/{id}/short',
      tags: ['fulfillment'],
      summary:
        'Reports units missing from the shelf: stock is corrected, the units are re-routed or backordered',
      request: { params: PickListIdParam, body: jsonBody(ShortBody) },
      responses: {
        200: jsonResponse(ShortAnswer, 'Recorded, or already recorded'),
        ...notFound,
        ...conflict,
        422: errorResponse('Nothing of that item is left to pick'),
      },
    }),
    async (c) => {
      const answer = await recordShortPick(
        c.env,
        database(c.env),
        c.req.valid('param').id,
        c.req.valid('json'),
        principalOf(c).actor,
      );
      return c.json(answer, 200);
    },
  )
  .openapi(
    route('fulfillment:write', {
      method: 'post',
      path: '/shipments/{id}/pack',
      tags: ['fulfillment'],
      summary: 'Scan-to-verify packing: every unit scanned; a mismatch blocks the label',
      request: { params: ShipmentIdParam, body: jsonBody(PackBody) },
      responses: { 200: jsonResponse(Shipment, 'Packed'), ...notFound, ...conflict },
    }),
    async (c) =>
      c.json(
        await packShipment(
          database(c.env),
          c.req.valid('param').id,
          c.req.valid('json'),
          principalOf(c).actor,
        ),
        200,
      ),
  )
  .openapi(
    route('fulfillment:write', {
      method: 'post',
      path: '/shipments/{id}/tracking',
      tags: ['fulfillment'],
      summary: 'Enters a carrier and tracking number by hand (label bought elsewhere)',
      request: { params: ShipmentIdParam, body: jsonBody(TrackingBody) },
      responses: { 200: jsonResponse(Shipment, 'Recorded'), ...notFound, ...conflict },
    }),
    async (c) =>
      c.json(
        await enterTracking(
          database(c.env),
          c.req.valid('param').id,
          c.req.valid('json'),
          principalOf(c).actor,
        ),
        200,
      ),
  )
  .openapi(
    route(
      'fulfillment:write',
      {
        method: 'post',
        path: '/shipments/{id}/ship',
        tags: ['fulfillment'],
        summary: 'Ships: commits the reserved stock; the order becomes partially shipped or shipped',
        request: { params: ShipmentIdParam },
        responses: { 200: jsonResponse(Shipment, 'Shipped'), ...notFound, ...conflict },
      },
      { idempotent: true },
    ),
    async (c) =>
      c.json(await shipShipment(c.env, database(c.env), c.req.valid('param').id, principalOf(c).actor), 200),
  )
  .openapi(
    route('fulfillment:write', {
      method: 'post',
      path: '/shipments/{id}/ready',
      tags: ['fulfillment'],
      summary: 'BOPIS: sets a picked order aside for the customer, with a pickup code and a hold deadline',
      request: { params: ShipmentIdParam },
      responses: { 200: jsonResponse(Shipment, 'Ready for pickup'), ...notFound, ...conflict },
    }),
    async (c) =>
      c.json(await markReadyForPickup(database(c.env), c.req.valid('param').id, principalOf(c).actor), 200),
  )
  .openapi(
    route(
      'fulfillment:write',
      {
        method: 'post',
        path: '/pickups/collect',
        tags: ['fulfillment'],
        summary:
          "BOPIS: the customer's pickup code is scanned; the order is handed over and its stock leaves",
        request: { body: jsonBody(CollectBody) },
        responses: {
          200: jsonResponse(Shipment, 'Collected'),
          ...conflict,
          422: errorResponse('No order waits for this code'),
        },
      },
      { idempotent: true },
    ),
    async (c) =>
      c.json(
        await collectPickup(c.env, database(c.env), c.req.valid('json').code, principalOf(c).actor),
        200,
      ),
  );
