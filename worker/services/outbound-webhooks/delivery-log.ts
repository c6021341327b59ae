import { and, desc, eq, lt } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { webhookDeliveries, webhookSubscriptions } from '../../../db/schema';
import { ApiError } from '../../http/errors';
import { auditInsert } from '../../repo/audit';
import type { DeliveryMessage } from './enqueue-deliveries';

type DeliveryRow = typeof webhookDeliveries.$inferSelect;

const deliveryView = (d: DeliveryRow) => ({
  id: d.id,
  subscription_id: d.subscriptionId,
  event_id: d.eventId,
  event_type: d.eventType,
  status: d.status,
  attempts: d.attempts,
  last_status: d.lastStatus,
  last_error: d.lastError,
  next_attempt_at: d.nextAttemptAt,
  delivered_at: d.deliveredAt,
  created_at: d.createdAt,
  payload: JSON.parse(d.payload) as unknown,
});

/** A subscription's deliveries, newest first, with a cursor; 404 when there is no such subscription. */
export async function deliveryLog(db: Database, subscriptionId: string, limit: number, cursor?: string) {
  const [subscription] = await db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.id, subscriptionId));
  if (!subscription) throw new ApiError(404, 'not_found', 'No such webhook subscription');
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        cursor ? lt(webhookDeliveries.id, cursor) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { data: page.map(deliveryView), next_cursor: rows.length > limit ? page.at(-1)!.id : null };
}

/** Queues a delivery to be sent again, as it was first built, whatever its status; 404 when there is none. */
export async function redeliver(env: Env, db: Database, id: string, actor: string) {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  if (!row) throw new ApiError(404, 'not_found', 'No such webhook delivery');
  await auditInsert(db, {
    actor,
    action: 'webhook_delivery.redeliver',
    entity: 'webhook_delivery',
    entityId: id,
  });
  await env.WEBHOOKS_OUT.send({ delivery_id: id, redeliver: true } satisfies DeliveryMessage);
  return deliveryView(row);
}
