import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { channels, ediDocuments, listings, skuBarcodes } from '../../../db/schema';
import { quantityToList, type StockRules } from '../../domain/channels/listed-quantity';
import { type InventoryAdvice, type ProductId, write846 } from '../../domain/edi';
import { settingsOf } from '../channels';
import { inventoryOf } from '../stock';
import { expects, findPartner, type Partner } from './partner';
import { sendDocument } from './send-document';

/**
 * Cron: an 846 to every active partner that takes them and whose last one is older than its
 * `inventory_every_hours`. Returns the partners sent to.
 */
export async function sendDueInventoryAdvice(env: Env, db: Database, now: number) {
  const partners = await db
    .select({ code: channels.code })
    .from(channels)
    .where(and(eq(channels.type, 'edi'), eq(channels.status, 'active')));
  const sent: string[] = [];
  for (const { code } of partners) {
    const partner = await findPartner(env, db, code);
    if (!partner || !expects(partner, '846')) continue;
    const [last] = await db
      .select({ at: ediDocuments.createdAt })
      .from(ediDocuments)
      .where(
        and(eq(ediDocuments.channel, code), eq(ediDocuments.direction, 'out'), eq(ediDocuments.type, '846')),
      )
      .orderBy(desc(ediDocuments.createdAt))
      .limit(1);
    const dueAt = last ? Date.parse(last.at) + partner.config.inventory_every_hours * 3600_000 : 0;
    if (dueAt > now) continue;
    if (await sendInventoryAdvice(env, db, partner, now)) sent.push(code);
  }
  return sent;
}

/**
 * The 846 for one partner: each of its listings with what it may see (available to promise under the
 * channel's buffer and stock rules, as every channel's stock push), named by the partner's item qualifiers.
 * A partner with no listings is sent nothing.
 */
export async function sendInventoryAdvice(env: Env, db: Database, partner: Partner, now: number) {
  const listed = await db
    .select()
    .from(listings)
    .where(eq(listings.channel, partner.row.code))
    .orderBy(asc(listings.channelSku));
  if (listed.length === 0) return false;
  const skus = [...new Set(listed.map((l) => l.sku))];
  const upcs = await db
    .select()
    .from(skuBarcodes)
    .where(and(inArray(skuBarcodes.sku, skus), inArray(skuBarcodes.kind, ['upc', 'ean', 'gtin'])));
  const rules: StockRules = {
    ...(settingsOf(partner.row).stock_rules ?? {}),
    buffer: partner.row.stockBuffer,
  };
  const atp = new Map<string, number>();
  for (const sku of skus) {
    atp.set(
      sku,
      (await inventoryOf(env, sku).levels()).reduce((n, l) => n + l.atp, 0),
    );
  }
  const advice: InventoryAdvice = {
    reference: `INV-${new Date(now).toISOString().slice(0, 16).replace(/\D/g, '')}`,
    date: new Date(now).toISOString().slice(0, 10),
    items: listed.map((listing) => ({
      productIds: productIdsOf(partner, listing, upcs),
      available: quantityToList(atp.get(listing.sku) ?? 0, rules),
      unit: 'EA',
    })),
  };
  const result = await sendDocument(env, db, partner, {
    type: '846',
    sets: [write846(advice)],
    parsed: advice,
  });
  return result.ok;
}

function productIdsOf(
  partner: Partner,
  listing: typeof listings.$inferSelect,
  barcodes: (typeof skuBarcodes.$inferSelect)[],
): ProductId[] {
  const ofSku = barcodes.filter((b) => b.sku === listing.sku);
  const idFor: Record<string, string | undefined> = {
    UP: ofSku.find((b) => b.kind === 'upc')?.barcode,
    EN: ofSku.find((b) => b.kind === 'ean')?.barcode,
    VP: listing.sku,
    VN: listing.sku,
    BP: listing.channelSku,
    IN: listing.channelSku,
  };
  const ids = partner.config.item_qualifiers.flatMap((q) =>
    idFor[q] ? [{ qualifier: q, id: idFor[q]! }] : [],
  );
  // Every line names at least our part number, so the partner can always tell the items apart.
  return ids.length > 0 ? ids : [{ qualifier: 'VP', id: listing.sku }];
}
