import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { returnRefunds, returns } from '../../../db/schema';
import { auditInsert } from '../../repo/audit';
import { guardReturn } from './decide-return';
import { findReturn, returnEvent } from './return-view';

/** Refunds that settled the customer: made or reported by the channel, or to be paid by hand. */
export const SETTLED_REFUNDS = ['pushed', 'manual', 'from_channel'] as const;

/** Closes an inspected return once it is refunded or exchanged; anything else leaves it as it is. */
export async function closeIfSettled(db: Database, id: string, actor: string) {
  const rma = await findReturn(db, id);
  if (rma.status !== 'inspected') return;
  const refund = await db.query.returnRefunds.findFirst({
    where: and(eq(returnRefunds.returnId, id), inArray(returnRefunds.status, [...SETTLED_REFUNDS])),
  });
  if (!refund && !rma.exchangeOrderId) return;
  const now = new Date().toISOString();
  await db.batch([
    db
      .update(returns)
      .set({ status: 'closed', updatedAt: now })
      .where(and(eq(returns.id, id), eq(returns.status, 'inspected'))),
    returnEvent(db, id, {
      type: 'closed',
      message: refund ? 'Every unit dispositioned and refunded' : 'Every unit dispositioned; exchanged',
      actor,
      at: now,
    }),
    auditInsert(db, { actor, action: 'return.closed', entity: 'return', entityId: id }),
  ]);
}

/** Closes an inspected return on the channel's word; any other state is refused (`illegal_transition`). */
export async function closeReturn(db: Database, id: string, note: string, actor: string) {
  const rma = await findReturn(db, id);
  guardReturn(rma, 'closed');
  const now = new Date().toISOString();
  await db.batch([
    db
      .update(returns)
      .set({ status: 'closed', updatedAt: now })
      .where(and(eq(returns.id, id), eq(returns.status, rma.status))),
    returnEvent(db, id, { type: 'closed', message: `Closed: ${note}`, actor, at: now }),
    auditInsert(db, { actor, action: 'return.closed', entity: 'return', entityId: id, data: { note } }),
  ]);
}
