import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { webhookDeliveries, webhookSubscriptions } from '../../../db/schema';
import { newId } from '../../domain/ids';
import type { DomainEvent } from '../domain-events';

/** What the queue carries: a delivery to attempt; `redeliver` sends it again even when it was delivered. */
export interface DeliveryMessage {
  delivery_id: string;
  redeliver?: boolean;
}

/** The JSON body every subscriber receives for an event. */
export const webhookPayload = (event: DomainEvent) =>
  JSON.stringify({
    id: event.id,
    type: event.type,
    created_at: event.at,
    data: { subject: event.subject, ...event.data },
  });

/**
 * Event handler: one delivery per (active subscription to the event's type, event), queued once when its row
 * is made. A redelivered event finds its rows already there (the unique index) and queues nothing, so a
 * subscriber gets each event once; a queue send lost after the insert is picked up by requeueLostDeliveries.
 */
export async function enqueueWebhookDeliveries(env: Env, db: Database, event: DomainEvent) {
  const subscriptions = (
    await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.active, true))
  ).filter((s) => s.events.includes(event.type));
  if (subscriptions.length === 0) return;
  const payload = webhookPayload(event);
  const created = await db
    .insert(webhookDeliveries)
    .values(
      subscriptions.map((s) => ({
        id: newId('whd'),
        subscriptionId: s.id,
        eventId: event.id,
        eventType: event.type,
        payload,
        status: 'pending' as const,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id });
  await sendToQueue(
    env,
    created.map((d) => d.id),
  );
}

export async function sendToQueue(env: Env, deliveryIds: string[]) {
  for (let i = 0; i < deliveryIds.length; i += 100) {
    await env.WEBHOOKS_OUT.sendBatch(
      deliveryIds.slice(i, i + 100).map((id) => ({ body: { delivery_id: id } satisfies DeliveryMessage })),
    );
  }
}
