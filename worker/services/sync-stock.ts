import { and, asc, eq, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import { runBatch, type Statement } from '../../db/batch';
import type { Database } from '../../db/client';
import { channels, listings } from '../../db/schema';
import { quantityToList, type StockRules } from '../domain/channels/listed-quantity';
import { adapterOf } from './channel-adapters';
import { pollAmazonStockFeed } from './channel-adapters/amazon-feed-poll';
import { pendingStockFeed, releaseStockFeed } from './channel-adapters/amazon-feed-state';
import { recordRefused } from './channel-adapters/listing-push-results';
import { domainEvent, publishEvents } from './domain-events';
import { RetryLater } from './retry-later';
import { inventoryOf } from './stock';

/**
 * One channel's stock push (queue `switchyard-channel-push`): its listings whose quantity differs from what it
 * shows, read when the message is handled, so changes coalesce and the latest value wins. With `feed`: a bulk
 * feed the channel is still processing, to look at again (Amazon).
 */
export interface ChannelPush {
  channel: string;
  feed?: string;
}

/**
 * For each changed SKU: what every listing of it should show (available to promise under the channel's stock
 * rules), stored as its desired quantity; then one push message per channel with a listing to update. The
 * pushes run apart, so a throttled or failing channel is retried alone and holds back no other.
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
  const updates: Statement[] = [];
  const withWork = new Set<string>();
  for (const { listing, channel } of rows) {
    const rules = (channel.settings as { stock_rules?: StockRules } | null)?.stock_rules ?? {};
    const desired = quantityToList(atp.get(listing.sku) ?? 0, { ...rules, buffer: channel.stockBuffer });
    const due = desired !== listing.pushedQuantity && listing.external !== null;
    // A listing the channel refused waits for a change of its SKU: this is one, so it is tried again.
    if (desired !== listing.desiredQuantity || (due && listing.syncError !== null)) {
      updates.push(
        db
          .update(listings)
          .set({ desiredQuantity: desired, syncError: null })
          .where(and(eq(listings.channel, listing.channel), eq(listings.channelSku, listing.channelSku))),
      );
    }
    if (due) withWork.add(channel.code);
  }
  await runBatch(db, updates);
  if (withWork.size === 0) return;
  await env.CHANNEL_PUSH.sendBatch([...withWork].map((channel) => ({ body: { channel } as ChannelPush })));
}

/** Listings of the channel to push: linked, with a quantity it does not show yet and no refusal standing. */
export const listingsToPush = (db: Database, channelId: string) =>
  db
    .select()
    .from(listings)
    .where(
      and(
        eq(listings.channel, channelId),
        isNotNull(listings.external),
        isNotNull(listings.desiredQuantity),
        or(isNull(listings.pushedQuantity), ne(listings.desiredQuantity, listings.pushedQuantity)),
        isNull(listings.syncError),
      ),
    )
    // zero-outs first: they are what prevents an oversell
    .orderBy(sql`${listings.desiredQuantity} <> 0`, asc(listings.channelSku));

/**
 * Handles one channel push: pushes what the channel should show through its adapter, or looks at its pending
 * feed. A paused or deleted channel gets nothing. Throws (RetryLater when throttled) for the queue to retry.
 */
export async function pushChannelStock(env: Env, db: Database, push: ChannelPush) {
  const channel = await db.query.channels.findFirst({ where: eq(channels.code, push.channel) });
  if (!channel) return;
  if (push.feed) {
    if (channel.type === 'amazon') await pollAmazonStockFeed(env, db, channel.code, push.feed);
    return;
  }
  const pushStock = adapterOf(channel.type)?.pushStock;
  if (channel.status !== 'active' || !pushStock) return;
  const rows = await listingsToPush(db, channel.code);
  if (rows.length > 0) await pushStock(env, db, channel.code, rows);
}

/** Why the channel's last push attempt did not go through, for its health view and the final exception. */
export async function recordPushTrouble(db: Database, push: ChannelPush, error: unknown) {
  const lastError =
    error instanceof RetryLater
      ? `Stock push deferred: throttled or unavailable, ${error.message}`
      : `Stock push failed: ${error instanceof Error ? error.message : String(error)}`;
  await db.update(channels).set({ lastError }).where(eq(channels.code, push.channel));
}

/**
 * A push that failed every retry (dead-letter queue): the listings it did not update become one
 * `sync_failure` naming them, with the channel's last error; a pending feed it was polling is let go.
 */
export async function stockPushGaveUp(db: Database, push: ChannelPush) {
  const channel = await db.query.channels.findFirst({ where: eq(channels.code, push.channel) });
  if (!channel) return;
  if (push.feed) {
    const pending = await pendingStockFeed(db, channel.code);
    if (pending?.feed_id === push.feed) await releaseStockFeed(db, channel.code, pending.claimed_at);
  }
  const rows = await listingsToPush(db, channel.code);
  const reason = channel.lastError ?? 'no answer';
  await recordRefused(db, channel.code, rows, {
    message: reason,
    exception: `Stock push to ${channel.name} failed on every retry (${reason}): ${rows.length} listing(s) not updated`,
    details: { listings: rows.map((r) => r.channelSku), ...(push.feed ? { feed: push.feed } : {}) },
  });
}
