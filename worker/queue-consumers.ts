import { type Database, database } from '../db/client';
import type { DomainEvent } from './services/domain-events';
import { consumeEdiOut } from './services/edi/deliver-document';
import { dispatchEvent } from './services/event-handlers';
import { consumeImports } from './services/imports/consume-imports';
import { consumeDeliveries } from './services/outbound-webhooks/consume-deliveries';
import { deadLetter, processInboxRow } from './services/process-inbox';
import type { InboxMessage } from './services/receive-webhook';
import { RetryLater } from './services/retry-later';
import type { StockChanged } from './services/stock-events';
import { syncStock } from './services/sync-stock';

type Consumer = (batch: MessageBatch<unknown>, env: Env, db: Database) => Promise<void>;

const log = (level: string, message: string, extra: Record<string, unknown>) =>
  console.error(JSON.stringify({ level, message, ...extra }));

/** Each message alone: one that fails is retried with backoff, the others are acknowledged. */
export function eachMessage<T>(
  name: string,
  handle: (body: T, env: Env, db: Database) => Promise<void>,
  maxDelaySeconds = 300,
): Consumer {
  return async (batch, env, db) => {
    for (const m of batch.messages) {
      try {
        await handle(m.body as T, env, db);
        m.ack();
      } catch (err) {
        const delaySeconds =
          err instanceof RetryLater ? err.seconds : Math.min(maxDelaySeconds, 2 ** m.attempts);
        log(err instanceof RetryLater ? 'warn' : 'error', `${name} failed`, { error: String(err) });
        m.retry({ delaySeconds });
      }
    }
  };
}

/** Every queue this Worker consumes (wrangler.toml), by queue name. */
export const QUEUE_CONSUMERS: Record<string, Consumer> = {
  // outbound webhooks: each delivery alone, retried with a growing delay (consume-deliveries.ts)
  'switchyard-webhooks-out': consumeDeliveries,
  // SKUs coalesced per batch: the latest stock wins; a throttled channel hands the whole batch back
  'switchyard-stock-sync': async (batch, env, db) => {
    try {
      await syncStock(
        env,
        db,
        batch.messages.map((m) => (m.body as StockChanged).sku),
      );
      batch.ackAll();
    } catch (err) {
      const throttled = err instanceof RetryLater;
      log(throttled ? 'warn' : 'error', 'stock sync deferred', { error: String(err) });
      batch.retryAll({ delaySeconds: throttled ? err.seconds : 10 });
    }
  },
  'switchyard-events': eachMessage<DomainEvent>('event handler', (event, env, db) =>
    dispatchEvent(env, db, event),
  ),
  'switchyard-inbox': eachMessage<InboxMessage>(
    'inbox processing',
    (m, env, db) => processInboxRow(env, db, m.inbox_id),
    60,
  ),
  'switchyard-edi-out': consumeEdiOut,
  // CSV imports: one chunk of rows per message, each applied once (consume-imports.ts)
  'switchyard-imports': consumeImports,
  'switchyard-inbox-dlq': async (batch, _env, db) => {
    await deadLetter(
      db,
      batch.messages.map((m) => (m.body as InboxMessage).inbox_id),
    );
    batch.ackAll();
  },
};

export async function consumeQueue(batch: MessageBatch<unknown>, env: Env) {
  const consume = QUEUE_CONSUMERS[batch.queue];
  if (!consume) {
    log('error', 'no consumer for this queue', { queue: batch.queue });
    batch.retryAll({ delaySeconds: 300 });
    return;
  }
  await consume(batch, env, database(env));
}
