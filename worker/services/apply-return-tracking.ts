import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { returns } from '../../db/schema';
import type { TrackingUpdate } from '../domain/carriers/types';
import { checkReturnTransition } from '../domain/returns/return-status';
import { returnEvent } from './returns/return-view';

/** Tracking statuses that mean the carrier has the parcel. */
export const SCANNED = ['in_transit', 'out_for_delivery', 'delivered'];

/**
 * A tracking update for a return label: the customer's parcel is on its way back, so a return whose label
 * was sent moves to `in_transit`; every update lands on the return's timeline. Null when no return has
 * this tracking code.
 */
export async function applyReturnTracking(db: Database, source: string, update: TrackingUpdate) {
  const rma = await db.query.returns.findFirst({
    where: eq(returns.labelTrackingCode, update.tracking_code),
  });
  if (!rma) return null;
  const moves = SCANNED.includes(update.status) && checkReturnTransition(rma.status, 'in_transit').ok;
  const now = new Date().toISOString();
  await db.batch([
    returnEvent(db, rma.id, {
      type: `tracking_${update.status}`,
      message: `${update.carrier} ${update.tracking_code}: ${update.status.replaceAll('_', ' ')}${update.location ? ` in ${update.location}` : ''}`,
      actor: source,
    }),
    ...(moves
      ? [
          db
            .update(returns)
            .set({ status: 'in_transit', updatedAt: now })
            .where(and(eq(returns.id, rma.id), eq(returns.status, rma.status))),
        ]
      : []),
  ]);
  return { applied: true, reason: null };
}
