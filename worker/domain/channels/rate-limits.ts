/** Client-side token buckets sized from each channel's published limits, so we wait instead of collecting 429s. */

export interface BucketSpec {
  /** Tokens the bucket holds when full (Amazon "burst", Shopify bucket size). */
  capacity: number;
  /** Tokens restored per second (Amazon "rate", Shopify leak or restore rate). */
  refillPerSecond: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

/** What to persist (e.g. in the channel account's Durable Object) to resume the bucket later. */
export interface BucketState {
  tokens: number;
  /** Epoch ms at which `tokens` was true. */
  at: number;
  /** Epoch ms before which every take is refused (a 429's Retry-After). */
  blockedUntil: number;
}

// Fractional rates such as 1/120 per second do not add up exactly in floating point; a millionth of a token
// of slack keeps "wait retryAfterMs, then retry" always succeeding.
const SLACK = 1e-6;

/** A token bucket driven by explicit clock readings: no timers, no I/O, same answers on replay. */
export class TokenBucket {
  private state: BucketState;

  constructor(
    readonly spec: BucketSpec,
    now: number,
    state?: BucketState,
  ) {
    if (!(spec.capacity > 0 && spec.refillPerSecond > 0))
      throw new RangeError('a bucket needs capacity and refill');
    this.state = state ? { ...state } : { tokens: spec.capacity, at: now, blockedUntil: 0 };
  }

  private refill(now: number) {
    if (now <= this.state.at) return;
    const earned = ((now - this.state.at) / 1000) * this.spec.refillPerSecond;
    this.state = { ...this.state, tokens: Math.min(this.spec.capacity, this.state.tokens + earned), at: now };
  }

  /** Spends `n` tokens, or says how long until `n` are there. Refuses n above capacity: that can never succeed. */
  take(now: number, n = 1): TakeResult {
    if (!(n > 0 && n <= this.spec.capacity))
      throw new RangeError(`cannot take ${n} from a bucket of ${this.spec.capacity}`);
    this.refill(now);
    const missing = n - this.state.tokens;
    const refillMs = missing > SLACK ? Math.ceil((missing / this.spec.refillPerSecond) * 1000 - SLACK) : 0;
    const waitMs = Math.max(this.state.blockedUntil - now, refillMs);
    if (waitMs > 0) return { ok: false, retryAfterMs: waitMs };
    this.state = { ...this.state, tokens: this.state.tokens - n };
    return { ok: true };
  }

  /** The channel answered 429: its bucket is empty now, and nothing goes out before Retry-After has passed. */
  penalize(now: number, retryAfterSeconds: number) {
    this.refill(now);
    const until = now + Math.max(0, retryAfterSeconds) * 1000;
    this.state = { tokens: 0, at: now, blockedUntil: Math.max(this.state.blockedUntil, until) };
  }

  /** Tokens available at `now`, without spending any. */
  available(now: number): number {
    this.refill(now);
    return now < this.state.blockedUntil ? 0 : this.state.tokens;
  }

  snapshot(): BucketState {
    return { ...this.state };
  }
}

/** Published default limits (RELIABILITY.md §4). Amazon may grant a seller more: prefer x-amzn-RateLimit-Limit. */
export const CHANNEL_RATE_LIMITS = {
  /** REST Admin (legacy), Standard plan: 40-request bucket leaking 2/s. Advanced 4/s, Plus 20/s. */
  'shopify.rest': { capacity: 40, refillPerSecond: 2 },
  /** GraphQL Admin, Standard plan, in query-cost points: 1000 bucket, 100 restored per second. */
  'shopify.graphql': { capacity: 1000, refillPerSecond: 100 },
  'amazon.getOrders': { capacity: 20, refillPerSecond: 1 / 60 },
  'amazon.searchOrders': { capacity: 20, refillPerSecond: 1 / 180 },
  'amazon.getOrder': { capacity: 30, refillPerSecond: 0.5 },
  'amazon.getOrderItems': { capacity: 30, refillPerSecond: 0.5 },
  'amazon.confirmShipment': { capacity: 10, refillPerSecond: 2 },
  'amazon.updateShipmentStatus': { capacity: 15, refillPerSecond: 5 },
  'amazon.patchListingsItem': { capacity: 5, refillPerSecond: 5 },
  'amazon.putListingsItem': { capacity: 10, refillPerSecond: 5 },
  'amazon.getListingsItem': { capacity: 10, refillPerSecond: 5 },
  'amazon.createFeed': { capacity: 15, refillPerSecond: 1 / 120 },
  'amazon.createFeedDocument': { capacity: 15, refillPerSecond: 0.5 },
  'amazon.getFeed': { capacity: 15, refillPerSecond: 2 },
  'amazon.getFeedDocument': { capacity: 10, refillPerSecond: 0.0222 },
  // Reports API 2021-06-30 usage plans (the returns report)
  'amazon.createReport': { capacity: 15, refillPerSecond: 0.0167 },
  'amazon.getReport': { capacity: 15, refillPerSecond: 2 },
  'amazon.getReportDocument': { capacity: 15, refillPerSecond: 0.0167 },
  // Daily and windowed quotas become buckets with capacity + refill x window <= quota, so no window overspends.
  /** eBay Sell Fulfillment API (getOrders, shipping fulfillment): 100,000 calls a day per app [M]. */
  'ebay.fulfillment': { capacity: 100, refillPerSecond: (100_000 - 100) / 86_400 },
  /** eBay Sell Inventory API (bulkUpdatePriceQuantity, 25 SKUs a call): 2,000,000 calls a day per app [M]. */
  'ebay.inventory': { capacity: 100, refillPerSecond: (2_000_000 - 100) / 86_400 },
  /** Post-Order API (returns): no published quota found; kept under the 5,000 a day a new app gets on Trading. */
  'ebay.postOrder': { capacity: 20, refillPerSecond: (5_000 - 20) / 86_400 },
  /** Etsy per API key: 10 requests a second and 10,000 a rolling day. Every call takes from both buckets. */
  'etsy.perSecond': { capacity: 10, refillPerSecond: 10 },
  'etsy.perDay': { capacity: 100, refillPerSecond: (10_000 - 100) / 86_400 },
  /** WooCommerce publishes no REST limit (the merchant's own server answers); this keeps us from swamping it. */
  'woocommerce.rest': { capacity: 10, refillPerSecond: 5 },
  /** BigCommerce Standard and Plus plans: 150 requests per 30 s window [M]; X-Rate-Limit-* headers say the live quota. */
  'bigcommerce.rest': { capacity: 50, refillPerSecond: (150 - 50) / 30 },
  /**
   * Walmart Marketplace limits are per API and per minute, and each answer reports the live budget
   * (x-current-token-count, x-next-replenishment-time: see parseWalmartThrottle) [M]; these stay well below them.
   */
  'walmart.orders': { capacity: 10, refillPerSecond: 5 },
  'walmart.inventory': { capacity: 10, refillPerSecond: 200 / 60 },
} as const satisfies Record<string, BucketSpec>;

export type ChannelOperation = keyof typeof CHANNEL_RATE_LIMITS;

/** A full bucket for one channel operation at its published default. */
export function bucketFor(operation: ChannelOperation, now: number): TokenBucket {
  return new TokenBucket(CHANNEL_RATE_LIMITS[operation], now);
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
