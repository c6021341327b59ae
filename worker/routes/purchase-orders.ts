import { OpenAPIHono, z } from '@hono/zod-openapi';
import { database } from '../../db/client';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { route } from '../http/route';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import {
  ConfirmPoBody,
  CreatePoBody,
  FromBackordersBody,
  PoIdParam,
  PoQuery,
  PoSummary,
  PurchaseOrder,
  ReceivePoAnswer,
  ReceivePoBody,
  ShipPoBody,
  SupplierBody,
  SupplierParam,
  TrackingUploadAnswer,
} from '../schemas/purchase-orders';
import { createReplenishment, draftFromBackorders, sendPo } from '../services/purchase-orders/create-po';
import { cancelPo, confirmPo } from '../services/purchase-orders/po-transitions';
import { listPos, poDetail } from '../services/purchase-orders/po-view';
import { receivePo } from '../services/purchase-orders/receive-po';
import { shipDropship } from '../services/purchase-orders/ship-dropship';
import { saveSupplier } from '../services/purchase-orders/suppliers';
import { applyTrackingCsv } from '../services/purchase-orders/tracking-upload';

const tags = ['purchase orders'];
const notFound = { 404: errorResponse('No such purchase order') };
const conflict = { 409: errorResponse('Not possible in the PO’s kind and state (`illegal_transition`)') };
const invalid = { 422: errorResponse('Unknown supplier, location or SKU') };
const created = { 201: jsonResponse(PurchaseOrder, 'Drafted'), ...invalid };
const optional = <T extends z.ZodType>(schema: T) => ({
  required: false,
  content: { 'application/json': { schema } },
});

export const purchaseOrderRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('purchasing:write', {
      method: 'post',
      path: '/purchase-orders',
      tags,
      summary: 'Drafts a replenishment PO: goods bought from a supplier, received at one of our locations',
      request: { body: jsonBody(CreatePoBody) },
      responses: created,
    }),
    async (c) =>
      c.json(await createReplenishment(database(c.env), c.req.valid('json'), principalOf(c).actor), 201),
  )
  .openapi(
    route('purchasing:write', {
      method: 'post',
      path: '/purchase-orders/from-backorders',
      tags,
      summary:
        'Drafts a replenishment PO for every backordered unit at a location, per SKU, less what open POs bring',
      request: { body: jsonBody(FromBackordersBody) },
      responses: {
        201: jsonResponse(PurchaseOrder, 'Drafted'),
        422: errorResponse('Unknown supplier or location, or nothing is backordered'),
      },
    }),
    async (c) =>
      c.json(await draftFromBackorders(database(c.env), c.req.valid('json'), principalOf(c).actor), 201),
  )
  .openapi(
    route('purchasing:write', {
      method: 'post',
      path: '/purchase-orders/tracking.csv',
      tags,
      summary:
        'Ships dropship POs from a supplier’s CSV (po_number, carrier, tracking_code): valid rows applied, bad rows reported',
      request: {
        body: {
          required: true,
          content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } },
        },
      },
      responses: {
        200: jsonResponse(TrackingUploadAnswer, 'What was applied, and the rows refused'),
        415: errorResponse('Not text/csv'),
        422: errorResponse('The header lacks a column'),
      },
    }),
    async (c) => {
      if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('text/csv'))
        throw new ApiError(415, 'unsupported_media_type', 'Send the file as text/csv');
      return c.json(
        await applyTrackingCsv(c.env, database(c.env), await c.req.text(), principalOf(c).actor),
        200,
      );
    },
  )
  .openapi(
    route('purchasing:read', {
      method: 'get',
      path: '/purchase-orders',
      tags,
      summary: 'Purchase orders, newest first, by status, kind or customer order, with a cursor',
      request: { query: PoQuery },
      responses: {
        200: jsonResponse(
          z.object({ data: z.array(PoSummary), next_cursor: z.string().nullable() }),
          'A page of purchase orders',
        ),
      },
    }),
    async (c) => c.json(await listPos(database(c.env), c.req.valid('query')), 200),
  )
  .openapi(
    route('purchasing:read', {
      method: 'get',
      path: '/purchase-orders/{id}',
      tags,
      summary: 'One purchase order with its lines, the messages sent and its timeline',
      request: { params: PoIdParam },
      responses: { 200: jsonResponse(PurchaseOrder, 'The purchase order'), ...notFound },
    }),
    async (c) => c.json(await poDetail(database(c.env), c.req.valid('param').id), 200),
  )
  .openapi(
    route('purchasing:write', {
      method: 'post',
      path: '/purchase-orders/{id}/send',
      tags,
      summary: 'Sends a draft PO to the supplier (its email is stored in the outbox)',
      request: { params: PoIdParam },
      responses: { 200: jsonResponse(PurchaseOrder, 'Sent'), ...notFound, ...conflict, ...invalid },
    }),
    async (c) => c.json(await sendPo(database(c.env), c.req.valid('param').id, principalOf(c).actor), 200),
  )
  .openapi(
    route('purchasing:write', {
      method: 'post',
      path: '/purchase-orders/{id}/confirm',
      tags,
      summary: 'Records the supplier’s confirmation, with its reference and expected date',
      request: { params: PoIdParam, body: optional(ConfirmPoBody) },
      responses: { 200: jsonResponse(PurchaseOrder, 'Confirmed'), ...notFound, ...conflict },
    }),
    async (c) =>
      c.json(
        await confirmPo(
          database(c.env),
          c.req.valid('param').id,
          c.req.valid('json') ?? {},
          principalOf(c).actor,
        ),
        200,
      ),
  )
  .openapi(
    route('purchasing:write', {
      method: 'post',
      path: '/purchase-orders/{id}/ship',
      tags,
      summary:
        'The supplier shipped a dropship PO: the customer order’s shipment ships with this tracking (our stock untouched)',
      request: { params: PoIdParam, body: jsonBody(ShipPoBody) },
      responses: {
        200: jsonResponse(PurchaseOrder, 'Shipped, or already shipped with this tracking'),
        ...notFound,
        409: errorResponse('Not a confirmed dropship PO, or shipped with other tracking'),
      },
    }),
    async (c) => {
      const out = await shipDropship(
        c.env,
        database(c.env),
        c.req.valid('param').id,
        c.req.valid('json'),
        principalOf(c).actor,
      );
      return c.json(out.purchaseOrder, 200);
    },
  )
  .openapi(
    route('purchasing:write', {
      method: 'post',
      path: '/purchase-orders/{id}/cancel',
      tags,
      summary: 'Cancels a PO not yet shipped or received; a dropship PO’s units wait for stock again',
      request: { params: PoIdParam },
      responses: { 200: jsonResponse(PurchaseOrder, 'Cancelled'), ...notFound, ...conflict },
    }),
    async (c) => c.json(await cancelPo(database(c.env), c.req.valid('param').id, principalOf(c).actor), 200),
  )
  .openapi(
    route('purchasing:receive', {
      method: 'post',
      path: '/purchase-orders/{id}/receive',
      tags,
      summary:
        'Receives goods of a confirmed replenishment PO at its location, once per op_id; backorders are filled oldest first',
      request: { params: PoIdParam, body: jsonBody(ReceivePoBody) },
      responses: {
        200: jsonResponse(ReceivePoAnswer, 'Received, or already received'),
        ...notFound,
        409: errorResponse('Not receivable in its state, or more than expected (`over_receipt`)'),
        422: errorResponse('A SKU not on the PO'),
      },
    }),
    async (c) =>
      c.json(
        await receivePo(
          c.env,
          database(c.env),
          c.req.valid('param').id,
          c.req.valid('json'),
          principalOf(c).actor,
        ),
        200,
      ),
  )
  .openapi(
    route('purchasing:write', {
      method: 'put',
      path: '/suppliers/{code}',
      tags,
      summary:
        'Sets which of our SKUs a dropship supplier (location of kind dropship) ships for us, and where its POs go',
      request: { params: SupplierParam, body: jsonBody(SupplierBody) },
      responses: {
        200: jsonResponse(
          z.object({
            code: z.string(),
            name: z.string(),
            email: z.string(),
            dropship_skus: z.array(z.string()),
          }),
          'Saved',
        ),
        422: errorResponse('Not a dropship location, unknown SKUs, or no email'),
      },
    }),
    async (c) =>
      c.json(
        await saveSupplier(
          database(c.env),
          c.req.valid('param').code,
          c.req.valid('json'),
          principalOf(c).actor,
        ),
        200,
      ),
  );
