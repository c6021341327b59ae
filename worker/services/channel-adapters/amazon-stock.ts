import type { Database } from '../../../db/client';
import { amazonPatchListingsQuantity } from '../../domain/channels/amazon';
import { channelWithConfig, settingsOf } from '../channels';
import type { ChannelPush } from '../sync-stock';
import { type AmazonChannel, type AmazonConfig, amazonCall, amazonError } from './amazon-client';
import { pendingStockFeed, releaseStockFeed } from './amazon-feed-state';
import { amazonFeedBudgetFree, submitAmazonStockFeed } from './amazon-feed-submit';
import { recordPushed, recordRefused } from './listing-push-results';
import type { ListingRow } from './types';

/** More listings than this in one push go as a JSON_LISTINGS_FEED; this many or fewer by patchListingsItem. */
export const AMAZON_FEED_ABOVE = 10;
// Each push patches at most this many (two seconds of the default 5/s) and hands the rest to a new push,
// so a queue batch never waits long on Amazon's pace while other channels' pushes wait behind it.
const PATCHES_PER_PUSH = 10;
// A pending feed whose poll is this late lost its poll message (the next push queues it again); a claim this
// old that never got a feed id was left by a push that died mid-way.
const POLL_LOST_MS = 5 * 60 * 1000;

const zeroOutsFirst = (a: ListingRow, b: ListingRow) =>
  Number((a.desiredQuantity ?? 0) !== 0) - Number((b.desiredQuantity ?? 0) !== 0);

/**
 * Publishes each listing's quantity (fulfillment_availability): many at once as one JSON_LISTINGS_FEED (checked
 * later by its processing report, amazon-feed-poll.ts), otherwise with patchListingsItem within the account's
 * budget, zero-outs first. Listings in a feed Amazon is still processing wait for it: feeds are not applied in
 * a promised order. Amazon queues an ACCEPTED patch, which is recorded as pushed; an INVALID one becomes a
 * `sync_failure` for that listing alone. Listings push only with `external` set: `seller_sku` (default: the
 * channel SKU), and optionally `marketplace_id` and `product_type`.
 */
export async function pushAmazonStock(env: Env, db: Database, channelId: string, rows: ListingRow[]) {
  const found = await channelWithConfig<AmazonConfig>(env, db, channelId);
  if (!found) return;
  const channel = { code: channelId, config: found.config, overrides: settingsOf(found.row).rate_limits };
  let pending = await pendingStockFeed(db, channelId);
  if (pending && !pending.feed_id && pending.claimed_at < Date.now() - POLL_LOST_MS) {
    // claimed by a push that died before Amazon named the feed: nothing of it was submitted
    await releaseStockFeed(db, channelId, pending.claimed_at);
    pending = null;
  }
  if (pending?.feed_id && (pending.next_poll_at ?? 0) < Date.now() - POLL_LOST_MS) {
    await env.CHANNEL_PUSH.send({ channel: channelId, feed: pending.feed_id } satisfies ChannelPush);
  }
  const inFeed = new Set(pending?.listings.map((l) => l.channel_sku));
  let items = rows.filter((r) => r.external && !inFeed.has(r.channelSku)).sort(zeroOutsFirst);
  const marketplace = found.config.marketplace_ids[0]!;
  const feedable = items.filter((r) => (r.external?.marketplace_id ?? marketplace) === marketplace);
  if (
    !pending &&
    feedable.length > AMAZON_FEED_ABOVE &&
    (await amazonFeedBudgetFree(env, channel)) &&
    (await submitAmazonStockFeed(env, db, channel, marketplace, feedable))
  ) {
    const fed = new Set(feedable.map((r) => r.channelSku));
    items = items.filter((r) => !fed.has(r.channelSku));
  }
  for (const row of items.slice(0, PATCHES_PER_PUSH)) await patchQuantity(env, db, channel, row);
  if (items.length > PATCHES_PER_PUSH) {
    await env.CHANNEL_PUSH.send({ channel: channelId } satisfies ChannelPush);
  }
}

async function patchQuantity(env: Env, db: Database, channel: AmazonChannel, row: ListingRow) {
  const req = amazonPatchListingsQuantity(
    channel.config.seller_id,
    row.external?.seller_sku ?? row.channelSku,
    row.external?.marketplace_id ?? channel.config.marketplace_ids[0]!,
    row.desiredQuantity ?? 0,
    { productType: row.external?.product_type },
  );
  const res = await amazonCall(env, channel, 'amazon.patchListingsItem', req);
  if (res.status < 300 && (res.body as { status?: string } | null)?.status === 'ACCEPTED') {
    return recordPushed(db, channel.code, [row]);
  }
  const message = amazonError(res.body, res.status);
  await recordRefused(db, channel.code, [row], {
    message,
    exception: `Amazon refused the stock update for ${row.channelSku}: ${message}`,
    details: { listings: [row.channelSku], quantity: row.desiredQuantity ?? 0 },
  });
}
