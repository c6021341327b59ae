import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import {
  approvedReturn,
  returnBody,
  type ShippedOrder,
  shippedOrder,
} from '../fixtures/returns/shipped-order';
import fixture from '../fixtures/shopify-rest-refund.json';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { base64, hmacSha256 } from '../helpers/hmac';

const shopify = inject('shopifyUrl');
const SECRET = 'shpss_returns_secret';
let owner: Caller;
let staff: Caller;
beforeAll(async () => {
  [owner, staff] = await Promise.all([signedIn('owner'), signedIn('staff')]);
});

async function shopifyChannel(token: string) {
  const made = await call('POST', '/api/v1/channels', {
    as: owner,
    body: {
      type: 'shopify',
      name: 'Shop',
      config: {
        shop_domain: 'demo.myshopify.com',
        webhook_secret: SECRET,
        access_token: token,
        api_base_url: shopify,
      },
    },
  });
  expect(made.status).toBe(201);
  return made.body.id as string;
}

/** A shipped order of the channel, with an id Shopify could have given it. */
const shopifyOrder = (channel: string, quantities: number[]) =>
  shippedOrder(owner, quantities, {
    channel,
    external_id: `${4_000_000_000 + Math.floor(Math.random() * 1e9)}`,
  });

/** The fixture refund for this order: each line returned (restock_type return), refunding `amount`. */
function refundPayload(o: ShippedOrder, refundId: string, amount: string) {
  const refund = structuredClone(fixture.refund);
  return JSON.stringify({
    ...refund,
    id: Number(refundId),
    order_id: Number(o.order.external_id),
    refund_line_items: refund.refund_line_items.slice(0, o.skus.length).map((line, i) => ({
      ...line,
      restock_type: 'return',
      line_item: { ...line.line_item, sku: o.skus[i] },
    })),
    transactions: refund.transactions.map((t) => ({ ...t, amount })),
  });
}

async function deliver(channel: string, raw: string) {
  const res = await call('POST', `/api/v1/webhooks/shopify/${channel}`, {
    raw,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': 'refunds/create',
      'x-shopify-hmac-sha256': base64(await hmacSha256(SECRET, raw)),
      'x-shopify-webhook-id': crypto.randomUUID(),
      'x-shopify-shop-domain': 'demo.myshopify.com',
    },
  });
  expect(res.status).toBe(200);
}

const settled = (channel: string) =>
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

const returnsOf = async (orderId: string) =>
  (await call('GET', `/api/v1/returns?order_id=${orderId}`, { as: owner })).body.data as { id: string }[];
const detail = async (id: string) => (await call('GET', `/api/v1/returns/${id}`, { as: owner })).body;
const exceptionsFor = async (kind: string, orderId: string) =>
  (await call('GET', `/api/v1/exceptions?kind=${kind}`, { as: owner })).body.data.filter(
    (e: { order_id: string }) => e.order_id === orderId,
  );

describe('returns with Shopify', () => {
  it('publishes restocked units to Shopify like any stock change', async () => {
    const token = `shpat_${uid()}`;
    const channel = await shopifyChannel(token);
    const o = await shippedOrder(owner, [2]);
    const item = `${Math.floor(Math.random() * 1e12)}`;
    const listed = await call('POST', '/api/v1/listings', {
      as: owner,
      body: {
        channel,
        channel_sku: `SHOP-${uid()}`,
        sku: o.skus[0],
        external: { inventory_item_id: item, location_id: '905684977' },
      },
    });
    expect(listed.status).toBe(200);
    const level = async () =>
      (
        (await (await fetch(`${shopify}/__levels?token=${token}`)).json()) as {
          levels: Record<string, number>;
        }
      ).levels[`gid://shopify/InventoryItem/${item}`];
    await vi.waitFor(async () => expect(await level()).toBe(8), { timeout: 10_000, interval: 100 });
    const rma = await approvedReturn(staff, returnBody(o.order, [{ line: 0, quantity: 2 }]));
    await call('POST', `/api/v1/returns/${rma.id}/receive`, {
      as: staff,
      body: {
        location_id: o.location,
        op_id: `op-${crypto.randomUUID()}`,
        items: [{ code: o.skus[0], quantity: 2, disposition: 'restock' }],
      },
    });
    await vi.waitFor(async () => expect(await level()).toBe(10), { timeout: 10_000, interval: 100 });
  });

  it('makes one return and one linked refund from a refund delivered twice before any return exists', async () => {
    const channel = await shopifyChannel(`shpat_${uid()}`);
    const o = await shopifyOrder(channel, [1, 1]);
    const raw = refundPayload(o, `${7_000_000 + Math.floor(Math.random() * 1e6)}`, '30.00');
    await deliver(channel, raw);
    await deliver(channel, raw);
    await settled(channel);
    const made = await returnsOf(o.order.id);
    expect(made).toHaveLength(1);
    const rma = await detail(made[0]!.id);
    expect(rma).toMatchObject({ source: 'channel', status: 'approved' });
    expect(rma.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([
      [o.skus[0], 1],
      [o.skus[1], 1],
    ]);
    expect(rma.refunds).toEqual([
      expect.objectContaining({ status: 'from_channel', channel_amount: 3000, amount: null }),
    ]);
    await deliver(channel, raw);
    await settled(channel);
    expect((await detail(rma.id)).refunds).toHaveLength(1);
    expect(await returnsOf(o.order.id)).toHaveLength(1);

    // our refund of the same amount claims the channel's instead of paying again
    const ours = await call('POST', `/api/v1/returns/${rma.id}/refund`, {
      as: owner,
      body: { lines_amount: 3000 },
    });
    expect(ours.body.refunds).toEqual([
      expect.objectContaining({ status: 'from_channel', amount: 3000, channel_amount: 3000 }),
    ]);
    expect(await exceptionsFor('refund_mismatch', o.order.id)).toEqual([]);
  });

  it('raises refund_mismatch when the channel refunded another amount than ours', async () => {
    const channel = await shopifyChannel(`shpat_${uid()}`);
    const o = await shopifyOrder(channel, [2]);
    const rma = await approvedReturn(staff, returnBody(o.order, [{ line: 0, quantity: 2 }]));
    await deliver(channel, refundPayload(o, `${8_000_000 + Math.floor(Math.random() * 1e6)}`, '20.00'));
    await settled(channel);
    expect((await detail(rma.id)).refunds).toEqual([expect.objectContaining({ channel_amount: 2000 })]);
    const ours = await call('POST', `/api/v1/returns/${rma.id}/refund`, {
      as: owner,
      body: { lines_amount: 3000 },
    });
    expect(ours.body.refunds).toHaveLength(1);
    const [mismatch] = await exceptionsFor('refund_mismatch', o.order.id);
    expect(mismatch).toMatchObject({
      status: 'open',
      channel,
      message: `${rma.number}: the channel refunded 2000, we decided 3000 (USD minor units)`,
    });
  });

  it('pays a refund on Shopify once, and links the refunds/create that Shopify then sends', async () => {
    const token = `shpat_${uid()}`;
    const channel = await shopifyChannel(token);
    const o = await shopifyOrder(channel, [1]);
    const rma = await approvedReturn(staff, returnBody(o.order, [{ line: 0, quantity: 1 }]));
    const paid = await call('POST', `/api/v1/returns/${rma.id}/refund`, {
      as: owner,
      body: { lines_amount: 1500, shipping_amount: 0, restocking_fee: 0 },
    });
    expect(paid.status).toBe(200);
    const [refund] = paid.body.refunds;
    expect(refund).toMatchObject({
      status: 'pushed',
      amount: 1500,
      external_refund_id: expect.stringMatching(/^\d+$/),
    });
    const atShop = (await (await fetch(`${shopify}/__refunds?token=${token}`)).json()) as {
      refunds: { order: string; amount: string }[];
    };
    expect(atShop.refunds).toEqual([
      expect.objectContaining({ order: `gid://shopify/Order/${o.order.external_id}`, amount: '15.00' }),
    ]);
    await deliver(channel, refundPayload(o, refund.external_refund_id, '15.00'));
    await settled(channel);
    expect((await detail(rma.id)).refunds).toEqual([
      expect.objectContaining({ id: refund.id, status: 'pushed', channel_amount: 1500 }),
    ]);
    expect(await exceptionsFor('refund_mismatch', o.order.id)).toEqual([]);
  });
});
