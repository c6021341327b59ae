import { z } from '@hono/zod-openapi';
import { Barcode } from './catalog';
import { Code, Currency, Quantity } from './common';

export const IMPORT_KINDS = ['catalog', 'stock', 'orders'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const ImportKindParam = z.object({
  kind: z
    .enum(IMPORT_KINDS)
    .openapi({ param: { name: 'kind', in: 'path' }, description: 'What the file holds' }),
});

export const ImportIdParam = z.object({
  id: z
    .string()
    .regex(/^imp_[0-9A-Z]{26}$/, 'an import id')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const RowError = z
  .object({
    line: z.number().int().describe('the line of the file the row starts on (the header is line 1)'),
    column: z.string().optional(),
    code: z.string(),
    message: z.string(),
  })
  .openapi('ImportRowError');
export type RowError = z.infer<typeof RowError>;

export const ImportReport = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    failed: z.number().int(),
  })
  .openapi('ImportReport');
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportJob = z
  .object({
    id: z.string(),
    kind: z.enum(IMPORT_KINDS),
    status: z.enum(['validated', 'invalid', 'applying', 'applied', 'failed']),
    total_rows: z.number().int(),
    applied_rows: z.number().int(),
    error_count: z.number().int(),
    errors: z.array(RowError).describe('the first 500 row errors, by line'),
    report: ImportReport.nullable().describe('orders: counts orders, not lines'),
    created_by: z.string(),
    created_at: z.string(),
    finished_at: z.string().nullable(),
  })
  .openapi('ImportJob');

export const ImportList = z.object({ data: z.array(ImportJob) });

const blankAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsUndefined, schema.optional());
const wholeNumber = z.string().regex(/^\d+$/, 'a whole number').transform(Number);
const Decimal = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal amount such as 12.50');
const YesNo = z
  .string()
  .toLowerCase()
  .regex(/^(true|false|yes|no|1|0)$/, 'true or false')
  .transform((v) => v === 'true' || v === 'yes' || v === '1');

/** One catalog row: a blank optional cell clears the value; a column left out of the file keeps it. */
export const CatalogCsvRow = z.object({
  sku: Code,
  name: z.string().min(1).max(300),
  barcodes: optional(
    z
      .string()
      .transform((v) => [...new Set(v.split(';').map((b) => b.trim()))].filter(Boolean))
      .pipe(z.array(Barcode).max(20)),
  ),
  weight_grams: optional(wholeNumber.pipe(z.number().max(1_000_000))),
  cost: optional(Decimal),
  cost_currency: optional(Currency),
  final_sale: optional(YesNo),
});
export type CatalogCsvRow = z.infer<typeof CatalogCsvRow>;

/** One counted figure: sets on hand of the SKU at the location to `counted`. */
export const StockCsvRow = z.object({
  sku: Code,
  location: Code,
  counted: wholeNumber.pipe(z.number().max(1_000_000)),
});
export type StockCsvRow = z.infer<typeof StockCsvRow>;

/** One order line; lines with the same channel and external_id are one order. */
export const OrderCsvRow = z.object({
  channel: Code,
  external_id: z.string().min(1).max(128),
  currency: Currency,
  placed_at: optional(z.string().datetime({ offset: true })),
  sku: z.string().min(1).max(128),
  quantity: wholeNumber.pipe(Quantity),
  unit_price: Decimal,
  customer_name: optional(z.string().max(200)),
  customer_email: optional(z.string().email().max(200)),
  ship_to_name: optional(z.string().max(200)),
  ship_to_line1: optional(z.string().max(200)),
  ship_to_city: optional(z.string().max(100)),
  ship_to_region: optional(z.string().max(100)),
  ship_to_postal_code: optional(z.string().max(20)),
  ship_to_country: optional(z.string().length(2)),
});
export type OrderCsvRow = z.infer<typeof OrderCsvRow>;

export const IMPORT_DESCRIPTION =
  'Body: the CSV file (text/csv, UTF-8, RFC 4180, header row first, at most 20 MiB). The same file for the same ' +
  'kind answers its existing job (200). Otherwise every row is checked (a dry run: nothing is applied) and the job ' +
  'is answered 201 as `validated` or `invalid` with row errors by line. catalog: sku, name, barcodes ' +
  '(;-separated), weight_grams, cost (decimal, in cost_currency), cost_currency, final_sale (true/false); a column ' +
  'left out keeps what is stored, a blank cell clears it. stock: sku, location, counted (the absolute count). ' +
  'orders: channel, external_id, currency, placed_at, sku, quantity, unit_price (decimal), and optionally ' +
  'customer_name, customer_email, ship_to_name, ship_to_line1, ship_to_city, ship_to_region, ship_to_postal_code, ' +
  'ship_to_country; one row per line, grouped into orders by channel and external_id.';
