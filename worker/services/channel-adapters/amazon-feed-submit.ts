import type { Database } from '../../../db/client';
import {
  AMAZON_FEED_CONTENT_TYPE,
  amazonCreateFeed,
  amazonCreateFeedDocument,
  amazonListingsFeed,
} from '../../domain/channels/amazon';
import { channelBudget } from '../channel-limits';
import { RetryLater } from '../retry-later';
import type { ChannelPush } from '../sync-stock';
import { type AmazonChannel, amazonCall, amazonError } from './amazon-client';
import { attachStockFeed, claimStockFeed, releaseStockFeed } from './amazon-feed-state';
import type { ListingRow } from './types';

/** Listings per feed: their quantities ride in the pending-feed row, which must stay well under D1's row size. */
export const AMAZON_STOCK_FEED_MAX = 5_000;
/** The first look at a new feed; later ones back off (amazon-feed-poll.ts). */
const FIRST_POLL_SECONDS = 1;

/**
 * Whether the account can submit a feed now and read its report later without waiting: createFeed refills one
 * every two minutes after a burst of 15, so a busy account falls back to patchListingsItem instead of queueing.
 */
export async function amazonFeedBudgetFree(env: Env, channel: AmazonChannel): Promise<boolean> {
  const tokens = await channelBudget(env, channel.code).budgets();
  return ['amazon.createFeedDocument', 'amazon.createFeed', 'amazon.getFeedDocument'].every(
    (operation) => (tokens[operation] ?? 1) >= 1,
  );
}

/**
 * Sends these listings' quantities as one JSON_LISTINGS_FEED: claims the account's feed slot, uploads the
 * document to the pre-signed URL createFeedDocument gave, creates the feed and queues its first poll.
 * Answers false (nothing sent) when another feed holds the slot. A failure frees the slot and is thrown.
 */
export async function submitAmazonStockFeed(
  env: Env,
  db: Database,
  channel: AmazonChannel,
  marketplaceId: string,
  rows: ListingRow[],
): Promise<boolean> {
  const items = rows.slice(0, AMAZON_STOCK_FEED_MAX);
  const claim = await claimStockFeed(
    db,
    channel.code,
    items.map((r) => ({ channel_sku: r.channelSku, quantity: r.desiredQuantity ?? 0 })),
  );
  if (!claim) return false;
  let feedId: string;
  try {
    const document = amazonListingsFeed(
      channel.config.seller_id,
      items.map((r) => ({
        sku: r.external?.seller_sku ?? r.channelSku,
        quantity: r.desiredQuantity ?? 0,
        productType: r.external?.product_type,
      })),
    );
    const upload = await amazonCall(env, channel, 'amazon.createFeedDocument', amazonCreateFeedDocument());
    const target = upload.body as { feedDocumentId?: string; url?: string } | null;
    if (upload.status >= 300 || !target?.feedDocumentId || !target.url) {
      throw new Error(`createFeedDocument refused: ${amazonError(upload.body, upload.status)}`);
    }
    await uploadDocument(target.url, JSON.stringify(document));
    const created = await amazonCall(
      env,
      channel,
      'amazon.createFeed',
      amazonCreateFeed(target.feedDocumentId, [marketplaceId]),
    );
    const feed = created.body as { feedId?: string } | null;
    if (created.status >= 300 || !feed?.feedId) {
      throw new Error(`createFeed refused: ${amazonError(created.body, created.status)}`);
    }
    feedId = feed.feedId;
    await attachStockFeed(db, channel.code, claim, feedId, Date.now() + FIRST_POLL_SECONDS * 1000);
  } catch (err) {
    await releaseStockFeed(db, channel.code, claim.claimed_at);
    throw err;
  }
  // Lost, this message leaves the feed overdue, and the account's next push queues the poll again.
  await env.CHANNEL_PUSH.send({ channel: channel.code, feed: feedId } satisfies ChannelPush, {
    delaySeconds: FIRST_POLL_SECONDS,
  });
  return true;
}

/** PUT to Amazon's pre-signed S3 URL: no SP-API token, the content type createFeedDocument named. */
async function uploadDocument(url: string, body: string) {
  const res = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': AMAZON_FEED_CONTENT_TYPE },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  await res.body?.cancel();
  if (res.status === 429 || res.status >= 500) throw new RetryLater(5);
  if (!res.ok) throw new Error(`the feed document upload was refused (HTTP ${res.status})`);
}
