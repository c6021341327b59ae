import { and, asc, eq, gte } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { counters, exceptions, notificationOutbox, orders } from '../../../db/schema';
import { currencyExponent } from '../../domain/money';
import type { DomainEvent } from '../domain-events';
import { inventoryOf } from '../stock';
import { isLowStock } from './alert-kinds';
import { deliverAlerts } from './deliver-alerts';

type OutboxValues = typeof notificationOutbox.$inferInsert;

/** Writes the alert once (its id is derived from the fact) and sends it at once; the notifier retries nothing. */
async function raise(env: Env, db: Database, values: OutboxValues) {
  await db.insert(notificationOutbox).values(values).onConflictDoNothing();
  await deliverAlerts(env, db, [values.id]);
}

const money = (minor: number, currency: string) => {
  const exp = currencyExponent(currency);
  return `${(minor / 10 ** exp).toFixed(exp)} ${currency}`;
};

/** order.created: a new-order alert (sellers by default). */
export async function alertNewOrder(env: Env, db: Database, event: DomainEvent) {
  const order = await db.query.orders.findFirst({ where: eq(orders.id, event.subject) });
  if (!order) return;
  const who = order.customerName ? ` from ${order.customerName}` : '';
  await raise(env, db, {
    id: `ntf_${event.id}`,
    topic: 'order.created',
    entity: 'order',
    entityId: order.id,
    message: `${money(order.total, order.currency)} on ${order.channel}${who}`,
    payload: { external_id: order.externalId, channel: order.channel },
  });
}

const lowFlag = (sku: string) => `alerts.low_stock:${sku}`;

/**
 * stock.changed: alerts once when a SKU falls to its safety stock (see `isLowStock`); the flag kept in
 * `counters` is cleared when stock recovers, so the next fall alerts again.
 */
export async function alertLowStock(env: Env, db: Database, event: DomainEvent) {
  const sku = event.subject;
  const levels = await inventoryOf(env, sku).levels();
  if (!isLowStock(levels)) {
    await db.delete(counters).where(eq(counters.name, lowFlag(sku)));
    return;
  }
  const flagged = await db
    .insert(counters)
    .values({ name: lowFlag(sku), value: 1 })
    .onConflictDoNothing()
    .returning({ name: counters.name });
  if (flagged.length === 0) return;
  const available = levels.reduce((s, l) => s + l.available, 0);
  const safety = levels.reduce((s, l) => s + l.safety_stock, 0);
  await raise(env, db, {
    id: `ntf_${event.id}`,
    topic: 'stock.low',
    entity: 'sku',
    entityId: sku,
    message: `${available} available against a safety stock of ${safety}`,
    payload: { available, safety_stock: safety },
  });
}

const EXCEPTIONS_SEEN = 'alerts.exceptions_seen_at';
// With no watermark yet (first run), exceptions of the last minutes still count as new.
const FIRST_LOOK_BACK_MS = 10 * 60_000;

/**
 * Exceptions are opened in many places; the notifier finds the new ones from a watermark (creation time,
 * in `counters`). Rows at the watermark are looked at again, harmlessly: each alert id is the exception's.
 */
export async function alertNewExceptions(db: Database, now: number) {
  const mark = await db.query.counters.findFirst({ where: eq(counters.name, EXCEPTIONS_SEEN) });
  const since = new Date(mark?.value ?? now - FIRST_LOOK_BACK_MS).toISOString();
  const fresh = await db
    .select()
    .from(exceptions)
    .where(and(gte(exceptions.createdAt, since), eq(exceptions.status, 'open')))
    .orderBy(asc(exceptions.createdAt))
    .limit(200);
  if (fresh.length === 0) return 0;
  const rows: OutboxValues[] = fresh.map((e) => ({
    id: `ntf_exception.opened:${e.id}`,
    topic: 'exception.opened',
    entity: 'exception',
    entityId: e.id,
    message: e.message,
    payload: { kind: e.kind, sku: e.sku, order_id: e.orderId },
  }));
  for (let i = 0; i < rows.length; i += 10) {
    await db
      .insert(notificationOutbox)
      .values(rows.slice(i, i + 10))
      .onConflictDoNothing();
  }
  const last = Date.parse(fresh.at(-1)!.createdAt);
  await db
    .insert(counters)
    .values({ name: EXCEPTIONS_SEEN, value: last })
    .onConflictDoUpdate({ target: counters.name, set: { value: last } });
  return fresh.length;
}
