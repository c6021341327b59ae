import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { channelCursors, channels } from '../../../db/schema';
import { applyChannelOrder } from '../apply-channel-order';
import { channelWithConfig } from '../channels';
import { RetryLater } from '../retry-later';
import { pollChannelReturns } from '../returns/poll-channel-returns';
import { adapterOf } from './index';

/** Pages one channel may read per cron tick, so a large backlog is spread over minutes, not one run. */
const MAX_PAGES_PER_TICK = 5;

/**
 * The cron's pass over channels without webhooks (Amazon, Etsy, Walmart, eBay): each reads its orders
 * changed since its cursor, applies them like webhook deliveries (so a replay is harmless), and moves the
 * cursor only after the page is applied, then reads its returns where the adapter can (Amazon, eBay). A
 * throttled channel waits until its Retry-After.
 */
export async function pollChannels(env: Env, db: Database, now = Date.now()) {
  const active = await db
    .select({ code: channels.code, type: channels.type })
    .from(channels)
    .where(eq(channels.status, 'active'));
  for (const { code, type } of active) {
    if (!adapterOf(type)?.pollOrders) continue;
    await pollChannel(env, db, code, now).catch((err) =>
      console.error(
        JSON.stringify({ level: 'error', message: 'poll failed', channel: code, error: String(err) }),
      ),
    );
    // after the orders, in turn: a return of an order captured in this tick finds it, and one token serves both
    if (!adapterOf(type)?.pollReturns) continue;
    await pollChannelReturns(env, db, code, now).catch((err) =>
      console.error(
        JSON.stringify({ level: 'error', message: 'returns poll failed', channel: code, error: String(err) }),
      ),
    );
  }
}

export async function pollChannel(env: Env, db: Database, channelId: string, now = Date.now()) {
  const channel = await channelWithConfig<Record<string, unknown>>(env, db, channelId);
  const poll = channel && adapterOf(channel.row.type)?.pollOrders;
  if (!channel || !poll) return { applied: 0 };
  const where = and(eq(channelCursors.channel, channelId), eq(channelCursors.stream, 'orders'));
  const state = await db.query.channelCursors.findFirst({ where });
  if (state?.nextPollAt && Date.parse(state.nextPollAt) > now) return { applied: 0 };
  let cursor = state?.cursor ?? null;
  let applied = 0;
  const save = (set: { cursor?: string | null; nextPollAt?: string | null; lastError?: string | null }) =>
    db
      .insert(channelCursors)
      .values({ channel: channelId, stream: 'orders', cursor, polledAt: new Date(now).toISOString(), ...set })
      .onConflictDoUpdate({
        target: [channelCursors.channel, channelCursors.stream],
        set: { polledAt: new Date(now).toISOString(), ...set },
      });
  try {
    for (let page = 0; page < MAX_PAGES_PER_TICK; page++) {
      const result = await poll(env, db, { code: channelId, config: channel.config }, cursor);
      for (const order of result.orders) {
        await applyChannelOrder(env, db, channelId, order);
        applied++;
      }
      cursor = result.cursor;
      await save({ cursor, nextPollAt: null, lastError: null });
      if (!result.more) break;
    }
  } catch (err) {
    if (err instanceof RetryLater) {
      await save({ nextPollAt: new Date(now + err.seconds * 1000).toISOString() });
      return { applied };
    }
    await save({ lastError: String(err) });
    await db
      .update(channels)
      .set({ lastError: `Order polling failed: ${String(err)}` })
      .where(eq(channels.code, channelId));
    throw err;
  }
  if (applied > 0) {
    await db.update(channels).set({ lastError: sql`NULL` }).where(eq(channels.code, channelId));
  }
  return { applied };
}
