import { DurableObject } from 'cloudflare:workers';
import { type BucketSpec, type BucketState, TokenBucket } from '../worker/domain/channels/rate-limits';

export type AcquireResult = { ok: true; waitedMs: number } | { ok: false; retryAfterMs: number };

/** What a channel told us about its own bucket (Shopify's `throttleStatus`, Amazon's rate headers). */
export interface ObservedBudget {
  available: number;
  capacity?: number;
  refillPerSecond?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One per channel account: the single holder of that account's request budgets, one token bucket per
 * operation, so every Worker, queue consumer and cron that talks to the channel shares one budget and the
 * channel never sees more than its published limit. State lives in storage, so a restart keeps it.
 */
interface StoredBucket {
  state: BucketState;
  spec: BucketSpec;
  /** True when the spec came from the channel itself (observe), which beats our published default. */
  learned: boolean;
}

export class ChannelLimiterDO extends DurableObject<Env> {
  private load(operation: string, given: BucketSpec, now: number) {
    const stored = this.ctx.storage.kv.get<StoredBucket>(`bucket:${operation}`);
    const spec = stored?.learned ? stored.spec : given;
    return { bucket: new TokenBucket(spec, now, stored?.state), learned: stored?.learned ?? false };
  }

  private save(operation: string, bucket: TokenBucket, learned: boolean) {
    this.ctx.storage.kv.put(`bucket:${operation}`, {
      state: bucket.snapshot(),
      spec: bucket.spec,
      learned,
    } satisfies StoredBucket);
  }

  /**
   * Spends `cost` tokens of `operation`, waiting here for them when that takes at most `maxWaitMs`;
   * otherwise spends nothing and says when to come back. Each take is synchronous between awaits, and a
   * Durable Object runs one event at a time, so concurrent callers can never spend the same token.
   */
  async acquire(operation: string, spec: BucketSpec, cost = 1, maxWaitMs = 20_000): Promise<AcquireResult> {
    const started = Date.now();
    for (;;) {
      const now = Date.now();
      const { bucket, learned } = this.load(operation, spec, now);
      const taken = bucket.take(now, Math.min(cost, bucket.spec.capacity));
      if (taken.ok) {
        this.save(operation, bucket, learned);
        return { ok: true, waitedMs: now - started };
      }
      if (now - started + taken.retryAfterMs > maxWaitMs)
        return { ok: false, retryAfterMs: taken.retryAfterMs };
      await sleep(taken.retryAfterMs);
    }
  }

  /** The channel answered 429: nothing goes out for this operation before Retry-After has passed. */
  penalize(operation: string, spec: BucketSpec, retryAfterSeconds: number) {
    const now = Date.now();
    const { bucket, learned } = this.load(operation, spec, now);
    bucket.penalize(now, retryAfterSeconds);
    this.save(operation, bucket, learned);
  }

  /**
   * The channel reported its own bucket: believe it when it has less than we think (someone else spends
   * from the same account) and learn its size and refill rate (a Shopify Plus shop restores faster).
   */
  observe(operation: string, spec: BucketSpec, seen: ObservedBudget) {
    const now = Date.now();
    const { bucket, learned } = this.load(operation, spec, now);
    const learnedSpec =
      seen.capacity && seen.refillPerSecond
        ? { capacity: seen.capacity, refillPerSecond: seen.refillPerSecond }
        : null;
    const tokens = Math.min(bucket.available(now), Math.max(0, seen.available));
    const state = { ...bucket.snapshot(), tokens, at: now };
    this.save(operation, new TokenBucket(learnedSpec ?? bucket.spec, now, state), learned || !!learnedSpec);
  }

  /** Tokens each operation has right now, for the channel's health view. */
  budgets(): Record<string, number> {
    const now = Date.now();
    const out: Record<string, number> = {};
    for (const [key, stored] of this.ctx.storage.kv.list<StoredBucket>({ prefix: 'bucket:' })) {
      out[key.slice('bucket:'.length)] = Math.floor(
        new TokenBucket(stored.spec, now, stored.state).available(now),
      );
    }
    return out;
  }
}
