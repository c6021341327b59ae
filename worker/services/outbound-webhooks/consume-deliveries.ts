import type { Database } from '../../../db/client';
import type { DeliveryMessage } from './enqueue-deliveries';
import { MAX_ATTEMPTS, retryDelaySeconds, sendDelivery } from './send-delivery';

/**
 * The switchyard-webhooks-out consumer: each delivery alone; a failed send is retried by the queue after a
 * growing delay, until its last attempt marks it failed (it can still be redelivered by hand).
 */
export async function consumeDeliveries(batch: MessageBatch<unknown>, env: Env, db: Database) {
  await Promise.all(
    batch.messages.map(async (m) => {
      try {
        const outcome = await sendDelivery(env, db, m.body as DeliveryMessage);
        if (
          typeof outcome === 'object' &&
          outcome.attempts < MAX_ATTEMPTS &&
          !(m.body as DeliveryMessage).redeliver
        ) {
          m.retry({ delaySeconds: retryDelaySeconds(outcome.attempts) });
        } else {
          m.ack();
        }
      } catch (err) {
        console.error(
          JSON.stringify({ level: 'error', message: 'webhook delivery failed', error: String(err) }),
        );
        m.retry({ delaySeconds: retryDelaySeconds(m.attempts) });
      }
    }),
  );
}
