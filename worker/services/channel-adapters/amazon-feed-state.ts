import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { channelCursors } from '../../../db/schema';

/**
 * The stock feed an Amazon account is processing, kept in `channel_cursors` under its own stream: at most one
 * per account, so a listing is never in two feeds (Amazon does not promise to apply feeds in order), and a
 * retried push or a lost poll finds it instead of submitting it again.
 */
export interface PendingStockFeed {
  /** Amazon's feed id; null while the feed is being submitted. */
  feed_id: string | null;
  /** Epoch ms the feed was claimed: its age decides how often to poll and when to give up. */
  claimed_at: number;
  /** Message i + 1 of the feed set listing `listings[i]` to its quantity. */
  listings: { channel_sku: string; quantity: number }[];
}

const STREAM = 'stock_feed';
const rowOf = (channelId: string) =>
  and(eq(channelCursors.channel, channelId), eq(channelCursors.stream, STREAM));
/** The slot as this claim left it: a stale caller never touches a newer claim. */
const claimOf = (channelId: string, claimedAt: number) =>
  and(rowOf(channelId), sql`json_extract(${channelCursors.cursor}, '$.claimed_at') = ${claimedAt}`);

/** The account's pending stock feed and when it is next due to be polled, or null. */
export async function pendingStockFeed(
  db: Database,
  channelId: string,
): Promise<(PendingStockFeed & { next_poll_at: number | null }) | null> {
  const row = await db.query.channelCursors.findFirst({ where: rowOf(channelId) });
  if (!row?.cursor) return null;
  const nextPollAt = row.nextPollAt ? Date.parse(row.nextPollAt) : null;
  return { ...(JSON.parse(row.cursor) as PendingStockFeed), next_poll_at: nextPollAt };
}

/** Claims the account's one feed slot for these listings; null when another feed holds it. */
export async function claimStockFeed(
  db: Database,
  channelId: string,
  listings: PendingStockFeed['listings'],
): Promise<PendingStockFeed | null> {
  const feed: PendingStockFeed = { feed_id: null, claimed_at: Date.now(), listings };
  const claimed = await db
    .insert(channelCursors)
    .values({ channel: channelId, stream: STREAM, cursor: JSON.stringify(feed) })
    .onConflictDoNothing()
    .returning({ channel: channelCursors.channel });
  return claimed.length === 1 ? feed : null;
}

/** Records Amazon's id for the claimed feed, and when to look at it first. */
export async function attachStockFeed(
  db: Database,
  channelId: string,
  claim: PendingStockFeed,
  feedId: string,
  pollAt: number,
) {
  await db
    .update(channelCursors)
    .set({
      cursor: JSON.stringify({ ...claim, feed_id: feedId } satisfies PendingStockFeed),
      nextPollAt: new Date(pollAt).toISOString(),
    })
    .where(claimOf(channelId, claim.claimed_at));
}

/** When the pending feed is next looked at: a poll message that was lost shows as overdue. */
export async function nextStockFeedPoll(db: Database, channelId: string, claimedAt: number, pollAt: number) {
  await db
    .update(channelCursors)
    .set({ nextPollAt: new Date(pollAt).toISOString(), polledAt: new Date().toISOString() })
    .where(claimOf(channelId, claimedAt));
}

/** Frees the account's feed slot (the feed is settled, failed to submit, or was given up). */
export async function releaseStockFeed(db: Database, channelId: string, claimedAt: number) {
  await db.delete(channelCursors).where(claimOf(channelId, claimedAt));
}
