import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive } from '../helpers/factories';

const shopify = inject('shopifyUrl');
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

interface Arrival {
  at: number;
  set: Record<string, number>;
}
const shop = async (token: string) =>
  (await (await fetch(`${shopify}/__levels?token=${token}`)).json()) as {
    levels: Record<string, number>;
    arrivals: Arrival[];
  };

async function shopifyChannel(token: string, extra: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/v1/channels', {
    as: owner,
    body: {
      type: 'shopify',
      name: 'Shop',
      config: {
        shop_domain: 'demo.myshopify.com',
        webhook_secret: 'whsec_xxxxxxxx',
        access_token: token,
        api_base_url: shopify,
      },
      ...extra,
    },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** A new SKU listed on the channel; returns its Shopify inventory item gid. */
async function listOn(channel: string) {
  const { sku } = await makeSku(owner);
  const item = `${Math.floor(Math.random() * 1e12)}`;
  const linked = await call('POST', '/api/v1/listings', {
    as: owner,
    body: {
      channel,
      channel_sku: `SHOP-${uid()}`,
      sku,
      external: { inventory_item_id: item, location_id: '905684977' },
    },
  });
  expect(linked.status).toBe(200);
  return { sku, item: `gid://shopify/InventoryItem/${item}` };
}

const shows = (token: string, expected: Record<string, number>, timeout = 15_000) =>
  vi.waitFor(async () => expect((await shop(token)).levels).toMatchObject(expected), {
    timeout,
    interval: 100,
  });

/** The most arrivals any window of `windowMs` saw. */
function busiestWindow(arrivals: Arrival[], windowMs: number) {
  const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

const channelView = async (id: string) => (await call('GET', `/api/v1/channels/${id}`, { as: owner })).body;

describe('stock sync within each channel account budget', () => {
  it('never sends a shop more requests than its limit, and the last value wins', async () => {
    const token = `shpat_${uid()}`;
    // this shop's plan: one mutation (10 points) at once, then one every 4 s
    const channel = await shopifyChannel(token, {
      rate_limits: { 'shopify.graphql': { capacity: 10, refill_per_second: 2.5 } },
    });
    const loc = await makeLocation(owner);
    const listed = [await listOn(channel), await listOn(channel)];
    const expected: Record<string, number> = {};
    // changes in separate queue batches (1 s apart): unpaced, each would be its own request at once
    for (let round = 1; round <= 4; round++) {
      const { sku, item } = listed[round % 2]!;
      await receive(owner, sku, loc.code, round);
      expected[item] = (expected[item] ?? 0) + round;
      await new Promise((r) => setTimeout(r, 1_100));
    }
    await shows(token, expected, 30_000);
    const { arrivals } = await shop(token);
    expect(arrivals.length).toBeGreaterThanOrEqual(2);
    expect(busiestWindow(arrivals, 3_800)).toBe(1);
  }, 45_000);

  it('pushes the zero-outs first when a batch holds several changes', async () => {
    const token = `shpat_${uid()}`;
    const channel = await shopifyChannel(token);
    const loc = await makeLocation(owner);
    const growing = await listOn(channel);
    const sellingOut = await listOn(channel);
    await receive(owner, growing.sku, loc.code, 5);
    await receive(owner, sellingOut.sku, loc.code, 2);
    await shows(token, { [growing.item]: 5, [sellingOut.item]: 2 });
    await call('PATCH', `/api/v1/channels/${channel}`, { as: owner, body: { status: 'paused' } });
    await receive(owner, growing.sku, loc.code, 1);
    const order = await call('POST', '/api/v1/orders', {
      as: owner,
      body: orderBody([{ sku: sellingOut.sku, quantity: 2 }]),
    });
    expect(order.status).toBe(201);
    const before = (await shop(token)).arrivals.length;
    expect((await channelView(channel)).health.status).toBe('paused');
    await call('PATCH', `/api/v1/channels/${channel}`, { as: owner, body: { status: 'active' } });
    await shows(token, { [growing.item]: 6, [sellingOut.item]: 0 });
    const after = (await shop(token)).arrivals.slice(before);
    expect(after[0]!.set).toEqual({ [sellingOut.item]: 0 });
    expect(after.some((a) => a.set[growing.item] === 6)).toBe(true);
  });

  it("applies the channel's stock rules, and new rules reach the channel at once", async () => {
    const token = `shpat_${uid()}`;
    const channel = await shopifyChannel(token, { stock_rules: { percent: 50, max_listed: 8 } });
    const loc = await makeLocation(owner);
    const { sku, item } = await listOn(channel);
    await receive(owner, sku, loc.code, 10);
    await shows(token, { [item]: 5 });
    await receive(owner, sku, loc.code, 30);
    await shows(token, { [item]: 8 });
    const patched = await call('PATCH', `/api/v1/channels/${channel}`, {
      as: owner,
      body: { stock_rules: { end_when_below: 50 } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.stock_rules).toEqual({ end_when_below: 50 });
    await shows(token, { [item]: 0 });
    expect((await channelView(channel)).health).toEqual({
      status: 'healthy',
      pending_pushes: 0,
      open_exceptions: 0,
    });
  });

  it('shows a channel whose stock pushes conflict as degraded, with its last error', async () => {
    const token = `shpat_${uid()}`;
    const channel = await shopifyChannel(token);
    const loc = await makeLocation(owner);
    const { sku, item } = await listOn(channel);
    await receive(owner, sku, loc.code, 3);
    await shows(token, { [item]: 3 });
    expect((await channelView(channel)).last_synced_at).toEqual(expect.any(String));
    await fetch(`${shopify}/__levels?token=${token}`, {
      method: 'POST',
      body: JSON.stringify({ item, quantity: 40 }),
    });
    await receive(owner, sku, loc.code, 1);
    await vi.waitFor(
      async () => {
        const view = await channelView(channel);
        expect(view.health).toMatchObject({ status: 'degraded', open_exceptions: 1, pending_pushes: 1 });
        expect(view.last_error).toMatch(/changed since 3/);
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it('refuses bad rules and unknown channels with a clear code, changing nothing', async () => {
    const channel = await shopifyChannel(`shpat_${uid()}`, { stock_rules: { max_listed: 4 } });
    const bad = await call('PATCH', `/api/v1/channels/${channel}`, {
      as: owner,
      body: { stock_rules: { percent: 150 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect((await channelView(channel)).stock_rules).toEqual({ max_listed: 4 });
    const missing = await call('PATCH', '/api/v1/channels/chn_00000000000000000000000000', {
      as: owner,
      body: { status: 'paused' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('channel_not_found');
    const staff = await signedIn('staff');
    const forbidden = await call('PATCH', `/api/v1/channels/${channel}`, {
      as: staff,
      body: { status: 'paused' },
    });
    expect(forbidden.status).toBe(403);
  });
});
