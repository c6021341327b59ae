import { and, asc, eq, gt, inArray, or } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { contains } from '../../db/contains';
import { listings, locations, skuBarcodes, skus } from '../../db/schema';

export type SkuRow = typeof skus.$inferSelect;
export type LocationRow = typeof locations.$inferSelect;

export const skuView = (
  s: SkuRow,
  barcodes: { barcode: string; kind: 'upc' | 'ean' | 'gtin' | 'other' }[],
) => ({
  sku: s.sku,
  name: s.name,
  barcodes: barcodes.map(({ barcode, kind }) => ({ barcode, kind })),
  weight_grams: s.weightGrams,
  cost: s.cost,
  cost_currency: s.costCurrency,
  final_sale: s.finalSale,
  created_at: s.createdAt,
});

export const locationView = (l: LocationRow) => ({
  code: l.code,
  name: l.name,
  kind: l.kind,
  address: l.address as Record<string, string>,
  lat: l.lat,
  lng: l.lng,
  priority: l.priority,
  active: l.active,
});

export async function findSku(db: Database, sku: string) {
  const row = await db.query.skus.findFirst({ where: eq(skus.sku, sku) });
  if (!row) return null;
  const codes = await db.select().from(skuBarcodes).where(eq(skuBarcodes.sku, sku));
  return skuView(row, codes);
}

export async function listSkus(
  db: Database,
  opts: { q?: string; barcode?: string; cursor?: string; limit: number },
) {
  const filters = [
    opts.cursor ? gt(skus.sku, opts.cursor) : undefined,
    opts.q ? or(contains(skus.sku, opts.q), contains(skus.name, opts.q)) : undefined,
    opts.barcode
      ? inArray(
          skus.sku,
          db.select({ sku: skuBarcodes.sku }).from(skuBarcodes).where(eq(skuBarcodes.barcode, opts.barcode)),
        )
      : undefined,
  ];
  const rows = await db
    .select()
    .from(skus)
    .where(and(...filters))
    .orderBy(asc(skus.sku))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const codes = page.length
    ? await db
        .select()
        .from(skuBarcodes)
        .where(
          inArray(
            skuBarcodes.sku,
            page.map((r) => r.sku),
          ),
        )
    : [];
  return {
    data: page.map((s) =>
      skuView(
        s,
        codes.filter((c) => c.sku === s.sku),
      ),
    ),
    next_cursor: rows.length > opts.limit ? page.at(-1)!.sku : null,
  };
}

/** The three lookups that map an order's SKU names to ours, to run inside a caller's batch. */
export const skuMappingQueries = (db: Database, channel: string, names: string[]) =>
  [
    db.select({ sku: skus.sku }).from(skus).where(inArray(skus.sku, names)),
    db
      .select({ from: listings.channelSku, sku: listings.sku })
      .from(listings)
      .where(and(eq(listings.channel, channel), inArray(listings.channelSku, names))),
    db
      .select({ from: skuBarcodes.barcode, sku: skuBarcodes.sku })
      .from(skuBarcodes)
      .where(inArray(skuBarcodes.barcode, names)),
  ] as const;

/** Name -> our SKU: an exact SKU wins over the channel's listing, which wins over a barcode. */
export function skuMapFrom(
  exact: { sku: string }[],
  listed: { from: string; sku: string }[],
  coded: { from: string; sku: string }[],
): Map<string, string> {
  const map = new Map<string, string>();
  for (const rows of [coded, listed]) for (const r of rows) map.set(r.from, r.sku);
  for (const r of exact) map.set(r.sku, r.sku);
  return map;
}

export async function activeLocations(db: Database) {
  return db.select().from(locations).where(eq(locations.active, true)).orderBy(asc(locations.code));
}

/** Our SKU for a scanned code: the SKU itself or one of its barcodes. */
export async function resolveCode(db: Database, code: string): Promise<string | null> {
  const [bySku, byBarcode] = await db.batch([
    db.select({ sku: skus.sku }).from(skus).where(eq(skus.sku, code)),
    db.select({ sku: skuBarcodes.sku }).from(skuBarcodes).where(eq(skuBarcodes.barcode, code)),
  ]);
  return bySku[0]?.sku ?? byBarcode[0]?.sku ?? null;
}
