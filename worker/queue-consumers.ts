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
import {
  type ChannelPush,
  pushChannelStock,
  recordPushTrouble,
  stockPushGaveUp,
  syncStock,
} from './services/sync-stock';

type Consumer = (batch: MessageBatch<unknown>, env: Env, db: Database) => Promise<void>;

const log = (level: string, message: string, extra: Record<string, unknown>) =>
  console.error(JSON.stringify({ level, message, ...extra }));

const retryDelay = (err: unknown, attempts: number, maxDelaySeconds: number) =>
  err instanceof RetryLater ? err.seconds : Math.min(maxDelaySeconds, 2 ** attempts);

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
        const delaySeconds = retryDelay(err, m.attempts, maxDelaySeconds);
        log(err instanceof RetryLater ? 'warn' : 'error', `${name} failed`, { error: String(err) });
        m.retry({ delaySeconds });
      }
    }
  };
}

const pushKey = (push: ChannelPush) => `${push.channel}\n${push.feed ?? ''}`;

/**
 * Stock pushes side by side, one per channel (duplicates in a batch push once): a channel that is throttled
 * or down is retried alone, after its Retry-After or a growing delay, and the others are acknowledged.
 */
export const consumeChannelPushes: Consumer = async (batch, env, db) => {
  const byTarget = Map.groupBy(batch.messages, (m) => pushKey(m.body as ChannelPush));
  await Promise.all(
    [...byTarget.values()].map(async (messages) => {
      const push = messages[0]!.body as ChannelPush;
      try {
        await pushChannelStock(env, db, push);
        for (const m of messages) m.ack();
      } catch (err) {
        const last = messages.reduce((a, b) => (b.attempts > a.attempts ? b : a));
        const delaySeconds = retryDelay(err, last.attempts, 300);
        log(err instanceof RetryLater ? 'warn' : 'error', 'stock push deferred', {
          channel: push.channel,
          error: String(err),
        });
        await recordPushTrouble(db, push, err).catch(() => {});
        // one retry carries the channel's push; its duplicates are done
        for (const m of messages) m === last ? m.retry({ delaySeconds }) : m.ack();
      }
    }),
  );
};

/** Every queue this Worker consumes (wrangler.toml), by queue name. */
export const QUEUE_CONSUMERS: Record<string, Consumer> = {
  // outbound webhooks: each delivery alone, retried with a growing delay (consume-deliveries.ts)
  'switchyard-webhooks-out': consumeDeliveries,
  // SKUs coalesced per batch: what each listing should show, then one push message per channel
  'switchyard-stock-sync': async (batch, env, db) => {
    try {
      await syncStock(
        env,
        db,
        batch.messages.map((m) => (m.body as StockChanged).sku),
      );
      batch.ackAll();
    } catch (err) {
      log('error', 'stock sync deferred', { error: String(err) });
      batch.retryAll({ delaySeconds: 10 });
    }
  },
  'switchyard-channel-push': consumeChannelPushes,
  // a push that failed every retry: its listings become a sync_failure exception
  'switchyard-channel-push-dlq': async (batch, _env, db) => {
    const pushes = new Map(
      batch.messages.map((m) => [pushKey(m.body as ChannelPush), m.body as ChannelPush]),
    );
    for (const push of pushes.values()) await stockPushGaveUp(db, push);
    batch.ackAll();
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
