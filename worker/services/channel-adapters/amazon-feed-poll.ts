import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { listings } from '../../../db/schema';
import {
  amazonGetFeed,
  amazonGetFeedDocument,
  type ListingsFeedOutcome,
  listingsFeedOutcome,
  parseAmazonFeed,
} from '../../domain/channels/amazon';
import { channelWithConfig, settingsOf } from '../channels';
import type { ChannelPush } from '../sync-stock';
import { type AmazonChannel, type AmazonConfig, amazonCall, amazonError } from './amazon-client';
import {
  nextStockFeedPoll,
  type PendingStockFeed,
  pendingStockFeed,
  releaseStockFeed,
} from './amazon-feed-state';
import { recordPushed, recordRefused } from './listing-push-results';
import type { ListingRow } from './types';

/** Amazon processes most feeds within minutes; one still not done after this is given up. */
const GIVE_UP_MS = 2 * 60 * 60 * 1000;
const MAX_POLL_SECONDS = 60;
// D1 binds at most 100 parameters per statement.
const IN_CHUNK = 90;

/**
 * Looks at the account's pending stock feed: while Amazon works on it, polls again later (a new message, so
 * waiting spends no retries); once DONE, reads the processing report and records each listing as pushed or
 * refused (`sync_failure`), frees the slot and queues a push for whatever changed meanwhile or is unconfirmed.
 * A FATAL feed refuses all its listings; a CANCELLED one is pushed again. A poll for a settled feed does nothing.
 */
export async function pollAmazonStockFeed(env: Env, db: Database, channelId: string, feedId: string) {
  const pending = await pendingStockFeed(db, channelId);
  if (pending?.feed_id !== feedId) return;
  const found = await channelWithConfig<AmazonConfig>(env, db, channelId);
  if (!found) return releaseStockFeed(db, channelId, pending.claimed_at);
  const channel = { code: channelId, config: found.config, overrides: settingsOf(found.row).rate_limits };
  const res = await amazonCall(env, channel, 'amazon.getFeed', amazonGetFeed(feedId));
  if (res.status >= 300) throw new Error(`getFeed ${feedId}: ${amazonError(res.body, res.status)}`);
  const feed = parseAmazonFeed(res.body);
  const age = Date.now() - pending.claimed_at;
  if (feed.status === 'IN_QUEUE' || feed.status === 'IN_PROGRESS') {
    if (age > GIVE_UP_MS) {
      const hours = GIVE_UP_MS / 3_600_000;
      return settle(env, db, channelId, pending, {
        failed: `Amazon had not processed stock feed ${feedId} after ${hours} h`,
      });
    }
    // Back off with the feed's age: a fresh one is often done within seconds, a slow one takes minutes.
    const seconds = Math.min(MAX_POLL_SECONDS, Math.max(1, Math.ceil(age / 2000)));
    await nextStockFeedPoll(db, channelId, pending.claimed_at, Date.now() + seconds * 1000);
    await env.CHANNEL_PUSH.send({ channel: channelId, feed: feedId } satisfies ChannelPush, {
      delaySeconds: seconds,
    });
    return;
  }
  if (feed.status === 'CANCELLED') return settle(env, db, channelId, pending, {});
  const report = feed.reportDocumentId
    ? await processingReport(env, channel, feed.reportDocumentId)
    : { summary: {}, issues: [] };
  const outcome = listingsFeedOutcome(report, { feedId, sent: pending.listings.length });
  if (feed.status === 'FATAL') {
    const reason = outcome.feedError ?? [...outcome.refused.values()][0] ?? 'no reason given';
    return settle(env, db, channelId, pending, {
      failed: `Amazon could not process stock feed ${feedId}: ${reason}`,
    });
  }
  return settle(env, db, channelId, pending, { outcome });
}

/** Downloads the processing report from its pre-signed URL, gunzipping it when Amazon compressed it. */
async function processingReport(env: Env, channel: AmazonChannel, documentId: string): Promise<unknown> {
  const res = await amazonCall(env, channel, 'amazon.getFeedDocument', amazonGetFeedDocument(documentId));
  const doc = res.body as { url?: string; compressionAlgorithm?: string } | null;
  if (res.status >= 300 || !doc?.url) {
    throw new Error(`getFeedDocument ${documentId}: ${amazonError(res.body, res.status)}`);
  }
  const download = await fetch(doc.url, { signal: AbortSignal.timeout(30_000) });
  if (!download.ok || !download.body) {
    await download.body?.cancel();
    throw new Error(`the processing report download failed (HTTP ${download.status})`);
  }
  const bytes =
    doc.compressionAlgorithm === 'GZIP'
      ? download.body.pipeThrough(new DecompressionStream('gzip'))
      : download.body;
  return JSON.parse(await new Response(bytes).text());
}

/**
 * Records what became of the feed's listings (each accepted one as pushed at the quantity the feed carried,
 * each refused one as a `sync_failure`; `failed`: all of them, in one exception; neither: nothing, as for a
 * cancelled feed), frees the slot and queues the account's next push: listings held back while the feed was
 * pending, changed since, or left unconfirmed go out then. Refused ones wait for their next change.
 */
async function settle(
  env: Env,
  db: Database,
  channelId: string,
  pending: PendingStockFeed,
  result: { outcome?: ListingsFeedOutcome; failed?: string },
) {
  const rows = await listingsOf(
    db,
    channelId,
    pending.listings.map((l) => l.channel_sku),
  );
  // What the feed carried, not what is wanted now: a later change is pushed after this.
  const sent = (messageId: number) => {
    const listing = pending.listings[messageId - 1]!;
    const row = rows.get(listing.channel_sku);
    return row ? [{ ...row, desiredQuantity: listing.quantity }] : [];
  };
  if (result.failed) {
    const all = pending.listings.flatMap((_, i) => sent(i + 1));
    await recordRefused(db, channelId, all, {
      message: result.failed,
      exception: `${result.failed}: ${all.length} listing(s) not updated`,
    });
  }
  const outcome = result.outcome;
  if (outcome) {
    await recordPushed(db, channelId, outcome.accepted.flatMap(sent));
    for (const [messageId, reason] of outcome.refused) {
      for (const row of sent(messageId)) {
        await recordRefused(db, channelId, [row], {
          message: reason,
          exception: `Amazon refused the stock update for ${row.channelSku}: ${reason}`,
          details: { listings: [row.channelSku], quantity: row.desiredQuantity, feed_message: messageId },
        });
      }
    }
  }
  await releaseStockFeed(db, channelId, pending.claimed_at);
  await env.CHANNEL_PUSH.send({ channel: channelId } satisfies ChannelPush);
}

async function listingsOf(db: Database, channelId: string, channelSkus: string[]) {
  const rows = new Map<string, ListingRow>();
  for (let i = 0; i < channelSkus.length; i += IN_CHUNK) {
    const found = await db
      .select()
      .from(listings)
      .where(
        and(
          eq(listings.channel, channelId),
          inArray(listings.channelSku, channelSkus.slice(i, i + IN_CHUNK)),
        ),
      );
    for (const row of found) rows.set(row.channelSku, row);
  }
  return rows;
}
