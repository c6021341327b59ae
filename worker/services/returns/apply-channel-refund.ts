import { and, desc, eq, inArray, isNull, notInArray, or } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { returnRefunds, returns } from '../../../db/schema';
import { normalizeShopifyRefund, shopifyRefundLineSkus } from '../../domain/channels/shopify';
import { newId } from '../../domain/ids';
import { returnLinesFromChannelRefund } from '../../domain/returns/channel-return';
import { returnable } from '../../domain/returns/quantities';
import { refundMismatch } from '../../domain/returns/refund';
import { findOrderByExternal } from '../../repo/orders';
import { closeIfSettled } from './close-return';
import { storeReturn } from './create-return';
import { mismatchException } from './refund-return';
import { returnPolicy } from './return-policy';
import { findChannelReturn, isDuplicateReturn, type ReturnRow, returnEvent } from './return-view';
import { orderLineFacts } from './returnable-lines';

/** The order is not captured yet (its webhook is late): the queue retries the refund later. */
export class OrderNotYetKnown extends Error {}

export type RefundOutcome = 'duplicate' | 'linked' | 'recorded';

/** The order's open return; for a refund made through a channel return, only that return or one naming none. */
async function openReturn(db: Database, orderId: string, externalReturnId?: string) {
  return db.query.returns.findFirst({
    where: and(
      eq(returns.orderId, orderId),
      notInArray(returns.status, ['rejected', 'cancelled', 'closed']),
      externalReturnId
        ? or(isNull(returns.externalReturnId), eq(returns.externalReturnId, externalReturnId))
        : undefined,
    ),
    orderBy: desc(returns.id),
  });
}

/** The return the refund pays for: the RMA of its channel return (which an open return naming none becomes). */
async function returnOfRefund(db: Database, orderId: string, channelId: string, externalReturnId?: string) {
  if (!externalReturnId) return openReturn(db, orderId);
  const known = await findChannelReturn(db, channelId, externalReturnId);
  if (known) return known;
  const open = await openReturn(db, orderId, externalReturnId);
  if (!open) return undefined;
  const adopted = await db
    .update(returns)
    .set({ externalReturnId })
    .where(and(eq(returns.id, open.id), isNull(returns.externalReturnId)))
    .returning({ id: returns.id })
    .catch((err) => {
      if (isDuplicateReturn(err)) return [];
      throw err;
    });
  return adopted.length ? open : findChannelReturn(db, channelId, externalReturnId);
}

/** The units the channel marks as returned, within what may still be returned; a new RMA when any remain. */
async function returnForRefund(db: Database, orderId: string, body: unknown, channelId: string) {
  const refund = normalizeShopifyRefund(body);
  const facts = await orderLineFacts(db, orderId);
  const mapped = returnLinesFromChannelRefund(refund.lines, shopifyRefundLineSkus(body), facts);
  const lines = mapped.lines.flatMap((l) => {
    const fact = facts.find((f) => f.id === l.orderLineId)!;
    const quantity = Math.min(l.quantity, returnable(fact));
    return quantity > 0 ? [{ orderLineId: l.orderLineId, quantity, reason: 'unspecified' as const }] : [];
  });
  if (lines.length === 0) return undefined;
  try {
    const { rma } = await storeReturn(
      db,
      {
        orderId,
        lines,
        source: 'channel',
        label: false,
        actor: `channel:${channelId}`,
        externalReturnId: refund.external_return_id,
      },
      await returnPolicy(db),
    );
    return rma;
  } catch (err) {
    // the returns/request of the same return made its RMA meanwhile
    if (refund.external_return_id && isDuplicateReturn(err))
      return findChannelReturn(db, channelId, refund.external_return_id);
    throw err;
  }
}

/**
 * A Shopify refunds/create delivery: stored once per channel refund id (a redelivery changes nothing), linked
 * to the order's open return (made from the returned lines when there is none) and to a refund we recorded
 * for it. An amount that differs from ours raises `refund_mismatch`.
 */
export async function applyChannelRefund(
  db: Database,
  channelId: string,
  body: unknown,
): Promise<RefundOutcome> {
  const refund = normalizeShopifyRefund(body);
  const order = await findOrderByExternal(db, channelId, refund.external_order_id);
  if (!order) throw new OrderNotYetKnown(`order ${refund.external_order_id} is not captured yet`);
  const actor = `channel:${channelId}`;
  const known = await db.query.returnRefunds.findFirst({
    where: and(
      eq(returnRefunds.channel, channelId),
      eq(returnRefunds.externalRefundId, refund.external_refund_id),
    ),
  });
  if (known) {
    if (known.channelAmount !== null) return 'duplicate';
    await db.batch([
      db.update(returnRefunds).set({ channelAmount: refund.amount }).where(eq(returnRefunds.id, known.id)),
      ...(refundMismatch(known.amount, refund.amount)
        ? [mismatchException(db, known, known.amount!, refund.amount, order.externalId)]
        : []),
    ]);
    return 'linked';
  }
  let rma: ReturnRow | undefined = await returnOfRefund(db, order.id, channelId, refund.external_return_id);
  const ours = rma
    ? await db.query.returnRefunds.findFirst({
        where: and(
          eq(returnRefunds.returnId, rma.id),
          isNull(returnRefunds.externalRefundId),
          inArray(returnRefunds.status, ['pushing', 'push_failed', 'manual']),
        ),
      })
    : undefined;
  if (ours) {
    const linked = await db
      .update(returnRefunds)
      .set({
        externalRefundId: refund.external_refund_id,
        channelAmount: refund.amount,
        status: ours.status === 'pushing' ? 'pushed' : 'from_channel',
      })
      .where(and(eq(returnRefunds.id, ours.id), isNull(returnRefunds.externalRefundId)))
      .returning({ id: returnRefunds.id })
      .catch((err) => {
        if (String(err).includes('UNIQUE')) return []; // a concurrent delivery of the same refund won
        throw err;
      });
    if (linked.length === 0) return 'duplicate';
    if (refundMismatch(ours.amount, refund.amount))
      await mismatchException(db, ours, ours.amount!, refund.amount, rma!.number);
  } else {
    // the refund row is the claim: only the delivery that stores it goes on to make a return
    const id = newId('rfd');
    const stored = await db
      .insert(returnRefunds)
      .values({
        id,
        returnId: rma?.id ?? null,
        orderId: order.id,
        channel: channelId,
        externalRefundId: refund.external_refund_id,
        status: 'from_channel',
        currency: refund.currency ?? order.currency,
        channelAmount: refund.amount,
        createdBy: actor,
      })
      .onConflictDoNothing()
      .returning({ id: returnRefunds.id });
    if (stored.length === 0) return 'duplicate';
    if (!rma) {
      rma = await returnForRefund(db, order.id, body, channelId);
      if (rma) await db.update(returnRefunds).set({ returnId: rma.id }).where(eq(returnRefunds.id, id));
    }
  }
  if (rma) {
    await returnEvent(db, rma.id, {
      type: 'channel_refund',
      message: `The channel refunded ${refund.amount} (refund ${refund.external_refund_id})`,
      actor,
    });
    await closeIfSettled(db, rma.id, actor);
  }
  return ours ? 'linked' : 'recorded';
}
