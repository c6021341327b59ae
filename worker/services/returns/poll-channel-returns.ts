import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { channelCursors } from '../../../db/schema';
import { adapterOf } from '../channel-adapters/index';
import { channelWithConfig } from '../channels';
import { RetryLater } from '../retry-later';
import { applyMarketplaceReturn, type MarketplaceReturnOutcome } from './apply-marketplace-return';

const STREAM = 'returns';
/** Pages one channel may read per cron tick. */
const MAX_PAGES_PER_TICK = 5;

/**
 * One channel's returns since its `returns` cursor (kept beside its orders cursor): each return becomes or
 * updates its RMA, and the cursor moves only after its page is applied, so a crash replays a page harmlessly.
 * The adapter says when to look again (a report still being made); a 429 waits until its Retry-After.
 */
export async function pollChannelReturns(env: Env, db: Database, channelId: string, now = Date.now()) {
  const counts: Record<MarketplaceReturnOutcome, number> = {
    created: 0,
    updated: 0,
    unchanged: 0,
    unmatched: 0,
  };
  const channel = await channelWithConfig<Record<string, unknown>>(env, db, channelId);
  const poll = channel && adapterOf(channel.row.type)?.pollReturns;
  if (!channel || !poll) return counts;
  const where = and(eq(channelCursors.channel, channelId), eq(channelCursors.stream, STREAM));
  const state = await db.query.channelCursors.findFirst({ where });
  if (state?.nextPollAt && Date.parse(state.nextPollAt) > now) return counts;
  let cursor = state?.cursor ?? null;
  const polledAt = new Date(now).toISOString();
  const save = (set: { cursor?: string | null; nextPollAt?: string | null; lastError?: string | null }) =>
    db
      .insert(channelCursors)
      .values({ channel: channelId, stream: STREAM, cursor, polledAt, ...set })
      .onConflictDoUpdate({
        target: [channelCursors.channel, channelCursors.stream],
        set: { polledAt, ...set },
      });
  try {
    for (let page = 0; page < MAX_PAGES_PER_TICK; page++) {
      const result = await poll(env, db, { code: channelId, config: channel.config }, cursor, now);
      for (const ret of result.returns) counts[await applyMarketplaceReturn(env, db, channelId, ret)]++;
      cursor = result.cursor;
      const next = result.nextPollInSeconds
        ? new Date(now + result.nextPollInSeconds * 1000).toISOString()
        : null;
      await save({ cursor, nextPollAt: next, lastError: result.problem ?? null });
      if (!result.more) break;
    }
  } catch (err) {
    if (err instanceof RetryLater) {
      await save({ nextPollAt: new Date(now + err.seconds * 1000).toISOString() });
      return counts;
    }
    await save({ lastError: String(err) });
    throw err;
  }
  return counts;
}
