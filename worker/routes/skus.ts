import { OpenAPIHono, z } from '@hono/zod-openapi';
import { inArray } from 'drizzle-orm';
import { runBatch, type Statement } from '../../db/batch';
import { database } from '../../db/client';
import { skuBarcodes, skus } from '../../db/schema';
import { barcodeKind } from '../domain/barcodes';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { route } from '../http/route';
import { conflictOnUnique } from '../http/unique';
import { auditInsert } from '../repo/audit';
import { findSku, listSkus } from '../repo/catalog';
import { CreateSkuBody, Sku, SkuParam, SkuQuery } from '../schemas/catalog';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';

export const skuRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('catalog:write', {
      method: 'post',
      path: '/skus',
      tags: ['catalog'],
      summary: 'Adds a SKU with its barcodes',
      request: { body: jsonBody(CreateSkuBody) },
      responses: {
        201: jsonResponse(Sku, 'Created'),
        409: errorResponse('The SKU or one of its barcodes exists already'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const db = database(c.env);
      const barcodes = [...new Set(body.barcodes ?? [])];
      if (await findSku(db, body.sku))
        throw new ApiError(409, 'sku_exists', `SKU ${body.sku} exists already`);
      if (barcodes.length) {
        const taken = await db.select().from(skuBarcodes).where(inArray(skuBarcodes.barcode, barcodes));
        if (taken.length) {
          throw new ApiError(409, 'barcode_in_use', 'A barcode belongs to another SKU', {
            barcodes: taken.map((t) => ({ barcode: t.barcode, sku: t.sku })),
          });
        }
      }
      const row = {
        sku: body.sku,
        name: body.name,
        weightGrams: body.weight_grams ?? null,
        cost: body.cost ?? null,
        costCurrency: body.cost_currency ?? null,
        finalSale: body.final_sale,
      };
      const codes = barcodes.map((barcode) => ({ barcode, sku: body.sku, kind: barcodeKind(barcode) }));
      const audit = auditInsert(db, {
        actor: principalOf(c).actor,
        action: 'sku.create',
        entity: 'sku',
        entityId: body.sku,
        data: body,
      });
      const insertSku = db.insert(skus).values(row);
      const statements: Statement[] = [insertSku, audit];
      if (codes.length) statements.push(db.insert(skuBarcodes).values(codes));
      await conflictOnUnique(
        runBatch(db, statements),
        'sku_exists',
        'The SKU or one of its barcodes exists already',
      );
      return c.json((await findSku(db, body.sku))!, 201);
    },
  )
  .openapi(
    route('catalog:read', {
      method: 'get',
      path: '/skus',
      tags: ['catalog'],
      summary: 'Lists SKUs; search by text or look one up by barcode',
      request: { query: SkuQuery },
      responses: {
        200: jsonResponse(
          z.object({ data: z.array(Sku), next_cursor: z.string().nullable() }),
          'A page of SKUs',
        ),
      },
    }),
    async (c) => c.json(await listSkus(database(c.env), c.req.valid('query')), 200),
  )
  .openapi(
    route('catalog:read', {
      method: 'get',
      path: '/skus/{sku}',
      tags: ['catalog'],
      summary: 'One SKU',
      request: { params: SkuParam },
      responses: { 200: jsonResponse(Sku, 'The SKU'), 404: errorResponse('No such SKU') },
    }),
    async (c) => {
      const found = await findSku(database(c.env), c.req.valid('param').sku);
      if (!found) throw new ApiError(404, 'sku_not_found', 'No such SKU');
      return c.json(found, 200);
    },
  );
