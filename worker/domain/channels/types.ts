/** The shapes every channel connector produces, kept free of Hono and zod-openapi so the domain stays pure. */

/** Mirrors CreateOrderBody in worker/schemas/orders.ts without `channel`, which the caller sets. */
export interface CanonicalOrder {
  external_id: string;
  currency: string;
  placed_at?: string;
  /** The latest the channel allows the order to ship (Amazon LatestShipDate / shipByWindow). */
  ship_by?: string;
  customer?: { name?: string; email?: string };
  lines: { sku: string; quantity: number; unit_price: number; name?: string }[];
  ship_to: {
    name?: string;
    line1?: string;
    line2?: string;
    city?: string;
    region?: string;
    postal_code?: string;
    country?: string;
    phone?: string;
    email?: string;
    lat?: number;
    lng?: number;
  };
  shipping_total?: number;
  tax_total?: number;
  discount_total?: number;
}

export interface ChannelOrder {
  order: CanonicalOrder;
  status: 'open' | 'cancelled';
  /** UTC ISO-8601 from the channel, so plain string comparison orders updates and older ones can be dropped. */
  updated_at: string;
  external_updated_version?: string;
  /** The channel withheld prices (an Amazon Pending order): reserve stock, but refetch before invoicing. */
  unpriced?: true;
}

/** An HTTP call described, not made: the caller adds credentials and does the fetch. */
export interface ChannelRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Path and query, relative to the channel's API host. */
  path: string;
  headers: Record<string, string>;
  /** The exact JSON text to send. */
  body: string;
}

/** One listing's desired quantity. `changeFrom` is the last quantity we saw or pushed (null = don't compare). */
export interface StockPush {
  listingId: string;
  locationId?: string;
  quantity: number;
  changeFrom?: number | null;
  /** The listing's parent where the channel nests them (a WooCommerce variation's product id). */
  parentId?: string;
  /** The seller SKU inside a listing that holds several products (an Etsy listing's variations). */
  sku?: string;
}

/** `Headers` satisfies this; tests can pass a plain stand-in. */
export interface HeaderReader {
  get(name: string): string | null;
}

export interface ChannelConnector<OrderPayload> {
  readonly channel: string;
  /** True only when the raw bytes carry a valid signature under one of the secrets (several during rotation). */
  verifyWebhook(
    rawBody: ArrayBuffer | Uint8Array,
    headers: HeaderReader,
    secrets: string[],
  ): Promise<boolean>;
  /** Throws ChannelPayloadError naming the field when the payload is not a usable order. */
  normalizeOrder(payload: OrderPayload): ChannelOrder;
  /** The requests that set these quantities, split to the channel's per-call limits. */
  inventoryPush(items: StockPush[], idempotencyKey: string, current?: unknown[]): ChannelRequest[];
  /**
   * Present when the channel's stock write replaces a whole document (Etsy listing inventory): the caller makes
   * these reads first and passes their response bodies, in the same order, to inventoryPush as `current`.
   */
  inventoryReads?(items: StockPush[]): ChannelRequest[];
}

/** A channel payload we cannot use; `field` is the dotted path of the first bad value. */
export class ChannelPayloadError extends Error {
  readonly code = 'invalid_channel_payload';
  constructor(
    readonly channel: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${channel} payload: ${field} ${detail}`);
    this.name = 'ChannelPayloadError';
  }
}
