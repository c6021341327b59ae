import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { notificationOutbox } from '../../../db/schema';
import { alertFor } from './alert-content';
import { TOPIC_ALERTS } from './alert-kinds';
import { devicesWanting } from './alert-recipients';
import { type PushOutcome, sendPush, type Vapid, vapidKeys } from './send-push';

type OutboxRow = typeof notificationOutbox.$inferSelect;
export type DeliveryTally = Record<PushOutcome | 'alerts' | 'dropped', number>;

// An alert still pending after a day (push was not set up, or the notifier was down) is no longer news.
const STALE_MS = 24 * 3600_000;
const BATCH = 50;

const emptyTally = (): DeliveryTally => ({ alerts: 0, sent: 0, gone: 0, failed: 0, dropped: 0 });

/**
 * Claims the row (marks it delivered) before sending, so two notifiers never push it twice: an alert is
 * sent at most once, and a crash mid-send loses it rather than doubling it.
 */
async function deliverRow(db: Database, vapid: Vapid, row: OutboxRow, now: number, tally: DeliveryTally) {
  const claimed = await db
    .update(notificationOutbox)
    .set({ deliveredAt: new Date(now).toISOString() })
    .where(and(eq(notificationOutbox.id, row.id), isNull(notificationOutbox.deliveredAt)))
    .returning({ id: notificationOutbox.id });
  if (claimed.length === 0) return;
  const kind = TOPIC_ALERTS[row.topic];
  const alert = kind && now - Date.parse(row.createdAt) < STALE_MS ? await alertFor(db, row) : null;
  if (!kind || !alert) {
    tally.dropped++;
    return;
  }
  tally.alerts++;
  const devices = await devicesWanting(db, kind);
  const outcomes = await Promise.all(devices.map((d) => sendPush(db, vapid, d, alert)));
  for (const o of outcomes) tally[o]++;
}

function report(tally: DeliveryTally) {
  if (tally.failed > 0 || tally.gone > 0) {
    console.error(JSON.stringify({ level: 'warn', message: 'push alerts not all delivered', ...tally }));
  }
  return tally;
}

/** Sends these outbox rows now (right after they were written); null when push is not set up. */
export async function deliverAlerts(env: Env, db: Database, ids: string[], now = Date.now()) {
  const vapid = vapidKeys(env);
  if (!vapid || ids.length === 0) return null;
  const rows = await db
    .select()
    .from(notificationOutbox)
    .where(and(inArray(notificationOutbox.id, ids), isNull(notificationOutbox.deliveredAt)));
  const tally = emptyTally();
  for (const row of rows) await deliverRow(db, vapid, row, now, tally);
  return report(tally);
}

/** The notifier: every pending alert in the outbox, oldest first, a batch per run; null when push is not set up. */
export async function deliverPendingAlerts(env: Env, db: Database, now = Date.now()) {
  const vapid = vapidKeys(env);
  if (!vapid) return null;
  const rows = await db
    .select()
    .from(notificationOutbox)
    .where(
      and(
        isNull(notificationOutbox.deliveredAt),
        inArray(notificationOutbox.topic, Object.keys(TOPIC_ALERTS)),
      ),
    )
    .orderBy(asc(notificationOutbox.createdAt), asc(notificationOutbox.id))
    .limit(BATCH);
  const tally = emptyTally();
  for (const row of rows) await deliverRow(db, vapid, row, now, tally);
  return report(tally);
}
