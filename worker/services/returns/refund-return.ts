import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { channels, exceptions, returnRefunds } from '../../../db/schema';
import { newId } from '../../domain/ids';
import { exceedsOrder, refundAmount, refundMismatch } from '../../domain/returns/refund';
import { REFUNDABLE_STATUSES, type ReturnStatus } from '../../domain/returns/return-status';
import { ApiError } from '../../http/errors';
import { auditInsert } from '../../repo/audit';
import { findOrder } from '../../repo/orders';
import type { RefundInput } from '../../schemas/returns';
import { closeIfSettled } from './close-return';
import { pushShopifyRefund } from './push-shopify-refund';
import { findReturn, returnDetail, returnEvent } from './return-view';

type RefundRow = typeof returnRefunds.$inferSelect;

/** The exception raised when the channel's refund and ours disagree on the amount. */
export const mismatchException = (
  db: Database,
  row: RefundRow,
  ours: number,
  theirs: number,
  number: string,
) =>
  db.insert(exceptions).values({
    id: newId('exc'),
    kind: 'refund_mismatch',
    status: 'open',
    orderId: row.orderId,
    channel: row.channel,
    message: `${number}: the channel refunded ${theirs}, we decided ${ours} (${row.currency} minor units)`,
    details: { refund_id: row.id, external_refund_id: row.externalRefundId, ours, theirs },
  });

async function refundedSoFar(db: Database, orderId: string, except?: string) {
  const [row] = await db
    .select({
      total: sql<number>`coalesce(sum(coalesce(${returnRefunds.amount}, ${returnRefunds.channelAmount})), 0)`,
    })
    .from(returnRefunds)
    .where(
      and(
        eq(returnRefunds.orderId, orderId),
        ne(returnRefunds.status, 'push_failed'),
        except ? ne(returnRefunds.id, except) : undefined,
      ),
    );
  return row?.total ?? 0;
}

/**
 * Pays a recorded refund on Shopify, keyed by our refund id so a retry replays instead of paying twice, then
 * stores the answer: `pushed` with Shopify's refund id, or `push_failed` with the reason (and, on the first
 * failure only, a `refund_failed` exception; a retry that succeeds resolves it).
 */
export async function payOnShopify(
  env: Env,
  db: Database,
  p: {
    rma: { id: string; number: string };
    order: { id: string; channel: string; externalId: string; currency: string };
    refundId: string;
    amount: number;
    note?: string | null;
    actor: string;
    retry?: boolean;
  },
) {
  const { rma, order, refundId, actor } = p;
  const pushed = await pushShopifyRefund(env, db, {
    channelId: order.channel,
    externalOrderId: order.externalId,
    amount: p.amount,
    currency: order.currency,
    note: p.note ?? rma.number,
    key: refundId,
  });
  const failedException = sql`${exceptions.kind} = 'refund_failed' AND ${exceptions.status} = 'open'
    AND json_extract(${exceptions.details}, '$.refund_id') = ${refundId}`;
  await db.batch(
    pushed.ok
      ? [
          db
            .update(returnRefunds)
            .set({ status: 'pushed', externalRefundId: pushed.refundId, error: null })
            .where(and(eq(returnRefunds.id, refundId), inArray(returnRefunds.status, ['pushing']))),
          db
            .update(exceptions)
            .set({ status: 'resolved', resolvedAt: new Date().toISOString() })
            .where(failedException),
          ...(p.retry
            ? [returnEvent(db, rma.id, { type: 'refund', message: 'The refund was paid on retry', actor })]
            : []),
        ]
      : [
          db
            .update(returnRefunds)
            .set({ status: 'push_failed', error: pushed.message })
            // a refunds/create for it may have linked it meanwhile: that answer stands
            .where(and(eq(returnRefunds.id, refundId), eq(returnRefunds.status, 'pushing'))),
          ...(p.retry
            ? []
            : [
                db.insert(exceptions).values({
                  id: newId('exc'),
                  kind: 'refund_failed',
                  status: 'open',
                  orderId: order.id,
                  channel: order.channel,
                  message: `${rma.number}: the refund could not be made on the channel: ${pushed.message}`,
                  details: { return_id: rma.id, refund_id: refundId },
                }),
              ]),
          returnEvent(db, rma.id, { type: 'refund_failed', message: pushed.message, actor }),
        ],
  );
  return pushed;
}

/**
 * Records the refund of a return and pays it through the original channel where its API allows (Shopify);
 * other channels are marked `manual`. A refund the channel already made for this return is claimed instead
 * of paid again, and a different amount raises `refund_mismatch`.
 */
export async function refundReturn(env: Env, db: Database, id: string, input: RefundInput, actor: string) {
  const rma = await findReturn(db, id);
  if (!REFUNDABLE_STATUSES.includes(rma.status as ReturnStatus))
    throw new ApiError(409, 'refund_not_allowed', `A return that is ${rma.status} cannot be refunded`, {
      status: rma.status,
    });
  const amount = refundAmount(input);
  if (!amount.ok) throw new ApiError(422, amount.code, amount.message);
  const order = (await findOrder(db, rma.orderId))!;
  const parts = {
    amount: amount.amount,
    linesAmount: input.lines_amount,
    shippingAmount: input.shipping_amount,
    restockingFee: input.restocking_fee,
    note: input.note ?? null,
  };
  const channelMade = await db.query.returnRefunds.findFirst({
    where: and(
      eq(returnRefunds.returnId, id),
      eq(returnRefunds.status, 'from_channel'),
      isNull(returnRefunds.amount),
    ),
  });
  if (exceedsOrder(order.total, await refundedSoFar(db, order.id, channelMade?.id), amount.amount))
    throw new ApiError(422, 'refund_exceeds_order', 'The refunds would exceed what the order cost', {
      order_total: order.total,
    });
  if (channelMade) {
    const mismatch = refundMismatch(amount.amount, channelMade.channelAmount);
    await db.batch([
      db.update(returnRefunds).set(parts).where(eq(returnRefunds.id, channelMade.id)),
      returnEvent(db, id, {
        type: 'refund_linked',
        message: `Refund of ${amount.amount} linked to the channel's refund ${channelMade.externalRefundId}`,
        actor,
      }),
      auditInsert(db, { actor, action: 'return.refund', entity: 'return', entityId: id, data: input }),
      ...(mismatch
        ? [mismatchException(db, channelMade, amount.amount, channelMade.channelAmount!, rma.number)]
        : []),
    ]);
    await closeIfSettled(db, id, actor);
    return returnDetail(db, id);
  }
  const channel = await db.query.channels.findFirst({ where: eq(channels.code, order.channel) });
  const pushable = channel?.type === 'shopify';
  const refundId = newId('rfd');
  await db.batch([
    db.insert(returnRefunds).values({
      id: refundId,
      returnId: id,
      orderId: order.id,
      channel: order.channel,
      status: pushable ? 'pushing' : 'manual',
      currency: order.currency,
      createdBy: actor,
      ...parts,
    }),
    returnEvent(db, id, {
      type: 'refund',
      message: pushable
        ? `Refund of ${amount.amount} ${order.currency} minor units sent to ${channel!.name}`
        : `Refund of ${amount.amount} ${order.currency} minor units to pay by hand on ${order.channel}`,
      actor,
    }),
    auditInsert(db, { actor, action: 'return.refund', entity: 'return', entityId: id, data: input }),
  ]);
  if (pushable)
    await payOnShopify(env, db, { rma, order, refundId, amount: amount.amount, note: input.note, actor });
  await closeIfSettled(db, id, actor);
  return returnDetail(db, id);
}
