import { database } from '../db/client';
import { app } from './app';
import type { DomainEvent } from './services/domain-events';
import { dispatchEvent } from './services/event-handlers';
import { pruneLoginAttempts } from './services/login-throttle';
import { expireUncollectedPickups } from './services/pickup';
import { deadLetter, processInboxRow, requeueStuckDeliveries } from './services/process-inbox';
import type { InboxMessage } from './services/receive-webhook';
import { reconcileAllChannels } from './services/reconcile-stock';
import { resumeStaleCaptures } from './services/resume-captures';
import { RetryLater } from './services/retry-later';
import { runScheduledSandboxes } from './services/sandbox-orders';
import type { StockChanged } from './services/stock-events';
import { syncStock } from './services/sync-stock';

/** wrangler.toml's nightly trigger: the stock reconcile with every channel. */
const NIGHTLY = '0 3 * * *';

export { ChannelLimiterDO } from '../durable-objects/channel-limiter-do';
export { InventoryDO } from '../durable-objects/inventory-do';

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    const db = database(env);
    if (controller.cron === NIGHTLY) {
      ctx.waitUntil(reconcileAllChannels(env, db));
      return;
    }
    ctx.waitUntil(
      Promise.all([
        resumeStaleCaptures(env, db),
        requeueStuckDeliveries(env, db),
        expireUncollectedPickups(env, db),
        pruneLoginAttempts(db),
        runScheduledSandboxes(env, db, controller.scheduledTime),
      ]),
    );
  },
  async queue(batch, env) {
    const db = database(env);
    if (batch.queue === 'switchyard-stock-sync') {
      try {
        await syncStock(
          env,
          db,
          batch.messages.map((m) => (m.body as unknown as StockChanged).sku),
        );
        batch.ackAll();
      } catch (err) {
        const throttled = err instanceof RetryLater;
        const level = throttled ? 'warn' : 'error';
        console.error(JSON.stringify({ level, message: 'stock sync deferred', error: String(err) }));
        const delaySeconds = throttled ? err.seconds : 10;
        batch.retryAll({ delaySeconds });
      }
      return;
    }
    if (batch.queue === 'switchyard-events') {
      for (const m of batch.messages) {
        try {
          await dispatchEvent(env, db, m.body as unknown as DomainEvent);
          m.ack();
        } catch (err) {
          console.error(
            JSON.stringify({ level: 'error', message: 'event handler failed', error: String(err) }),
          );
          m.retry({ delaySeconds: Math.min(300, 2 ** m.attempts) });
        }
      }
      return;
    }
    if (batch.queue.endsWith('-dlq')) {
      await deadLetter(
        db,
        batch.messages.map((m) => m.body.inbox_id),
      );
      batch.ackAll();
      return;
    }
    for (const m of batch.messages) {
      try {
        await processInboxRow(env, db, m.body.inbox_id);
        m.ack();
      } catch (err) {
        console.error(
          JSON.stringify({
            level: 'error',
            message: 'inbox processing failed',
            inbox: m.body.inbox_id,
            error: String(err),
          }),
        );
        m.retry({ delaySeconds: Math.min(60, 2 ** m.attempts) });
      }
    }
  },
} satisfies ExportedHandler<Env, InboxMessage>;
