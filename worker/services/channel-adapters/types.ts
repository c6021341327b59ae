import type { Database } from '../../../db/client';
import type { listings, shipments } from '../../../db/schema';
import type { ChannelOrder } from '../../domain/channels/types';
import type { MarketplaceReturn } from '../../domain/returns/marketplace-return';

export type ListingRow = typeof listings.$inferSelect;
export type ShipmentRow = typeof shipments.$inferSelect;

/** A verified webhook delivery, ready for the inbox (or an answer the channel expects right away). */
export type WebhookIntake =
  | { kind: 'delivery'; topic: string; deliveryId: string; body: string; process: boolean }
  /** Answered at once, nothing stored: a WooCommerce ping, an eBay challenge. */
  | { kind: 'reply'; status: 200; body: unknown };

/** What an inbox row turned into: orders to apply (created, updated or cancelled), or nothing to do. */
export type InboxOutcome = { orders: ChannelOrder[] } | { ignored: string };

/** One step of a channel's returns poll: the returns it read, where the next step starts, and when. */
export interface ReturnsPoll {
  returns: MarketplaceReturn[];
  cursor: string | null;
  /** Another page is ready now. */
  more: boolean;
  /** Not before this many seconds (a report still being made, or the next report time). */
  nextPollInSeconds?: number;
  /** Something went wrong that a later step retries (an Amazon report that failed); kept as the last error. */
  problem?: string;
}

/**
 * What a channel shows per listing, by channel SKU: the quantity it offers, or null when it does not know
 * the listing. A listing the adapter cannot look up (no channel ids linked) is left out.
 */
export type ShownStock = Map<string, number | null>;

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
  /** Reads the channel's own returns (a report, a search) since the stored cursor; see poll-channel-returns. */
  pollReturns?(
    env: Env,
    db: Database,
    channel: { code: string; config: Record<string, unknown> },
    cursor: string | null,
    now: number,
  ): Promise<ReturnsPoll>;
  /** Publishes each listing's `desiredQuantity`; updates `pushed_quantity` itself (see push-shopify-stock). */
  pushStock?(env: Env, db: Database, channelId: string, rows: ListingRow[]): Promise<void>;
  /**
   * Reads back what the channel shows for these listings (the nightly reconcile). Throws when the channel
   * cannot be read (RetryLater for a 429 or 5xx): nothing is compared then.
   */
  readStock?(env: Env, db: Database, channelId: string, rows: ListingRow[]): Promise<ShownStock>;
  /** Tells the channel a shipment left, with carrier and tracking, for the order's external id. */
  pushTracking?(
    env: Env,
    db: Database,
    channel: { code: string; config: Record<string, unknown> },
    order: { externalId: string; lines: { channelSku: string; quantity: number; externalLineId?: string }[] },
    shipment: ShipmentRow,
  ): Promise<void>;
}
