import { OpenAPIHono, z } from '@hono/zod-openapi';
import { database } from '../../db/client';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { route } from '../http/route';
import { findSku, resolveCode } from '../repo/catalog';
import { SkuParam } from '../schemas/catalog';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import {
  Inventory,
  LedgerQuery,
  Movement,
  MovementBody,
  MovementResult,
  SafetyStockBody,
} from '../schemas/inventory';
import { inventoryView, moveStock, setSafetyStock } from '../services/move-stock';
import { inventoryOf } from '../services/stock';

const refusals = {
  404: errorResponse('No such SKU'),
  409: errorResponse('Refused: not enough free stock, or a count below what is reserved'),
  422: errorResponse('No such location'),
};

export const inventoryRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('inventory:read', {
      method: 'get',
      path: '/inventory/{sku}',
      tags: ['inventory'],
      summary: 'Stock of a SKU (or the SKU of a barcode) at every location',
      request: { params: SkuParam },
      responses: { 200: jsonResponse(Inventory, 'Stock per location'), 404: errorResponse('No such SKU') },
    }),
    async (c) => {
      const code = c.req.valid('param').sku;
      // a scanned barcode finds its SKU too: the phone's lookup screen sends whatever it scanned
      const sku = await resolveCode(database(c.env), code);
      if (!sku) throw new ApiError(404, 'sku_not_found', `No SKU ${code}`);
      return c.json(inventoryView(sku, await inventoryOf(c.env, sku).levels()), 200);
    },
  )
  .openapi(
    route(
      'inventory:write',
      {
        method: 'post',
        path: '/inventory/{sku}/movements',
        tags: ['inventory'],
        summary: 'Receives, adjusts, counts or transfers stock; new free stock fills backorders',
        request: { params: SkuParam, body: jsonBody(MovementBody) },
        responses: { 201: jsonResponse(MovementResult, 'Recorded'), ...refusals },
      },
      { idempotent: true },
    ),
    async (c) => {
      const { sku } = c.req.valid('param');
      const result = await moveStock(c.env, database(c.env), sku, c.req.valid('json'), principalOf(c).actor);
      return c.json(result, 201);
    },
  )
  .openapi(
    route('inventory:read', {
      method: 'get',
      path: '/inventory/{sku}/movements',
      tags: ['inventory'],
      summary: "The SKU's stock ledger, newest first",
      request: { params: SkuParam, query: LedgerQuery },
      responses: {
        200: jsonResponse(
          z.object({ data: z.array(Movement), next_before: z.number().nullable() }),
          'Ledger entries',
        ),
        404: errorResponse('No such SKU'),
      },
    }),
    async (c) => {
      const { sku } = c.req.valid('param');
      const { limit, before } = c.req.valid('query');
      if (!(await findSku(database(c.env), sku))) throw new ApiError(404, 'sku_not_found', `No SKU ${sku}`);
      const data = await inventoryOf(c.env, sku).movements(limit, before);
      return c.json({ data, next_before: data.length === limit ? data.at(-1)!.seq : null }, 200);
    },
  )
  .openapi(
    route('inventory:write', {
      method: 'put',
      path: '/inventory/{sku}/safety-stock',
      tags: ['inventory'],
      summary: 'Sets the units kept back from new orders at a location',
      request: { params: SkuParam, body: jsonBody(SafetyStockBody) },
      responses: { 200: jsonResponse(Inventory, 'Updated'), ...refusals },
    }),
    async (c) => {
      const { sku } = c.req.valid('param');
      const { location, quantity } = c.req.valid('json');
      const view = await setSafetyStock(
        c.env,
        database(c.env),
        sku,
        location,
        quantity,
        principalOf(c).actor,
      );
      return c.json(view, 200);
    },
  );
