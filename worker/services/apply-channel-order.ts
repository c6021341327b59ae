import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { channels, exceptions, orderEvents, orders } from '../../db/schema';
import type { ChannelOrder } from '../domain/channels/types';
import { newId } from '../domain/ids';
import { ApiError } from '../http/errors';
import { findOrderByExternal } from '../repo/orders';
import { cancelOrder } from './cancel-order';
import { captureOrder } from './capture-order';

export type ApplyOutcome = 'created' | 'updated' | 'cancelled' | 'stale';

/**
 * Applies one version of a channel order. A version older than (or the same as) the one we hold changes
 * nothing, so duplicate and reordered deliveries give one correct order. An unseen order is captured even
 * when its first delivery is an update; a cancellation releases its stock.
 */
export async function applyChannelOrder(
  env: Env,
  db: Database,
  channelId: string,
  incoming: ChannelOrder,
): Promise<ApplyOutcome> {
  const actor = `channel:${channelId}`;
  let order = await findOrderByExternal(db, channelId, incoming.order.external_id);
  let created = false;
  if (!order) {
    created = (await captureOrder(env, db, { ...incoming.order, channel: channelId }, actor)).created;
    order = (await findOrderByExternal(db, channelId, incoming.order.external_id))!;
    if (created)
      await db
        .update(channels)
        .set({ lastOrderAt: new Date().toISOString() })
        .where(eq(channels.code, channelId));
  }
  const held = order.channelUpdatedAt;
  if (!created && held && incoming.updated_at <= held) return 'stale';
  const claimed = await db
    .update(orders)
    .set({ channelUpdatedAt: incoming.updated_at })
    .where(
      and(
        eq(orders.id, order.id),
        held ? eq(orders.channelUpdatedAt, held) : isNull(orders.channelUpdatedAt),
      ),
    )
    .returning({ id: orders.id });
  if (claimed.length === 0) return 'stale'; // a newer version landed meanwhile
  if (incoming.status === 'cancelled') {
    if (order.status !== 'cancelled') await cancelFromChannel(env, db, order.id, channelId);
    return 'cancelled';
  }
  if (!created) await noteChannelEdit(db, order.id, channelId, incoming);
  return created ? 'created' : 'updated';
}

/** A cancellation the channel sends after the order left (or is leaving) becomes an exception, not an error. */
async function cancelFromChannel(env: Env, db: Database, orderId: string, channelId: string) {
  try {
    await cancelOrder(env, db, orderId, `channel:${channelId}`, 'cancelled on the channel');
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 409) throw err;
    await db.insert(exceptions).values({
      id: newId('exc'),
      kind: 'cancel_refused',
      status: 'open',
      orderId,
      channel: channelId,
      message: `The channel cancelled this order, but it can no longer be cancelled here: ${err.message}`,
    });
  }
}

/** Line edits after capture need a person (stock may already be picked): record them, never apply blindly. */
async function noteChannelEdit(db: Database, orderId: string, channelId: string, incoming: ChannelOrder) {
  const request = (await db.query.orders.findFirst({ where: eq(orders.id, orderId) }))?.request as
    | { lines: { sku: string; quantity: number }[] }
    | undefined;
  const key = (lines: { sku: string; quantity: number }[]) =>
    JSON.stringify(lines.map((l) => [l.sku, l.quantity]).sort());
  const now = new Date().toISOString();
  const edited = request && key(request.lines) !== key(incoming.order.lines);
  await db.batch([
    db.insert(orderEvents).values({
      id: newId('evt'),
      orderId,
      at: now,
      type: 'channel_update',
      message: edited ? 'Updated on the channel: its lines changed' : 'Updated on the channel',
      actor: `channel:${channelId}`,
    }),
    ...(edited
      ? [
          db.insert(exceptions).values({
            id: newId('exc'),
            kind: 'order_edited',
            status: 'open',
            orderId,
            channel: channelId,
            message: `The channel changed the lines of this order after capture; check it before it ships`,
            details: { lines: incoming.order.lines },
          }),
        ]
      : []),
  ]);
}
