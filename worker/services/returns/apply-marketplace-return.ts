import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { exceptions, returnRefunds, returns } from '../../../db/schema';
import { newId } from '../../domain/ids';
import {
  type MarketplaceReturn,
  marketplaceMove,
  matchReturnLines,
} from '../../domain/returns/marketplace-return';
import { returnable } from '../../domain/returns/quantities';
import { refundMismatch } from '../../domain/returns/refund';
import type { ReturnStatus } from '../../domain/returns/return-status';
import { ApiError } from '../../http/errors';
import { auditInsert } from '../../repo/audit';
import { findOrderByExternal } from '../../repo/orders';
import { closeIfSettled } from './close-return';
import { storeReturn } from './create-return';
import { cancelReturn } from './decide-return';
import { mismatchException } from './refund-return';
import { returnPolicy } from './return-policy';
import { findChannelReturn, isDuplicateReturn, type ReturnRow, returnEvent } from './return-view';
import { orderLineFacts } from './returnable-lines';

export type MarketplaceReturnOutcome = 'created' | 'updated' | 'unchanged' | 'unmatched';

/** A `return_unmatched` exception, raised once per channel return however often a poll sees it again. */
async function raiseOnce(
  db: Database,
  channelId: string,
  ret: MarketplaceReturn,
  orderId: string | null,
  message: string,
  details: Record<string, unknown>,
) {
  const open = await db
    .select({ id: exceptions.id })
    .from(exceptions)
    .where(
      and(
        eq(exceptions.kind, 'return_unmatched'),
        eq(exceptions.channel, channelId),
        eq(exceptions.status, 'open'),
        sql`json_extract(${exceptions.details}, '$.external_return_id') = ${ret.external_return_id}`,
      ),
    )
    .limit(1);
  if (open.length) return;
  await db.insert(exceptions).values({
    id: newId('exc'),
    kind: 'return_unmatched',
    status: 'open',
    orderId,
    channel: channelId,
    message: `Return ${ret.external_return_id} of order ${ret.external_order_id}: ${message}`,
    details: {
      external_return_id: ret.external_return_id,
      external_order_id: ret.external_order_id,
      ...details,
    },
  });
}

/** The RMA of a return seen for the first time, from the lines that match; the rest is one exception. */
async function createRma(
  db: Database,
  channelId: string,
  ret: MarketplaceReturn,
  orderId: string,
): Promise<ReturnRow | undefined> {
  const facts = await orderLineFacts(db, orderId);
  const match = matchReturnLines(
    ret.lines,
    facts.map((f) => ({ id: f.id, channelSku: f.channelSku, returnable: returnable(f) })),
  );
  if (match.unmatched.length || match.exceeded.length) {
    const parts = [
      ...match.unmatched.map((u) => `${u.channel_sku ?? `item ${u.item_id}`} matches no line of the order`),
      ...match.exceeded.map((e) => `${e.channel_sku}: ${e.requested} returned, ${e.returnable} returnable`),
    ];
    await raiseOnce(db, channelId, ret, orderId, parts.join('; '), {
      unmatched: match.unmatched,
      exceeded: match.exceeded,
    });
  }
  if (match.lines.length === 0) return undefined;
  try {
    await storeReturn(
      db,
      {
        orderId,
        lines: match.lines,
        source: 'channel',
        label: false,
        actor: `channel:${channelId}`,
        externalReturnId: ret.external_return_id,
      },
      await returnPolicy(db),
    );
    return findChannelReturn(db, channelId, ret.external_return_id);
  } catch (err) {
    // an overlapping poll stored the same return first
    if (isDuplicateReturn(err)) return findChannelReturn(db, channelId, ret.external_return_id);
    // another return claimed the same units between our check and the insert
    if (!(err instanceof ApiError)) throw err;
    await raiseOnce(db, channelId, ret, orderId, err.message, {
      problem: err.code,
      ...(err.details as object),
    });
    return undefined;
  }
}

/** Moves the RMA where the channel's state leads, when the status machine allows it from where it is. */
async function follow(env: Env, db: Database, rma: ReturnRow, ret: MarketplaceReturn, actor: string) {
  const to = marketplaceMove(rma.status as ReturnStatus, ret.state);
  if (!to) return false;
  const note = `${ret.channel_status} on the channel`;
  if (to === 'cancelled') {
    await cancelReturn(env, db, rma.id, note, actor);
    return true;
  }
  const now = new Date().toISOString();
  const moved = await db
    .update(returns)
    .set({ status: to, updatedAt: now })
    .where(and(eq(returns.id, rma.id), eq(returns.status, rma.status)))
    .returning({ id: returns.id });
  if (moved.length === 0) return false;
  await db.batch([
    returnEvent(db, rma.id, { type: to, message: `The buyer shipped it (${note})`, actor, at: now }),
    auditInsert(db, { actor, action: `return.${to}`, entity: 'return', entityId: rma.id, data: { note } }),
  ]);
  return true;
}

/**
 * The channel's refund for this return, as Shopify's are: one `from_channel` row per channel return (a later
 * poll with a larger amount updates it), or our own unpaid refund claimed by it. A different amount than ours
 * raises `refund_mismatch`. Returns true when something changed.
 */
async function linkRefund(
  db: Database,
  channelId: string,
  rma: ReturnRow,
  ret: MarketplaceReturn,
  actor: string,
) {
  if (!ret.refund) return false;
  const externalRefundId = `return:${ret.external_return_id}`;
  const known = await db.query.returnRefunds.findFirst({
    where: and(eq(returnRefunds.channel, channelId), eq(returnRefunds.externalRefundId, externalRefundId)),
  });
  if (known) {
    if (known.channelAmount === ret.refund.amount) return false;
    await db
      .update(returnRefunds)
      .set({ channelAmount: ret.refund.amount })
      .where(eq(returnRefunds.id, known.id));
  } else {
    const ours = await db.query.returnRefunds.findFirst({
      where: and(
        eq(returnRefunds.returnId, rma.id),
        isNull(returnRefunds.externalRefundId),
        inArray(returnRefunds.status, ['manual', 'push_failed']),
      ),
    });
    if (ours) {
      await db
        .update(returnRefunds)
        .set({ externalRefundId, channelAmount: ret.refund.amount, status: 'from_channel' })
        .where(and(eq(returnRefunds.id, ours.id), isNull(returnRefunds.externalRefundId)));
      if (refundMismatch(ours.amount, ret.refund.amount))
        await mismatchException(db, ours, ours.amount!, ret.refund.amount, rma.number);
    } else {
      const stored = await db
        .insert(returnRefunds)
        .values({
          id: newId('rfd'),
          returnId: rma.id,
          orderId: rma.orderId,
          channel: channelId,
          externalRefundId,
          status: 'from_channel',
          currency: ret.refund.currency,
          channelAmount: ret.refund.amount,
          createdBy: actor,
        })
        .onConflictDoNothing()
        .returning({ id: returnRefunds.id });
      if (stored.length === 0) return false;
    }
  }
  await returnEvent(db, rma.id, {
    type: 'channel_refund',
    message: `The channel refunded ${ret.refund.amount} ${ret.refund.currency} (return ${ret.external_return_id})`,
    actor,
  });
  await closeIfSettled(db, rma.id, actor);
  return true;
}

/**
 * A marketplace return (Amazon report row, eBay return) as one RMA: made the first time its id is seen on the
 * order (source `channel`, within what may still be returned), then moved where the channel's later state
 * allows and linked to the refund the channel reports. Seeing it again changes nothing. A return of an order
 * we do not hold, or lines that match nothing, raise one `return_unmatched` exception.
 */
export async function applyMarketplaceReturn(
  env: Env,
  db: Database,
  channelId: string,
  ret: MarketplaceReturn,
): Promise<MarketplaceReturnOutcome> {
  const actor = `channel:${channelId}`;
  const order = await findOrderByExternal(db, channelId, ret.external_order_id);
  if (!order) {
    await raiseOnce(db, channelId, ret, null, 'no such order from this channel', {
      problem: 'order_unknown',
    });
    return 'unmatched';
  }
  let rma: ReturnRow | undefined = await findChannelReturn(db, channelId, ret.external_return_id);
  const created = !rma;
  if (!rma) {
    rma = await createRma(db, channelId, ret, order.id);
    if (!rma) return 'unmatched';
  }
  const moved = await follow(env, db, rma, ret, actor);
  const refunded = await linkRefund(db, channelId, rma, ret, actor);
  if (created) return 'created';
  return moved || refunded ? 'updated' : 'unchanged';
}
