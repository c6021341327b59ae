import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { returns } from '../../../db/schema';
import { checkReturnTransition, type ReturnStatus } from '../../domain/returns/return-status';
import { ApiError } from '../../http/errors';
import { auditInsert } from '../../repo/audit';
import { cancelExchange } from './exchange-order';
import { pushShopifyDecision } from './push-shopify-decision';
import { buyReturnLabel } from './return-label';
import { findReturn, type ReturnRow, returnDetail, returnEvent } from './return-view';

/** Refuses a move the status machine does not allow, naming both states. */
export function guardReturn(rma: ReturnRow, to: ReturnStatus) {
  const check = checkReturnTransition(rma.status, to);
  if (!check.ok)
    throw new ApiError(409, check.code, `A return that is ${rma.status} cannot become ${to}`, {
      from: check.from,
      to: check.to,
    });
}

/** Moves the return if it is still in the state it was read in; false when someone else moved it first. */
async function move(
  db: Database,
  rma: ReturnRow,
  to: ReturnStatus,
  actor: string,
  note: string | undefined,
  decision: boolean,
) {
  const now = new Date().toISOString();
  const [moved] = await db.batch([
    db
      .update(returns)
      .set({
        status: to,
        updatedAt: now,
        ...(decision ? { decidedBy: actor, decidedAt: now, decisionNote: note ?? null } : {}),
      })
      .where(and(eq(returns.id, rma.id), eq(returns.status, rma.status)))
      .returning({ id: returns.id }),
    returnEvent(db, rma.id, {
      type: to,
      message: note ? `${to[0]!.toUpperCase()}${to.slice(1)}: ${note}` : `Return ${to}`,
      actor,
      at: now,
    }),
    auditInsert(db, { actor, action: `return.${to}`, entity: 'return', entityId: rma.id, data: { note } }),
  ]);
  if (moved.length === 0)
    throw new ApiError(409, 'return_changed', 'The return changed meanwhile; reload it and try again');
}

/** Approves a waiting return (owner or manager), then buys its label if one was asked for. */
export async function approveReturn(
  env: Env,
  db: Database,
  id: string,
  note: string | undefined,
  actor: string,
) {
  const rma = await findReturn(db, id);
  guardReturn(rma, 'approved');
  await move(db, rma, 'approved', actor, note, true);
  await pushShopifyDecision(env, db, rma, 'approved', note, actor);
  const approved = await findReturn(db, id);
  if (approved.labelRequested) await buyReturnLabel(env, db, approved, actor);
  return returnDetail(db, id);
}

/** Rejects a waiting return with a note; a replacement placed for it is cancelled. */
export async function rejectReturn(
  env: Env,
  db: Database,
  id: string,
  note: string | undefined,
  actor: string,
) {
  const rma = await findReturn(db, id);
  guardReturn(rma, 'rejected');
  await move(db, rma, 'rejected', actor, note, true);
  await pushShopifyDecision(env, db, rma, 'rejected', note, actor);
  await cancelExchange(env, db, rma, actor, 'rejected');
  return returnDetail(db, id);
}

/** Withdraws a return before anything came back; a replacement placed for it is cancelled. */
export async function cancelReturn(
  env: Env,
  db: Database,
  id: string,
  note: string | undefined,
  actor: string,
) {
  const rma = await findReturn(db, id);
  guardReturn(rma, 'cancelled');
  await move(db, rma, 'cancelled', actor, note, false);
  await cancelExchange(env, db, rma, actor, 'cancelled');
  return returnDetail(db, id);
}
