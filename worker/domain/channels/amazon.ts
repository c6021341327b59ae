/** Amazon SP-API connector: orders in (v0 and 2026-01-01, ORDER_CHANGE notifications), stock out (Listings). */
import { z } from 'zod';
import { amazonPatchListingsQuantity } from './amazon-listings';
import { normalizeAmazonOrder } from './amazon-orders-v0';
import { parsePayload, utcIso } from './payload';
import type { ChannelConnector } from './types';

export * from './amazon-listings';
export { marketplaceCurrency } from './amazon-marketplaces';
export * from './amazon-orders-2026';
export * from './amazon-orders-v0';

const CHANNEL = 'amazon';

export interface AmazonOrderChange {
  /** NotificationMetadata.NotificationId: the dedup key, since SQS delivers at least once. */
  notification_id: string;
  amazon_order_id: string;
  /** Amazon's own status word (Pending, Unshipped, Canceled, …). */
  order_status: string;
  /** When the order changed (OrderChangeTrigger.TimeOfOrderChange), UTC ISO. */
  updated_at: string;
}

const OrderChangeNotification = z.object({
  NotificationType: z.literal('ORDER_CHANGE'),
  EventTime: z.string(),
  Payload: z.object({
    OrderChangeNotification: z.object({
      AmazonOrderId: z.string().min(1),
      OrderChangeTrigger: z.object({ TimeOfOrderChange: z.string() }).nullish(),
      Summary: z.object({ OrderStatus: z.string() }),
    }),
  }),
  NotificationMetadata: z.object({ NotificationId: z.string().min(1) }),
});

/**
 * An ORDER_CHANGE notification (the SQS message body) reduced to what decides whether to refetch the order.
 * Falls back to EventTime when the trigger carries no time.
 */
export function parseAmazonOrderChange(notification: unknown): AmazonOrderChange {
  const n = parsePayload(CHANNEL, OrderChangeNotification, notification);
  const change = n.Payload.OrderChangeNotification;
  const changedAt = change.OrderChangeTrigger?.TimeOfOrderChange;
  return {
    notification_id: n.NotificationMetadata.NotificationId,
    amazon_order_id: change.AmazonOrderId,
    order_status: change.Summary.OrderStatus,
    updated_at: changedAt
      ? utcIso(CHANNEL, 'Payload.OrderChangeNotification.OrderChangeTrigger.TimeOfOrderChange', changedAt)
      : utcIso(CHANNEL, 'EventTime', n.EventTime),
  };
}

export interface AmazonOrderPayload {
  /** One element of getOrders `payload.Orders`. */
  order: unknown;
  /** Every getOrderItems response page for that order. */
  itemPages: unknown[];
}

/**
 * Amazon's connector for one seller and marketplace. There are no HTTP webhooks to verify: notifications come
 * through SQS or EventBridge, authenticated by AWS, so verifyWebhook refuses everything. Listings have no
 * idempotency key; a repeated absolute quantity is harmless, so the key is unused.
 */
export function amazonConnector(config: {
  sellerId: string;
  marketplaceId: string;
  productType?: string;
}): ChannelConnector<AmazonOrderPayload> {
  return {
    channel: CHANNEL,
    verifyWebhook: async () => false,
    normalizeOrder: ({ order, itemPages }) => normalizeAmazonOrder(order, ...itemPages),
    inventoryPush: (items) =>
      items.map((item) =>
        amazonPatchListingsQuantity(config.sellerId, item.listingId, config.marketplaceId, item.quantity, {
          productType: config.productType,
        }),
      ),
  };
}
