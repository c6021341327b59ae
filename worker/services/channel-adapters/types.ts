import type { Database } from '../../../db/client';
import type { listings, shipments } from '../../../db/schema';
import type { ChannelOrder } from '../../domain/channels/types';

export type ListingRow = typeof listings.$inferSelect;
export type ShipmentRow = typeof shipments.$inferSelect;

/** A verified webhook delivery, ready for the inbox (or an answer the channel expects right away). */
export type WebhookIntake =
  | { kind: 'delivery'; topic: string; deliveryId: string; body: string; process: boolean }
  /** Answered at once, nothing stored: a WooCommerce ping, an eBay challenge. */
  | { kind: 'reply'; status: 200; body: unknown };

/** What an inbox row turned into: orders to apply (created, updated or cancelled), or nothing to do. */
export type InboxOutcome = { orders: ChannelOrder[] } | { ignored: string };

/**
 * One channel type's wiring to the outside world. Every method is optional: a channel without webhooks
 * has no `receiveWebhook`, one that cannot take tracking has no `pushTracking`. Base URLs come from the
 * channel's config (`api_base_url`), so tests point them at the local fakes.
 */
export interface ChannelAdapter {
  /**
   * Verifies a webhook over the raw bytes (throw ApiError 401 `invalid_signature` when it does not
   * verify, before anything is parsed) and says what to store.
   */
  receiveWebhook?(
    env: Env,
    channel: { code: string; config: Record<string, unknown> },
    raw: ArrayBuffer,
    headers: Headers,
    url: URL,
  ): Promise<WebhookIntake>;
  /** Turns a stored delivery into channel orders (a thin event fetches the order here). */
  processInbox?(
    env: Env,
    db: Database,
    channel: { code: string; config: Record<string, unknown> },
    row: { topic: string; body: string },
  ): Promise<InboxOutcome>;
  /** Polls new and changed orders since the stored cursor; returns the orders and the next cursor. */
  pollOrders?(
    env: Env,
    db: Database,
    channel: { code: string; config: Record<string, unknown> },
    cursor: string | null,
  ): Promise<{ orders: ChannelOrder[]; cursor: string | null; more: boolean }>;
  /** Publishes each listing's `desiredQuantity`; updates `pushed_quantity` itself (see push-shopify-stock). */
  pushStock?(env: Env, db: Database, channelId: string, rows: ListingRow[]): Promise<void>;
  /** Tells the channel a shipment left, with carrier and tracking, for the order's external id. */
  pushTracking?(
    env: Env,
    db: Database,
    channel: { code: string; config: Record<string, unknown> },
    order: { externalId: string; lines: { channelSku: string; quantity: number; externalLineId?: string }[] },
    shipment: ShipmentRow,
  ): Promise<void>;
}
