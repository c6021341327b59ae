import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { type notificationOutbox, returns } from '../../../db/schema';
import type { PushAlert } from './send-push';

type OutboxRow = typeof notificationOutbox.$inferSelect;
type Payload = Record<string, unknown> | null;

const path = (...parts: string[]) => `/${parts.map(encodeURIComponent).join('/')}`;

/**
 * The notification for an outbox row, or null when it no longer needs anyone (a return already decided)
 * or its topic is not an alert.
 */
export async function alertFor(db: Database, row: OutboxRow): Promise<PushAlert | null> {
  const payload = row.payload as Payload;
  switch (row.topic) {
    case 'return.awaiting_approval': {
      const rma = await db.query.returns.findFirst({ where: eq(returns.id, row.entityId) });
      if (rma?.status !== 'requested') return null;
      return {
        title: `Return ${rma.number} waits for your approval`,
        body: row.message,
        url: path('returns', rma.id),
        tag: `return:${rma.id}`,
      };
    }
    case 'order.created':
      return {
        title: `New order ${String(payload?.external_id ?? row.entityId)}`,
        body: row.message,
        url: path('orders', row.entityId),
        tag: `order:${row.entityId}`,
      };
    case 'exception.opened':
      return {
        title: `Exception: ${String(payload?.kind ?? 'needs a look').replaceAll('_', ' ')}`,
        body: row.message,
        url: `/exceptions?id=${encodeURIComponent(row.entityId)}`,
        tag: `exception:${row.entityId}`,
      };
    case 'stock.low':
      return {
        title: `Low stock: ${row.entityId}`,
        body: row.message,
        url: `/lookup?code=${encodeURIComponent(row.entityId)}`,
        tag: `stock:${row.entityId}`,
      };
    default:
      return null;
  }
}
