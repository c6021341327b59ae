import type { ObservedBudget } from '../../durable-objects/channel-limiter-do';
import { type BucketSpec, CHANNEL_RATE_LIMITS } from '../domain/channels/rate-limits';
import { RetryLater } from './retry-later';

/** A channel's own limits where its plan differs from the published default (`settings.rate_limits`). */
export type RateLimitOverrides = Record<string, { capacity: number; refill_per_second: number }>;

/** The longest a queue consumer waits in line for a channel's budget before handing the message back. */
const MAX_WAIT_MS = 20_000;

export function budgetSpec(
  operation: keyof typeof CHANNEL_RATE_LIMITS,
  overrides?: RateLimitOverrides,
): BucketSpec {
  const own = overrides?.[operation];
  return own
    ? { capacity: own.capacity, refillPerSecond: own.refill_per_second }
    : CHANNEL_RATE_LIMITS[operation];
}

/** The request budgets of one channel account, shared by every caller through its Durable Object. */
export function channelBudget(env: Env, channelId: string) {
  const limiter = env.CHANNEL_LIMITER.get(env.CHANNEL_LIMITER.idFromName(channelId));
  return {
    /** Waits for `cost` tokens, or throws RetryLater when the wait would be long (the message comes back). */
    async spend(operation: string, spec: BucketSpec, cost: number) {
      const result = await limiter.acquire(operation, spec, cost, MAX_WAIT_MS);
      if (!result.ok) throw new RetryLater(Math.ceil(result.retryAfterMs / 1000));
    },
    penalize: (operation: string, spec: BucketSpec, retryAfterSeconds: number) =>
      limiter.penalize(operation, spec, retryAfterSeconds),
    observe: (operation: string, spec: BucketSpec, seen: ObservedBudget) =>
      limiter.observe(operation, spec, seen),
    budgets: () => limiter.budgets(),
  };
}
