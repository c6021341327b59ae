import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { webhookDeliveries } from '../../../db/schema';
import { sendToQueue } from './enqueue-deliveries';

const GRACE_MS = 5 * 60_000;

/**
 * Cron: pending deliveries whose queue message was lost (never attempted five minutes after they were made,
 * or five minutes past their next attempt) are queued again. Returns how many.
 */
export async function requeueLostDeliveries(env: Env, db: Database, now: number) {
  const before = new Date(now - GRACE_MS).toISOString();
  const lost = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, 'pending'),
        or(
          and(eq(webhookDeliveries.attempts, 0), lt(webhookDeliveries.createdAt, before)),
          lt(sql`coalesce(${webhookDeliveries.nextAttemptAt}, '9999')`, before),
        ),
      ),
    )
    .limit(500);
  await sendToQueue(
    env,
    lost.map((d) => d.id),
  );
  return lost.length;
}
