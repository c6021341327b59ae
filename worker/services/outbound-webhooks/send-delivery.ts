import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { webhookDeliveries, webhookSubscriptions } from '../../../db/schema';
import type { DeliveryMessage } from './enqueue-deliveries';
import { signatureHeader } from './signature';
import { signingSecret } from './subscriptions';

const TIMEOUT_MS = 10_000;
/** Attempts in all: the first send and the queue's 8 retries (wrangler.toml max_retries). */
export const MAX_ATTEMPTS = 9;

/** Seconds before the retry after `attempt` failed sends: 2, 8, 32, 128, 512, 2048, then hourly. */
export const retryDelaySeconds = (attempt: number) => Math.min(3600, 2 ** (2 * attempt - 1));

export type SendOutcome = 'delivered' | 'skipped' | { failed: string; attempts: number };

/**
 * One attempt to POST a delivery to its subscriber, signed with the subscription's secret; any 2xx is
 * delivered. Records the attempt either way. A delivery already delivered (or whose subscription is gone)
 * is skipped unless it is a manual redelivery.
 */
export async function sendDelivery(env: Env, db: Database, message: DeliveryMessage): Promise<SendOutcome> {
  const [row] = await db
    .select({ delivery: webhookDeliveries, subscription: webhookSubscriptions })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(eq(webhookDeliveries.id, message.delivery_id));
  if (!row || (row.delivery.status === 'delivered' && !message.redeliver)) return 'skipped';
  const { delivery, subscription } = row;
  const now = Math.floor(Date.now() / 1000);
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(subscription.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Switchyard-Webhooks/1',
        'switchyard-signature': await signatureHeader(
          await signingSecret(env, subscription),
          delivery.payload,
          now,
        ),
        'switchyard-event-id': delivery.eventId,
        'switchyard-event-type': delivery.eventType,
        'switchyard-delivery-id': delivery.id,
      },
      body: delivery.payload,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
    status = res.status;
    await res.body?.cancel();
    if (!res.ok) error = `HTTP ${res.status}`;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const attempts = delivery.attempts + 1;
  const at = new Date().toISOString();
  await db
    .update(webhookDeliveries)
    .set(
      error === null
        ? {
            status: 'delivered',
            attempts: sql`${webhookDeliveries.attempts} + 1`,
            lastStatus: status,
            lastError: null,
            deliveredAt: at,
            nextAttemptAt: null,
          }
        : {
            attempts: sql`${webhookDeliveries.attempts} + 1`,
            lastStatus: status,
            lastError: error.slice(0, 500),
            ...(delivery.status === 'delivered'
              ? {}
              : { status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending' }),
            nextAttemptAt:
              attempts >= MAX_ATTEMPTS
                ? null
                : new Date(Date.now() + retryDelaySeconds(attempts) * 1000).toISOString(),
          },
    )
    .where(eq(webhookDeliveries.id, delivery.id));
  return error === null ? 'delivered' : { failed: error, attempts };
}
