import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { ordersThisMinute } from '../../worker/services/sandbox-orders';
import { type Caller, call, signedIn } from '../helpers/api';
import { makeLocation, makeSku, receive } from '../helpers/factories';

let owner: Caller;
let skus: string[];
beforeAll(async () => {
  owner = await signedIn('owner');
  const loc = await makeLocation(owner);
  skus = [(await makeSku(owner)).sku, (await makeSku(owner)).sku];
  for (const sku of skus) await receive(owner, sku, loc.code, 500);
});

async function sandbox(config: Record<string, unknown>) {
  const res = await call('POST', '/api/v1/channels', {
    as: owner,
    body: { type: 'sandbox', name: 'Test orders', config: { skus, ...config } },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const ordersOf = async (channel: string) =>
  (await call('GET', `/api/v1/orders?channel=${channel}&limit=100`, { as: owner })).body.data as {
    id: string;
    external_id: string;
    status: string;
  }[];

describe('the sandbox channel', () => {
  it('captures dummy orders like a marketplace, once per seed', async () => {
    const channel = await sandbox({});
    const first = await call('POST', `/api/v1/channels/${channel}/sandbox/orders`, {
      as: owner,
      body: { count: 3, seed: 'demo-1' },
    });
    expect(first.status).toBe(201);
    expect(first.body.orders).toHaveLength(3);
    expect(first.body.orders.every((o: { outcome: string }) => o.outcome === 'created')).toBe(true);
    expect(first.body.orders.map((o: { external_id: string }) => o.external_id)).toEqual([
      'SBX-demo1-00001',
      'SBX-demo1-00002',
      'SBX-demo1-00003',
    ]);
    const again = await call('POST', `/api/v1/channels/${channel}/sandbox/orders`, {
      as: owner,
      body: { count: 3, seed: 'demo-1' },
    });
    expect(again.body.orders.map((o: { id: string }) => o.id)).toEqual(
      first.body.orders.map((o: { id: string }) => o.id),
    );
    expect(again.body.orders.some((o: { outcome: string }) => o.outcome === 'created')).toBe(false);
    const listed = await ordersOf(channel);
    expect(listed).toHaveLength(3);
    expect(listed.map((o) => o.status)).toEqual(['allocated', 'allocated', 'allocated']);
    const detail = await call('GET', `/api/v1/orders/${listed[0]!.id}`, { as: owner });
    expect(detail.body.lines.every((l: { sku: string }) => skus.includes(l.sku))).toBe(true);
  });

  it('takes orders on its own from the cron at the configured rate, never twice for a minute', async () => {
    const channel = await sandbox({ orders_per_hour: 600 });
    const at = Date.parse('2026-11-28T10:00:30Z');
    for (let i = 0; i < 2; i++) {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: at }), env, ctx);
      await waitOnExecutionContext(ctx);
    }
    expect(await ordersOf(channel)).toHaveLength(10);
  });

  it('spreads a rate that is not a whole number per minute fairly over the hour', () => {
    const minutes = Array.from({ length: 600 }, (_, m) => ordersThisMinute(90, 'chn_x', 29_000_000 + m));
    const total = minutes.reduce((s, n) => s + n, 0);
    expect(Math.min(...minutes)).toBe(1);
    expect(Math.max(...minutes)).toBe(2);
    expect(total / 10).toBeGreaterThan(80); // 90 an hour, give or take chance
    expect(total / 10).toBeLessThan(100);
  });

  it('refuses other channel types, bad counts and configs, with clear codes', async () => {
    const shop = await call('POST', '/api/v1/channels', {
      as: owner,
      body: {
        type: 'woocommerce',
        name: 'Woo',
        config: {
          store_url: 'https://shop.example',
          consumer_key: 'ck_0123456789abcdef',
          consumer_secret: 'cs_0123456789abcdef',
          webhook_secret: 'whsec_woo_1234',
        },
      },
    });
    expect(shop.status).toBe(201);
    expect(shop.body.config.consumer_secret).toBe('********');
    const wrong = await call('POST', `/api/v1/channels/${shop.body.id}/sandbox/orders`, {
      as: owner,
      body: { count: 1 },
    });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.code).toBe('not_a_sandbox');
    const channel = await sandbox({});
    const tooMany = await call('POST', `/api/v1/channels/${channel}/sandbox/orders`, {
      as: owner,
      body: { count: 1000 },
    });
    expect(tooMany.status).toBe(400);
    const badConfig = await call('POST', '/api/v1/channels', {
      as: owner,
      body: { type: 'sandbox', name: 'x', config: { orders_per_hour: -1 } },
    });
    expect(badConfig.status).toBe(400);
    expect(badConfig.body.error.details.issues[0].path).toBe('config.orders_per_hour');
  });
});
