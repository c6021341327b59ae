import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketFor,
  CHANNEL_RATE_LIMITS,
  type ChannelOperation,
  parseRetryAfter,
  TokenBucket,
} from '../../../worker/domain/channels/rate-limits';

const T0 = Date.UTC(2026, 0, 1);
const operations = Object.keys(CHANNEL_RATE_LIMITS) as ChannelOperation[];

describe('CHANNEL_RATE_LIMITS', () => {
  it.each([
    ['shopify.rest', 40, 2],
    ['shopify.graphql', 1000, 100],
    ['amazon.getOrders', 20, 1 / 60],
    ['amazon.searchOrders', 20, 1 / 180],
    ['amazon.getOrderItems', 30, 0.5],
    ['amazon.patchListingsItem', 5, 5],
    ['amazon.createFeed', 15, 1 / 120],
    ['amazon.createFeedDocument', 15, 0.5],
  ] as const)('publishes %s as burst %i refilling %d per second', (operation, capacity, refillPerSecond) => {
    expect(CHANNEL_RATE_LIMITS[operation]).toEqual({ capacity, refillPerSecond });
  });
});

describe('TokenBucket', () => {
  it.each(operations)(
    'grants a full %s burst at once, then makes the next caller wait one refill',
    (operation) => {
      const { capacity, refillPerSecond } = CHANNEL_RATE_LIMITS[operation];
      const bucket = bucketFor(operation, T0);
      for (let i = 0; i < capacity; i++) expect(bucket.take(T0)).toEqual({ ok: true });
      expect(bucket.take(T0)).toEqual({ ok: false, retryAfterMs: Math.ceil(1000 / refillPerSecond) });
    },
  );

  it('lets a waiting caller through once the advertised wait has passed', () => {
    const bucket = bucketFor('amazon.createFeed', T0);
    for (let i = 0; i < 15; i++) bucket.take(T0);
    const refused = bucket.take(T0 + 30_000);
    expect(refused).toEqual({ ok: false, retryAfterMs: 90_000 });
    expect(bucket.take(T0 + 119_999).ok).toBe(false);
    expect(bucket.take(T0 + 120_000)).toEqual({ ok: true });
  });

  it('never holds more than its capacity, however long it sat idle', () => {
    const bucket = bucketFor('shopify.rest', T0);
    const later = T0 + 3_600_000;
    for (let i = 0; i < 40; i++) expect(bucket.take(later).ok).toBe(true);
    expect(bucket.take(later).ok).toBe(false);
  });

  it('takes several tokens at once for costed calls', () => {
    const bucket = bucketFor('shopify.graphql', T0);
    expect(bucket.take(T0, 990)).toEqual({ ok: true });
    expect(bucket.take(T0, 20)).toEqual({ ok: false, retryAfterMs: 100 });
    expect(bucket.available(T0 + 100)).toBeCloseTo(20);
  });

  it('refuses to take more than the bucket can ever hold, or nothing', () => {
    const bucket = bucketFor('amazon.patchListingsItem', T0);
    expect(() => bucket.take(T0, 6)).toThrow(RangeError);
    expect(() => bucket.take(T0, 0)).toThrow(RangeError);
  });

  it('after a 429 empties the bucket and waits out Retry-After, even with tokens left', () => {
    const bucket = bucketFor('shopify.rest', T0);
    bucket.penalize(T0, 2);
    expect(bucket.take(T0 + 500)).toEqual({ ok: false, retryAfterMs: 1500 });
    expect(bucket.available(T0 + 1999)).toBe(0);
    for (let i = 0; i < 4; i++) expect(bucket.take(T0 + 2000)).toEqual({ ok: true });
    expect(bucket.take(T0 + 2000).ok).toBe(false);
  });

  it('keeps the later of two Retry-After deadlines', () => {
    const bucket = bucketFor('amazon.patchListingsItem', T0);
    bucket.penalize(T0, 10);
    bucket.penalize(T0 + 1000, 1);
    expect(bucket.take(T0 + 5000)).toEqual({ ok: false, retryAfterMs: 5000 });
  });

  it('resumes from a snapshot exactly where it left off', () => {
    const bucket = bucketFor('amazon.getOrderItems', T0);
    for (let i = 0; i < 30; i++) bucket.take(T0);
    const resumed = new TokenBucket(
      CHANNEL_RATE_LIMITS['amazon.getOrderItems'],
      T0 + 10_000,
      bucket.snapshot(),
    );
    expect(resumed.take(T0 + 1000)).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(resumed.take(T0 + 2000)).toEqual({ ok: true });
  });

  it('over any sequence of takes, grants no more than capacity + elapsed x rate', () => {
    const spec = fc.record({
      capacity: fc.integer({ min: 1, max: 50 }),
      refillPerSecond: fc.double({ min: 0.001, max: 50, noNaN: true }),
    });
    const steps = fc.array(
      fc.record({ dt: fc.integer({ min: 0, max: 5000 }), n: fc.integer({ min: 1, max: 50 }) }),
      { maxLength: 200 },
    );
    fc.assert(
      fc.property(spec, steps, ({ capacity, refillPerSecond }, plan) => {
        const bucket = new TokenBucket({ capacity, refillPerSecond }, T0);
        let now = T0;
        let granted = 0;
        for (const { dt, n } of plan) {
          now += dt;
          const want = Math.min(n, capacity);
          if (bucket.take(now, want).ok) granted += want;
          expect(granted).toBeLessThanOrEqual(capacity + ((now - T0) / 1000) * refillPerSecond + 1e-3);
        }
      }),
    );
  });

  it('always grants a refused take when retried after retryAfterMs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...operations),
        fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 60 }),
        (op, gaps) => {
          const bucket = bucketFor(op, T0);
          let now = T0;
          for (const gap of gaps) {
            now += gap;
            const result = bucket.take(now);
            if (!result.ok) {
              now += result.retryAfterMs;
              expect(bucket.take(now)).toEqual({ ok: true });
            }
          }
        },
      ),
    );
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120],
    [' 2 ', 2],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['soon', null],
    [null, null],
  ])('reads %j as %j seconds', (header, seconds) => {
    expect(parseRetryAfter(header, T0)).toBe(seconds);
  });
});
