import type { Database } from '../../db/client';
import { pushTrackingToChannel } from './channel-adapters/push-tracking';
import type { DomainEvent, DomainEventType } from './domain-events';
import { sendShipmentDocuments } from './edi/ship-notice';
import { enqueueWebhookDeliveries } from './outbound-webhooks/enqueue-deliveries';
import { cancelDropshipPosOfOrder } from './purchase-orders/cancel-order-pos';
import { alertLowStock, alertNewOrder } from './push/alert-facts';

export type EventHandler = (env: Env, db: Database, event: DomainEvent) => Promise<void>;

/**
 * Who reacts to which event. Each feature adds its handler here; a handler that throws makes the queue
 * redeliver the event to every handler of it, so each must be idempotent on `event.id`.
 */
export const EVENT_HANDLERS: Partial<Record<DomainEventType, EventHandler[]>> = {
  'shipment.shipped': [pushTrackingToChannel, sendShipmentDocuments, enqueueWebhookDeliveries],
  'order.created': [alertNewOrder, enqueueWebhookDeliveries],
  'order.cancelled': [cancelDropshipPosOfOrder, enqueueWebhookDeliveries],
  'return.received': [enqueueWebhookDeliveries],
  'stock.changed': [alertLowStock, enqueueWebhookDeliveries],
};

export async function dispatchEvent(env: Env, db: Database, event: DomainEvent) {
  const handlers = EVENT_HANDLERS[event.type] ?? [];
  const results = await Promise.allSettled(handlers.map((handle) => handle(env, db, event)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
