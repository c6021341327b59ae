import { evictDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { uid } from '../helpers/api';

const fresh = () => env.CHANNEL_LIMITER.getByName(`chn_${uid()}`);
/** 2 requests at once, then one every 250 ms. */
const SPEC = { capacity: 2, refillPerSecond: 4 };

/** The most requests any window of `windowMs` saw: a bucket allows capacity + refill over the window. */
function busiestWindow(times: number[], windowMs: number) {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe('ChannelLimiterDO', () => {
  it('lets a burst of concurrent callers through no faster than the bucket refills', async () => {
    const limiter = fresh();
    const started = Date.now();
    const granted = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const r = await limiter.acquire('shopify.graphql', SPEC, 1, 10_000);
        expect(r.ok).toBe(true);
        return Date.now();
      }),
    );
    // 2 at once, then 6 more at 250 ms each: the last one no sooner than 1.5 s after the start
    expect(Math.max(...granted) - started).toBeGreaterThanOrEqual(1_400);
    expect(busiestWindow(granted, 1_000)).toBeLessThanOrEqual(SPEC.capacity + SPEC.refillPerSecond);
  });

  it('says when to come back instead of waiting longer than the caller allows, spending nothing', async () => {
    const limiter = fresh();
    expect(
      await limiter.acquire('amazon.getOrders', { capacity: 1, refillPerSecond: 0.1 }, 1, 0),
    ).toMatchObject({
      ok: true,
    });
    const refused = await limiter.acquire('amazon.getOrders', { capacity: 1, refillPerSecond: 0.1 }, 1, 500);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.retryAfterMs).toBeGreaterThan(9_000);
    expect((await limiter.budgets())['amazon.getOrders']).toBe(0);
  });

  it("after a 429 nothing goes out before the channel's Retry-After, even with tokens left", async () => {
    const limiter = fresh();
    await limiter.penalize('shopify.graphql', { capacity: 100, refillPerSecond: 100 }, 2);
    const r = await limiter.acquire('shopify.graphql', { capacity: 100, refillPerSecond: 100 }, 1, 100);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.retryAfterMs).toBeGreaterThan(1_500);
  });

  it("believes the channel's own report of a smaller budget and learns its plan's rate", async () => {
    const limiter = fresh();
    const published = { capacity: 1000, refillPerSecond: 100 };
    await limiter.observe('shopify.graphql', published, {
      available: 30,
      capacity: 2000,
      refillPerSecond: 1,
    });
    expect((await limiter.budgets())['shopify.graphql']).toBe(30);
    // 30 points now, the learned plan restores 1 point a second: 40 points are 10 s away
    const r = await limiter.acquire('shopify.graphql', published, 40, 1_000);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.retryAfterMs).toBeGreaterThan(9_000);
  });

  it('keeps the spent budget across a restart of the object', async () => {
    const limiter = fresh();
    const slow = { capacity: 1, refillPerSecond: 0.01 };
    expect((await limiter.acquire('walmart.inventory', slow, 1, 0)).ok).toBe(true);
    await evictDurableObject(limiter);
    expect((await limiter.acquire('walmart.inventory', slow, 1, 0)).ok).toBe(false);
  });
});
