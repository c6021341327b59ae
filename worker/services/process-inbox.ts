import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { exceptions, webhookInbox } from '../../db/schema';
import { shopifyConnector } from '../domain/channels/shopify';
import { isShopifyReturnTopic, type ShopifyReturnTopic } from '../domain/channels/shopify-return';
import { ChannelPayloadError } from '../domain/channels/types';
import { newId } from '../domain/ids';
import { applyChannelOrder } from './apply-channel-order';
import { adapterOf } from './channel-adapters';
import type { InboxOutcome } from './channel-adapters/types';
import { channelWithConfig } from './channels';
import { applyChannelRefund } from './returns/apply-channel-refund';
import { applyChannelReturn } from './returns/apply-channel-return';

type Row = typeof webhookInbox.$inferSelect;

const ORDER_TOPICS = ['orders/create', 'orders/updated', 'orders/cancelled'];
const REFUND_TOPIC = 'refunds/create';

async function finish(db: Database, id: string, status: Row['status'], error?: string) {
  await db
    .update(webhookInbox)
    .set({ status, error: error ?? null, processedAt: new Date().toISOString() })
    .where(eq(webhookInbox.id, id));
}

async function recordFailure(db: Database, row: Row, message: string) {
  await finish(db, row.id, 'failed', message);
  await db.insert(exceptions).values({
    id: newId('exc'),
    kind: 'channel_payload',
    status: 'open',
    channel: row.channel,
    message: `A ${row.topic} delivery could not be read: ${message}`,
    details: { inbox_id: row.id, delivery_id: row.deliveryId },
  });
}

/**
 * Processes one stored delivery; safe to run again for the same row (at-least-once queue). A payload that
 * cannot be read becomes an exception, not a retry; anything else throws so the queue retries it.
 */
export async function processInboxRow(env: Env, db: Database, id: string) {
  const row = await db.query.webhookInbox.findFirst({ where: eq(webhookInbox.id, id) });
  if (row?.status !== 'pending') return;
  await db
    .update(webhookInbox)
    .set({ attempts: row.attempts + 1 })
    .where(eq(webhookInbox.id, id));
  const channel = await channelWithConfig<Record<string, unknown>>(env, db, row.channel);
  const adapter = channel && channel.row.type !== 'shopify' ? adapterOf(channel.row.type) : undefined;
  if (channel && adapter?.processInbox) {
    return processWithAdapter(env, db, row, () =>
      adapter.processInbox!(env, db, { code: channel.row.code, config: channel.config }, row),
    );
  }
  if (row.topic === REFUND_TOPIC) return processRefund(db, row);
  if (isShopifyReturnTopic(row.topic)) return processReturn(env, db, row, row.topic);
  if (!ORDER_TOPICS.includes(row.topic)) {
    await finish(db, id, 'ignored', `topic ${row.topic} is stored, not processed`);
    return;
  }
  let incoming: ReturnType<ReturnType<typeof shopifyConnector>['normalizeOrder']>;
  try {
    incoming = shopifyConnector().normalizeOrder(row.body);
  } catch (err) {
    if (err instanceof ChannelPayloadError) return recordFailure(db, row, err.message);
    throw err;
  }
  if (row.topic === 'orders/cancelled') incoming = { ...incoming, status: 'cancelled' };
  const outcome = await applyChannelOrder(env, db, row.channel, incoming);
  await finish(db, id, 'processed', outcome === 'stale' ? 'older than the version held' : undefined);
}

/** Another channel's delivery: its adapter reads it (fetching the order for a thin event), then each order is applied. */
async function processWithAdapter(env: Env, db: Database, row: Row, read: () => Promise<InboxOutcome>) {
  let outcome: InboxOutcome;
  try {
    outcome = await read();
  } catch (err) {
    if (err instanceof ChannelPayloadError) return recordFailure(db, row, err.message);
    if (err instanceof SyntaxError) return recordFailure(db, row, 'the body is not JSON');
    throw err;
  }
  if ('ignored' in outcome) return finish(db, row.id, 'ignored', outcome.ignored);
  const applied = [];
  for (const order of outcome.orders) applied.push(await applyChannelOrder(env, db, row.channel, order));
  await finish(
    db,
    row.id,
    'processed',
    applied.every((a) => a === 'stale') ? 'older than the version held' : undefined,
  );
}

/** A channel refund: linked to its order's return; an order not captured yet throws, so the queue retries. */
async function processRefund(db: Database, row: Row) {
  let outcome: Awaited<ReturnType<typeof applyChannelRefund>>;
  try {
    outcome = await applyChannelRefund(db, row.channel, JSON.parse(row.body));
  } catch (err) {
    if (err instanceof ChannelPayloadError) return recordFailure(db, row, err.message);
    if (err instanceof SyntaxError) return recordFailure(db, row, 'the body is not JSON');
    throw err;
  }
  await finish(db, row.id, 'processed', outcome === 'duplicate' ? 'refund already recorded' : undefined);
}

/** A channel return event: its RMA made or moved; a decision about a return not requested yet throws (retried). */
async function processReturn(env: Env, db: Database, row: Row, topic: ShopifyReturnTopic) {
  let applied: Awaited<ReturnType<typeof applyChannelReturn>>;
  try {
    applied = await applyChannelReturn(env, db, row.channel, topic, JSON.parse(row.body));
  } catch (err) {
    if (err instanceof ChannelPayloadError) return recordFailure(db, row, err.message);
    if (err instanceof SyntaxError) return recordFailure(db, row, 'the body is not JSON');
    throw err;
  }
  const note = applied.outcome === 'unmatched' ? 'no line matched the order' : applied.note;
  await finish(db, row.id, 'processed', note);
}

/** Deliveries whose queue message was lost (the send failed after the row was stored): queued again. */
export async function requeueStuckDeliveries(env: Env, db: Database, now = Date.now()) {
  const stuck = await db
    .select({ id: webhookInbox.id })
    .from(webhookInbox)
    .where(
      and(
        eq(webhookInbox.status, 'pending'),
        lt(webhookInbox.receivedAt, new Date(now - 120_000).toISOString()),
      ),
    )
    .limit(100);
  if (stuck.length) await env.INBOX.sendBatch(stuck.map((s) => ({ body: { inbox_id: s.id } })));
  return stuck.length;
}

/** Deliveries that failed every retry: marked failed with an exception a person can act on. */
export async function deadLetter(db: Database, ids: string[]) {
  if (ids.length === 0) return;
  const rows = await db
    .select()
    .from(webhookInbox)
    .where(and(inArray(webhookInbox.id, ids), eq(webhookInbox.status, 'pending')));
  for (const row of rows) await recordFailure(db, row, 'processing kept failing after retries');
}
