import { and, eq, lt } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { idempotencyKeys, orders } from '../../db/schema';
import type { CreateOrderInput } from '../schemas/orders';
import { captureOrder, STALE_CLAIM_MS } from './capture-order';

const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;
const PER_RUN = 25;

/**
 * Finishes captures whose Worker died after claiming the order (the claim stores the request), so an
 * accepted order is never lost; and forgets idempotency keys older than a day. Runs from the cron.
 */
export async function resumeStaleCaptures(env: Env, db: Database, now = Date.now()) {
  const cutoff = new Date(now - STALE_CLAIM_MS).toISOString();
  const stale = await db
    .select({ id: orders.id, request: orders.request })
    .from(orders)
    .where(and(eq(orders.status, 'pending'), lt(orders.createdAt, cutoff)))
    .limit(PER_RUN);
  let resumed = 0;
  for (const o of stale) {
    try {
      await captureOrder(env, db, o.request as CreateOrderInput, 'system:resume');
      resumed++;
    } catch (err) {
      console.error(
        JSON.stringify({ level: 'error', message: 'resume failed', order: o.id, error: String(err) }),
      );
    }
  }
  await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, new Date(now - IDEMPOTENCY_KEY_TTL_MS).toISOString()));
  return resumed;
}
