import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { database } from '../../db/client';
import { domainEvent } from '../../worker/services/domain-events';
import { dispatchEvent } from '../../worker/services/event-handlers';
import wooOrderRaw from '../fixtures/channels/woocommerce-order.json?raw';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive, stockAt } from '../helpers/factories';
import { base64, hmacSha256 } from '../helpers/hmac';

const woo = inject('woocommerceUrl');
const SECRET = 'woo_webhook_secret_1';
let owner: Caller;
let location: string;
let skus: string[];

beforeAll(async () => {
  owner = await signedIn('owner');
  location = (await makeLocation(owner)).code;
  skus = [(await makeSku(owner)).sku, (await makeSku(owner)).sku];
  for (const sku of skus) await receive(owner, sku, location, 20);
});

async function wooChannel(consumerKey = `ck_${uid()}`) {
  const res = await call('POST', '/api/v1/channels', {
    as: owner,
    body: {
      type: 'woocommerce',
      name: 'Woo store',
      config: {
        store_url: 'https://shop.example.ca',
        consumer_key: consumerKey,
        consumer_secret: `cs_${uid()}`,
        webhook_secret: SECRET,
        api_base_url: woo,
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as string, key: consumerKey };
}

/** The fixture order's exact text with our SKUs, a fresh id, and the given status and modification time. */
function wooOrder(over: { id?: number; status?: string; modified?: string; skus?: string[] } = {}) {
  const [first, second] = over.skus ?? skus;
  const id = over.id ?? 100_000 + Math.floor(Math.random() * 800_000);
  const raw = wooOrderRaw
    .replace('"id": 5127,', `"id": ${id},`)
    .replace('"status": "processing"', `"status": "${over.status ?? 'processing'}"`)
    .replace(
      '"date_modified_gmt": "2026-03-02T14:06:02"',
      `"date_modified_gmt": "${over.modified ?? '2026-03-02T14:06:02'}"`,
    )
    .replace('"sku": "BEANIE-MER-CHA"', `"sku": "${first}"`)
    .replace('"sku": ""', `"sku": "${second}"`);
  return { id: String(id), raw };
}

const sign = async (raw: string) => base64(await hmacSha256(SECRET, raw));

async function deliver(
  channel: string,
  raw: string,
  topic = 'order.created',
  opts: { signature?: string | null; deliveryId?: string } = {},
) {
  const signature = opts.signature === undefined ? await sign(raw) : opts.signature;
  return call('POST', `/api/v1/webhooks/woocommerce/${channel}`, {
    raw,
    headers: {
      'content-type': 'application/json',
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-resource': 'order',
      'x-wc-webhook-delivery-id': opts.deliveryId ?? uid(),
      'x-wc-webhook-source': 'https://shop.example.ca/',
      ...(signature === null ? {} : { 'x-wc-webhook-signature': signature }),
    },
  });
}

const inboxCount = async (channel: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM webhook_inbox WHERE channel = ?')
    .bind(channel)
    .first<{ n: number }>())!.n;

const inboxSettled = (channel: string) =>
  vi.waitFor(
    async () => {
      const row = await env.DB.prepare(
        `SELECT count(*) AS n FROM webhook_inbox WHERE channel = ? AND status = 'pending'`,
      )
        .bind(channel)
        .first<{ n: number }>();
      expect(row!.n).toBe(0);
    },
    { timeout: 10_000, interval: 100 },
  );

const ordersOf = async (channel: string) =>
  (await call('GET', `/api/v1/orders?channel=${channel}`, { as: owner })).body.data as {
    id: string;
    external_id: string;
    status: string;
  }[];

/** What the fake store's GET /orders/{id} answers for this consumer key: an order, or 404 once `deleted`. */
const inStore = (key: string, state: { order?: unknown; deleted?: number }) =>
  fetch(`${woo}/__orders?key=${key}`, { method: 'POST', body: JSON.stringify(state) });

const pushesOf = async (key: string) =>
  (
    (await (await fetch(`${woo}/__pushes?key=${key}`)).json()) as {
      pushes: { method: string; path: string; body: any }[];
    }
  ).pushes;

describe('WooCommerce orders in', () => {
  it('turns a signed order.created delivery into an allocated order', async () => {
    const { id: channel } = await wooChannel();
    const { id, raw } = wooOrder();
    const res = await deliver(channel, raw);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false });
    await inboxSettled(channel);
    const [order] = await ordersOf(channel);
    expect(order).toMatchObject({ external_id: id, status: 'allocated' });
    const detail = await call('GET', `/api/v1/orders/${order!.id}`, { as: owner });
    // 44.00 for three does not divide: Woo's line becomes one unit at 14.66 and two at 14.67
    expect(
      detail.body.lines.map((l: { sku: string; quantity: number; unit_price: number }) => [
        l.sku,
        l.quantity,
        l.unit_price,
      ]),
    ).toEqual([
      [skus[0], 2, 3200],
      [skus[1], 1, 1466],
      [skus[1], 2, 1467],
    ]);
    expect(detail.body.currency).toBe('CAD');
  });

  it('makes one order from the same delivery three times', async () => {
    const { id: channel } = await wooChannel();
    const { id, raw } = wooOrder();
    const deliveryId = uid();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await deliver(channel, raw, 'order.created', { deliveryId }));
    expect(answers.map((a) => [a.status, a.body.duplicate])).toEqual([
      [200, false],
      [200, true],
      [200, true],
    ]);
    await inboxSettled(channel);
    expect((await ordersOf(channel)).map((o) => o.external_id)).toEqual([id]);
    expect(await inboxCount(channel)).toBe(1);
  });

  it('keeps the newer version when order.updated arrives before order.created', async () => {
    const { id: channel } = await wooChannel();
    const before = await stockAt(owner, skus[0]!, location);
    const created = wooOrder();
    const updated = wooOrder({
      id: Number(created.id),
      status: 'cancelled',
      modified: '2026-03-03T09:00:00',
    });
    expect((await deliver(channel, updated.raw, 'order.updated')).status).toBe(200);
    await inboxSettled(channel);
    expect((await deliver(channel, created.raw, 'order.created')).status).toBe(200);
    await inboxSettled(channel);
    const orders = await ordersOf(channel);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ external_id: created.id, status: 'cancelled' });
    expect((await stockAt(owner, skus[0]!, location)).reserved).toBe(before.reserved);
  });

  it('cancels the order when Woo sends order.deleted for an order it deleted for good', async () => {
    const { id: channel, key } = await wooChannel();
    const { id, raw } = wooOrder();
    await deliver(channel, raw);
    await inboxSettled(channel);
    expect((await ordersOf(channel))[0]?.status).toBe('allocated');
    await inStore(key, { deleted: Number(id) });
    await deliver(channel, JSON.stringify({ id: Number(id) }), 'order.deleted');
    await inboxSettled(channel);
    expect((await ordersOf(channel))[0]).toMatchObject({ external_id: id, status: 'cancelled' });
  });

  it('captures an order first seen in order.restored like any update, reserving its stock', async () => {
    const { id: channel } = await wooChannel();
    const before = await stockAt(owner, skus[0]!, location);
    const { id, raw } = wooOrder({ modified: '2026-03-04T10:00:00' });
    expect((await deliver(channel, raw, 'order.restored')).status).toBe(200);
    await inboxSettled(channel);
    expect(await ordersOf(channel)).toMatchObject([{ external_id: id, status: 'allocated' }]);
    expect((await stockAt(owner, skus[0]!, location)).reserved).toBe(before.reserved + 2); // its two beanies
  });

  it('cancels a trashed order, and raises one exception when the store restores it, without re-reserving', async () => {
    const { id: channel, key } = await wooChannel();
    const before = await stockAt(owner, skus[0]!, location);
    const { id, raw } = wooOrder();
    await deliver(channel, raw);
    await inboxSettled(channel);
    // the store keeps the trashed order's date_modified: the deletion still counts as the newer version
    await inStore(key, { order: JSON.parse(wooOrder({ id: Number(id), status: 'trash' }).raw) });
    await deliver(channel, JSON.stringify({ id: Number(id) }), 'order.deleted');
    await inboxSettled(channel);
    expect((await ordersOf(channel))[0]).toMatchObject({ external_id: id, status: 'cancelled' });
    expect((await stockAt(owner, skus[0]!, location)).reserved).toBe(before.reserved);

    const restored = wooOrder({ id: Number(id), modified: '2026-03-02T14:20:00' }).raw;
    await deliver(channel, restored, 'order.restored');
    await deliver(channel, restored, 'order.restored');
    await inboxSettled(channel);
    expect((await ordersOf(channel))[0]).toMatchObject({ external_id: id, status: 'cancelled' });
    expect((await stockAt(owner, skus[0]!, location)).reserved).toBe(before.reserved);
    const raised = (
      await call('GET', '/api/v1/exceptions?kind=channel_restored', { as: owner })
    ).body.data.filter((e: { channel?: string }) => e.channel === channel);
    expect(raised).toHaveLength(1);
    expect(raised[0].message).toContain(`restored order ${id}`);
  });

  it('leaves the order alone when order.deleted arrives after the store already restored it', async () => {
    const { id: channel, key } = await wooChannel();
    const { id, raw } = wooOrder();
    await deliver(channel, raw);
    await inboxSettled(channel);
    await inStore(key, {
      order: JSON.parse(wooOrder({ id: Number(id), modified: '2026-03-02T14:30:00' }).raw),
    });
    await deliver(channel, JSON.stringify({ id: Number(id) }), 'order.deleted');
    await inboxSettled(channel);
    expect((await ordersOf(channel))[0]).toMatchObject({ external_id: id, status: 'allocated' });
  });

  it('refuses a wrong or missing signature, or a re-serialized body, with 401 and stores nothing', async () => {
    const { id: channel } = await wooChannel();
    const { raw } = wooOrder();
    const wrong = await deliver(channel, raw, 'order.created', { signature: base64(new Uint8Array(32)) });
    const missing = await deliver(channel, raw, 'order.created', { signature: null });
    const reserialized = await deliver(channel, JSON.stringify(JSON.parse(raw)), 'order.created', {
      signature: await sign(raw),
    });
    for (const answer of [wrong, missing, reserialized]) {
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('invalid_signature');
    }
    expect(await inboxCount(channel)).toBe(0);
    expect(await ordersOf(channel)).toEqual([]);
  });

  it('answers the ping sent when the webhook is saved with 200, storing nothing', async () => {
    const { id: channel } = await wooChannel();
    const res = await call('POST', `/api/v1/webhooks/woocommerce/${channel}`, {
      raw: 'webhook_id=17',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect(await inboxCount(channel)).toBe(0);
  });

  it('refuses a signed delivery without its delivery id with 400, storing nothing', async () => {
    const { id: channel } = await wooChannel();
    const { raw } = wooOrder();
    const res = await call('POST', `/api/v1/webhooks/woocommerce/${channel}`, {
      raw,
      headers: { 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-signature': await sign(raw) },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_channel_payload');
    expect(await inboxCount(channel)).toBe(0);
  });
});

describe('WooCommerce stock and tracking out', () => {
  it('pushes products and variations by batch, and raises an exception only for the item Woo refused', async () => {
    const { id: channel, key } = await wooChannel();
    const loc = (await makeLocation(owner)).code;
    const [simple, variant, unknown] = [await makeSku(owner), await makeSku(owner), await makeSku(owner)];
    const links = [
      { sku: simple.sku, external: { product_id: '198' } },
      { sku: variant.sku, external: { product_id: '244', variation_id: '251' } },
      { sku: unknown.sku, external: { product_id: '900123' } },
    ];
    for (const link of links) {
      const res = await call('POST', '/api/v1/listings', {
        as: owner,
        body: { channel, channel_sku: `WOO-${uid()}`, ...link },
      });
      expect(res.status).toBe(200);
    }
    await receive(owner, simple.sku, loc, 7);
    await receive(owner, variant.sku, loc, 4);
    await receive(owner, unknown.sku, loc, 2);
    const latest = async () => {
      const stock = new Map<string, number>();
      for (const push of await pushesOf(key)) {
        for (const u of push.body.update) stock.set(`${push.path}#${u.id}`, u.stock_quantity);
      }
      return stock;
    };
    await vi.waitFor(
      async () => {
        const stock = await latest();
        expect(stock.get('/wp-json/wc/v3/products/batch#198')).toBe(7);
        expect(stock.get('/wp-json/wc/v3/products/244/variations/batch#251')).toBe(4);
        expect(stock.get('/wp-json/wc/v3/products/batch#900123')).toBe(2);
      },
      { timeout: 10_000, interval: 100 },
    );
    await vi.waitFor(
      async () => {
        const failures = (
          await call('GET', '/api/v1/exceptions?kind=sync_failure', { as: owner })
        ).body.data.filter((e: { channel: string }) => e.channel === channel);
        expect(failures.length).toBeGreaterThan(0);
        expect(new Set(failures.map((e: { sku: string }) => e.sku))).toEqual(new Set([unknown.sku]));
      },
      { timeout: 10_000, interval: 100 },
    );
    const pushed = await env.DB.prepare(
      'SELECT sku, pushed_quantity, sync_error FROM listings WHERE channel = ? ORDER BY sku',
    )
      .bind(channel)
      .all<{ sku: string; pushed_quantity: number | null; sync_error: string | null }>();
    const bySku = new Map(pushed.results.map((r) => [r.sku, r]));
    expect(bySku.get(simple.sku)).toMatchObject({ pushed_quantity: 7, sync_error: null });
    expect(bySku.get(variant.sku)).toMatchObject({ pushed_quantity: 4, sync_error: null });
    expect(bySku.get(unknown.sku)?.pushed_quantity).toBeNull();
    expect(bySku.get(unknown.sku)?.sync_error).toContain('woocommerce_rest_product_invalid_id');
  });

  it('adds the tracking note and completes the order once, even when the shipped event comes twice', async () => {
    const { id: channel, key } = await wooChannel();
    const loc = (await makeLocation(owner)).code;
    const own = [(await makeSku(owner)).sku, (await makeSku(owner)).sku];
    for (const sku of own) await receive(owner, sku, loc, 5);
    const { id, raw } = wooOrder({ skus: own });
    await deliver(channel, raw);
    await inboxSettled(channel);
    const [order] = await ordersOf(channel);
    const shipment = await shipOrder(order!.id, loc);
    const notes = async () => (await pushesOf(key)).filter((p) => p.path.endsWith('/notes'));
    await vi.waitFor(async () => expect(await notes()).toHaveLength(1), { timeout: 10_000, interval: 100 });
    await vi.waitFor(
      async () => {
        const done = await env.DB.prepare(
          "SELECT count(*) AS n FROM operations WHERE id = ? AND json_extract(result, '$.done') = 1",
        )
          .bind(`tracking:${shipment}`)
          .first<{ n: number }>();
        expect(done!.n).toBe(1);
      },
      { timeout: 10_000, interval: 100 },
    );
    await dispatchEvent(
      env,
      database(env),
      domainEvent('shipment.shipped', shipment, { order_id: order!.id }),
    );
    const pushes = await pushesOf(key);
    expect(pushes.map((p) => [p.method, p.path])).toEqual([
      ['POST', `/wp-json/wc/v3/orders/${id}/notes`],
      ['PUT', `/wp-json/wc/v3/orders/${id}`],
    ]);
    expect(pushes[0]!.body).toMatchObject({ customer_note: true });
    expect(pushes[0]!.body.note).toContain('1Z999AA10123456784');
    expect(pushes[1]!.body).toEqual({ status: 'completed' });
  });
});

/** Picks, packs and ships the order's one shipment from its own location with a UPS tracking number. */
async function shipOrder(orderId: string, loc: string) {
  const list = (await call('POST', '/api/v1/pick-lists', { as: owner, body: { location: loc } })).body;
  const shipment = list.shipments.find((s: { order_id: string }) => s.order_id === orderId).id as string;
  const lines = list.lines as { sku: string; quantity: number }[];
  // one unit per scan, as a picker does: a pick fills one shipment line, and a SKU may have several
  for (const line of lines) {
    for (let unit = 0; unit < line.quantity; unit++) {
      await call('POST', `/api/v1/pick-lists/${list.id}/picks`, {
        as: owner,
        body: { op_id: `op-${crypto.randomUUID()}`, code: line.sku },
      });
    }
  }
  const packed = await call('POST', `/api/v1/shipments/${shipment}/pack`, {
    as: owner,
    body: {
      scans: lines.map((l) => ({ code: l.sku, quantity: l.quantity })),
      packages: [{ weight_grams: 800 }],
    },
  });
  expect(packed.body.status, JSON.stringify(packed.body)).toBe('packed');
  await call('POST', `/api/v1/shipments/${shipment}/tracking`, {
    as: owner,
    body: { carrier: 'UPS', tracking_code: '1Z999AA10123456784' },
  });
  const shipped = await call('POST', `/api/v1/shipments/${shipment}/ship`, { as: owner });
  expect(shipped.body.status).toBe('shipped');
  return shipment;
}
