import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { channels, listings } from '../../db/schema';
import { quantityToList, type StockRules } from '../domain/channels/listed-quantity';
import { adapterOf } from './channel-adapters';
import { domainEvent, publishEvents } from './domain-events';
import { inventoryOf } from './stock';

/**
 * For each changed SKU: what every listing of it should show (available to promise under the channel's
 * stock rules), then one push per channel of the listings whose number changed. The message is retried
 * when any channel failed; channels that succeeded then find nothing left to push.
 */
export async function syncStock(env: Env, db: Database, skus: string[]) {
  const unique = [...new Set(skus)];
  if (unique.length === 0) return;
  const atp = new Map(
    await Promise.all(
      unique.map(
        async (sku) => [sku, (await inventoryOf(env, sku).levels()).reduce((s, l) => s + l.atp, 0)] as const,
      ),
    ),
  );
  // Read time in the id: the same ATP seen again later is a new fact, not a duplicate of the first.
  const at = Date.now();
  await publishEvents(
    env,
    [...atp].map(([sku, units]) => domainEvent('stock.changed', sku, { sku, atp: units }, `${units}@${at}`)),
  );
  const rows = await db
    .select({ listing: listings, channel: channels })
    .from(listings)
    .innerJoin(channels, eq(channels.code, listings.channel))
    .where(and(inArray(listings.sku, unique), eq(channels.status, 'active')));
  if (rows.length === 0) return;
  const changed = new Map<string, (typeof rows)[number]['listing'][]>();
  for (const { listing, channel } of rows) {
    const rules = (channel.settings as { stock_rules?: StockRules } | null)?.stock_rules ?? {};
    const desired = quantityToList(atp.get(listing.sku) ?? 0, { ...rules, buffer: channel.stockBuffer });
    if (desired !== listing.desiredQuantity) {
      await db
        .update(listings)
        .set({ desiredQuantity: desired })
        .where(and(eq(listings.channel, listing.channel), eq(listings.channelSku, listing.channelSku)));
    }
    if (desired === listing.pushedQuantity) continue;
    changed.set(channel.code, [
      ...(changed.get(channel.code) ?? []),
      { ...listing, desiredQuantity: desired },
    ]);
  }
  // Channels are pushed side by side: one that is throttled or down must not hold back the others.
  const pushes = await Promise.allSettled(
    [...changed].map(([channelId, list]) => {
      const type = rows.find((r) => r.channel.code === channelId)!.channel.type;
      const push = adapterOf(type)?.pushStock;
      return push ? push(env, db, channelId, list) : Promise.resolve();
    }),
  );
  const failed = pushes.find((p): p is PromiseRejectedResult => p.status === 'rejected');
  if (failed) throw failed.reason;
}
