import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import fixture from '../fixtures/shopify-rest-order.json';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive, stockAt } from '../helpers/factories';
import { base64, hmacSha256 } from '../helpers/hmac';

const SECRET = 'shpss_webhook_secret_1';
let owner: Caller;
let channelId: string;
let skus: string[];
let location: string;

beforeAll(async () => {
  owner = await signedIn('owner');
  const made = await call('POST', '/api/v1/channels', {
    as: owner,
    body: {
      type: 'shopify',
      name: 'Shop',
      config: { shop_domain: 'demo.myshopify.com', webhook_secret: SECRET, access_token: 'shpat_xxxxxxxxxx' },
    },
  });
  channelId = made.body.id;
  location = (await makeLocation(owner)).code;
  skus = [];
  for (let i = 0; i < 3; i++) {
    const { sku } = await makeSku(owner);
    await receive(owner, sku, location, 10);
    skus.push(sku);
  }
});

/** The fixture order with our SKUs, a fresh id (above 2^53, as Shopify's are) and the given changes. */
function shopifyOrder(
  over: { id?: string; updated_at?: string; cancelled_at?: string | null; quantity?: number } = {},
) {
  const id = over.id ?? `82098291194${Math.floor(Math.random() * 1e8)}`;
  const order = {
    ...fixture.order,
    id: 0,
    updated_at: over.updated_at ?? '2026-11-01T10:00:00-05:00',
    cancelled_at: over.cancelled_at ?? null,
    line_items: fixture.order.line_items.map((l, i) => ({
      ...l,
      sku: skus[i],
      quantity: over.quantity ?? l.quantity,
    })),
  };
  // written into the raw text so the digits survive: JSON.parse would round them
  return { id, raw: JSON.stringify(order).replace('"id":0', `"id":${id}`) };
}

const sign = async (raw: string, secret = SECRET) => base64(await hmacSha256(secret, raw));

async function deliver(
  raw: string,
  topic = 'orders/create',
  opts: { hmac?: string; webhookId?: string } = {},
) {
  return call('POST', `/api/v1/webhooks/shopify/${channelId}`, {
    raw,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': opts.hmac ?? (await sign(raw)),
      'x-shopify-webhook-id': opts.webhookId ?? crypto.randomUUID(),
      'x-shopify-shop-domain': 'demo.myshopify.com',
    },
  });
}

const ordersFor = async (externalId: string) =>
  (await call('GET', `/api/v1/orders?channel=${channelId}&q=${externalId}`, { as: owner })).body.data as {
    id: string;
    external_id: string;
    status: string;
  }[];

const inboxSettled = () =>
  vi.waitFor(
    async () => {
      const row = await env.DB.prepare(
        `SELECT count(*) AS n FROM webhook_inbox WHERE status = 'pending'`,
      ).first<{ n: number }>();
      expect(row!.n).toBe(0);
    },
    { timeout: 8000, interval: 100 },
  );

describe('Shopify webhooks', () => {
  it('turns orders/create into an order whose external_id is Shopify id as a decimal string', async () => {
    const { id, raw } = shopifyOrder();
    const res = await deliver(raw);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false });
    await inboxSettled();
    const [order] = await ordersFor(id);
    expect(order).toMatchObject({ external_id: id, status: 'allocated' });
    const detail = await call('GET', `/api/v1/orders/${order!.id}`, { as: owner });
    expect(detail.body.lines.map((l: { sku: string }) => l.sku)).toEqual(skus);
    expect(detail.body.totals).toMatchObject({ subtotal: 59700, tax: 1194 });
  });

  it('makes one order from the same delivery three times and from reordered create/update', async () => {
    const { id, raw } = shopifyOrder();
    const webhookId = crypto.randomUUID();
    const answers = [
      await deliver(raw, 'orders/create', { webhookId }),
      await deliver(raw, 'orders/create', { webhookId }),
    ];
    expect(answers.map((a) => a.body.duplicate)).toEqual([false, true]);
    const newer = shopifyOrder({ id, updated_at: '2026-11-02T10:00:00Z' });
    await deliver(newer.raw, 'orders/updated');
    await deliver(raw, 'orders/create'); // a redelivery with another id, older than what we hold
    await inboxSettled();
    expect(await ordersFor(id)).toHaveLength(1);
    const before = await stockAt(owner, skus[0]!, location);
    expect(before.reserved).toBeGreaterThan(0);
  });

  it('captures an order first seen as an update, and ignores the older create that follows', async () => {
    const { id } = shopifyOrder();
    await deliver(
      shopifyOrder({ id, updated_at: '2026-11-03T00:00:00Z', quantity: 2 }).raw,
      'orders/updated',
    );
    await inboxSettled();
    await deliver(shopifyOrder({ id, updated_at: '2026-11-01T00:00:00Z', quantity: 1 }).raw, 'orders/create');
    await inboxSettled();
    const [order] = await ordersFor(id);
    const detail = await call('GET', `/api/v1/orders/${order!.id}`, { as: owner });
    expect(detail.body.lines.map((l: { quantity: number }) => l.quantity)).toEqual([2, 2, 2]);
  });

  it('cancels on orders/cancelled and releases the stock', async () => {
    const sku = skus[2]!;
    const start = await stockAt(owner, sku, location);
    const { id, raw } = shopifyOrder();
    await deliver(raw);
    await inboxSettled();
    expect((await stockAt(owner, sku, location)).reserved).toBe(start.reserved + 1);
    const cancelled = shopifyOrder({
      id,
      updated_at: '2026-11-05T00:00:00Z',
      cancelled_at: '2026-11-05T00:00:00Z',
    });
    await deliver(cancelled.raw, 'orders/cancelled');
    await inboxSettled();
    expect((await ordersFor(id))[0]!.status).toBe('cancelled');
    expect((await stockAt(owner, sku, location)).reserved).toBe(start.reserved);
  });

  it('refuses a wrong, missing or re-serialized signature with 401 and stores nothing', async () => {
    const count = async () =>
      (await env.DB.prepare('SELECT count(*) AS n FROM webhook_inbox').first<{ n: number }>())!.n;
    const before = await count();
    const { raw } = shopifyOrder();
    const reserialized = JSON.stringify(JSON.parse(raw), null, 1);
    for (const hmac of [await sign(raw, 'another-secret'), '', await sign(reserialized)]) {
      const res = await deliver(raw, 'orders/create', { hmac });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_signature');
    }
    expect(await count()).toBe(before);
  });

  it('turns an unreadable payload into an exception instead of retrying it forever', async () => {
    const raw = JSON.stringify({ id: 1, line_items: 'nope', marker: uid() });
    await deliver(raw);
    await inboxSettled();
    const inbox = await call('GET', '/api/v1/exceptions?kind=channel_payload', { as: owner });
    expect(inbox.body.data.length).toBeGreaterThan(0);
    expect(inbox.body.data[0].message).toMatch(/orders\/create delivery could not be read/);
  });
});
