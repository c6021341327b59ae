import { OpenAPIHono, z } from '@hono/zod-openapi';
import { database } from '../../db/client';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { route } from '../http/route';
import { BuyLabelBody, CarrierAccount, CreateCarrierAccountBody } from '../schemas/carriers';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import { Shipment, ShipmentIdParam } from '../schemas/fulfillment';
import { buyLabels, labelFileKey } from '../services/buy-labels';
import { createCarrierAccount, listCarrierAccounts } from '../services/carrier-accounts';
import { voidLabels } from '../services/void-labels';

const LabelParams = ShipmentIdParam.extend({
  n: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .openapi({ param: { name: 'n', in: 'path' } }),
});

export const carrierRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('carriers:manage', {
      method: 'post',
      path: '/carrier-accounts',
      tags: ['fulfillment'],
      summary: 'Connects an EasyPost or Shippo account; the API key is sealed at rest',
      request: { body: jsonBody(CreateCarrierAccountBody) },
      responses: { 201: jsonResponse(CarrierAccount, 'Connected') },
    }),
    async (c) =>
      c.json(
        await createCarrierAccount(c.env, database(c.env), c.req.valid('json'), principalOf(c).actor),
        201,
      ),
  )
  .openapi(
    route('fulfillment:read', {
      method: 'get',
      path: '/carrier-accounts',
      tags: ['fulfillment'],
      summary: 'Carrier accounts (never their keys)',
      responses: { 200: jsonResponse(z.object({ data: z.array(CarrierAccount) }), 'The accounts') },
    }),
    async (c) => c.json({ data: await listCarrierAccounts(database(c.env)) }, 200),
  )
  .openapi(
    route(
      'fulfillment:write',
      {
        method: 'post',
        path: '/shipments/{id}/label',
        tags: ['fulfillment'],
        summary: 'Buys a label per package: never twice, even after a timeout; failures become exceptions',
        request: { params: ShipmentIdParam, body: jsonBody(BuyLabelBody) },
        responses: {
          200: jsonResponse(Shipment, 'Label bought (or already bought)'),
          404: errorResponse('No such shipment'),
          409: errorResponse('The shipment is not packed'),
          422: errorResponse('The carrier refused: its message and the actions to take are in details'),
        },
      },
      { idempotent: true },
    ),
    async (c) =>
      c.json(
        await buyLabels(
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
    route(
      'fulfillment:write',
      {
        method: 'post',
        path: '/shipments/{id}/label/void',
        tags: ['fulfillment'],
        summary: 'Voids the labels of an unshipped shipment at the carrier; it goes back to packed',
        request: { params: ShipmentIdParam },
        responses: {
          200: jsonResponse(Shipment, 'Voided'),
          404: errorResponse('No such shipment'),
          409: errorResponse('No label to void, or already shipped'),
          422: errorResponse('The carrier refused to void'),
        },
      },
      { idempotent: true },
    ),
    async (c) =>
      c.json(await voidLabels(c.env, database(c.env), c.req.valid('param').id, principalOf(c).actor), 200),
  )
  .openapi(
    route('fulfillment:read', {
      method: 'get',
      path: '/shipments/{id}/labels/{n}',
      tags: ['fulfillment'],
      summary: "A package's label file (PDF or ZPL), for printing from a phone",
      request: { params: LabelParams },
      responses: { 200: { description: 'The label file' }, 404: errorResponse('No label stored') },
    }),
    async (c) => {
      const { id, n } = c.req.valid('param');
      const file = await c.env.LABELS.get(labelFileKey(id, n));
      if (!file) throw new ApiError(404, 'label_not_found', 'No label file is stored for this package');
      return new Response(file.body, {
        headers: {
          'content-type': file.httpMetadata?.contentType ?? 'application/octet-stream',
          'cache-control': 'private, max-age=3600',
        },
      });
    },
  );
