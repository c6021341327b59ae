import { z } from '@hono/zod-openapi';
import { Address, Code, Currency, Cursor, Latitude, Limit, Longitude, Money } from './common';

export const Barcode = z
  .string()
  .trim()
  .min(4)
  .max(64)
  .regex(/^[\x21-\x7E]+$/, 'printable characters without spaces');

export const CreateSkuBody = z
  .object({
    sku: Code,
    name: z.string().trim().min(1).max(300),
    barcodes: z.array(Barcode).max(20).optional(),
    weight_grams: z.number().int().min(0).max(1_000_000).optional(),
    cost: Money.optional(),
    cost_currency: Currency.optional(),
    final_sale: z
      .boolean()
      .default(false)
      .describe('a change-of-mind return of it always waits for a person'),
  })
  .openapi('CreateSkuRequest');

export const Sku = z
  .object({
    sku: z.string(),
    name: z.string(),
    barcodes: z.array(z.object({ barcode: z.string(), kind: z.enum(['upc', 'ean', 'gtin', 'other']) })),
    weight_grams: z.number().nullable(),
    cost: z.number().nullable(),
    cost_currency: z.string().nullable(),
    final_sale: z.boolean(),
    created_at: z.string(),
  })
  .openapi('Sku');

export const SkuQuery = z.object({
  q: z.string().trim().max(100).optional(),
  barcode: Barcode.optional(),
  cursor: Cursor,
  limit: Limit,
});

export const LocationKind = z.enum(['warehouse', 'store', '3pl', 'dropship']);

export const CreateLocationBody = z
  .object({
    code: Code,
    name: z.string().trim().min(1).max(200),
    kind: LocationKind,
    address: Address,
    lat: Latitude,
    lng: Longitude,
    priority: z.number().int().min(0).max(10_000).optional(),
  })
  .openapi('CreateLocationRequest');

export const Location = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: LocationKind,
    address: Address,
    lat: z.number(),
    lng: z.number(),
    priority: z.number(),
    active: z.boolean(),
  })
  .openapi('Location');

export const SkuParam = z.object({ sku: Code.openapi({ param: { name: 'sku', in: 'path' } }) });
export const CodeParam = z.object({ code: Code.openapi({ param: { name: 'code', in: 'path' } }) });
