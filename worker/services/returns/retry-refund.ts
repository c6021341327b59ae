import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { returnRefunds } from '../../../db/schema';
import { ApiError } from '../../http/errors';
import { auditInsert } from '../../repo/audit';
import { findOrder } from '../../repo/orders';
import { closeIfSettled } from './close-return';
import { payOnShopify } from './refund-return';
import { findReturn, returnDetail, returnEvent } from './return-view';

/** Refund states a retry leaves as they are and answers with: the retry (or the channel) already paid it. */
const ALREADY_PAID = ['pushed', 'from_channel'];

/**
 * Pays again on the channel a refund whose push failed, with the same idempotency key as the first push, so
 * Shopify replays rather than pays twice if the first call did land. Only `push_failed` is retried; a refund
 * already paid answers as it is (a repeated retry changes nothing); anything else is refused.
 */
export async function retryRefund(env: Env, db: Database, returnId: string, refundId: string, actor: string) {
  const rma = await findReturn(db, returnId);
  const refund = await db.query.returnRefunds.findFirst({
    where: and(eq(returnRefunds.id, refundId), eq(returnRefunds.returnId, returnId)),
  });
  if (!refund) throw new ApiError(404, 'refund_not_found', 'No such refund on this return');
  if (ALREADY_PAID.includes(refund.status)) return returnDetail(db, returnId);
  const refused = () =>
    new ApiError(409, 'refund_not_retryable', `A refund that is ${refund.status} cannot be retried`, {
      status: refund.status,
    });
  if (refund.status !== 'push_failed' || refund.amount === null) throw refused();
  // the claim: of two retries at once, only one pushes (and only it is recorded)
  const claimed = await db
    .update(returnRefunds)
    .set({ status: 'pushing', error: null })
    .where(and(eq(returnRefunds.id, refundId), eq(returnRefunds.status, 'push_failed')))
    .returning({ id: returnRefunds.id });
  if (claimed.length === 0) {
    throw new ApiError(409, 'refund_push_in_progress', 'Another retry of this refund is under way', {
      refund_id: refundId,
    });
  }
  await db.batch([
    returnEvent(db, returnId, { type: 'refund_retry', message: 'Refund sent to the channel again', actor }),
    auditInsert(db, {
      actor,
      action: 'return.refund_retry',
      entity: 'return',
      entityId: returnId,
      data: { refund_id: refundId },
    }),
  ]);
  const order = (await findOrder(db, refund.orderId))!;
  await payOnShopify(env, db, {
    rma,
    order,
    refundId,
    amount: refund.amount,
    note: refund.note,
    actor,
    retry: true,
  });
  await closeIfSettled(db, returnId, actor);
  return returnDetail(db, returnId);
}
