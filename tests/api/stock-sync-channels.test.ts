import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import worker from '../../worker/index';
import type { ChannelPush } from '../../worker/services/sync-stock';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive } from '../helpers/factories';

const shopify = inject('shopifyUrl');
const amazon = inject('amazonUrl');
const bigcommerce = inject('bigcommerceUrl');
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

async function newChannel(body: Record<string, unknown>) {
  const res = await call('POST', '/api/v1/channels', { as: owner, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function shopifyChannel() {
  const token = `shpat_${uid()}`;
  const id = await newChannel({
    type: 'shopify',
    name: 'Shop',
    config: {
      shop_domain: 'demo.myshopify.com',
      webhook_secret: 'whsec_xxxxxxxx',
      access_token: token,
      api_base_url: shopify,
    },
  });
  const item = `${Math.floor(Math.random() * 1e12)}`;
  return {
    id,
    token,
    external: { inventory_item_id: item, location_id: '905684977' },
    gid: `gid://shopify/InventoryItem/${item}`,
  };
}

/** An Amazon channel whose refresh token carries `behaviour` (throttle4, flaky: see tests/node/amazon-server.ts). */
async function amazonChannel(behaviour: string) {
  const refresh = `${behaviour}-${uid()}`;
  const id = await newChannel({
    type: 'amazon',
    name: 'Amazon US',
    config: {
      seller_id: 'A2SELLER01',
      marketplace_ids: ['ATVPDKIKX0DER'],
      refresh_token: `Atzr|${refresh}`,
      client_id: 'amzn1.application-oa2-client.test',
      client_secret: 'amzn1.oa2-cs.v1.secret',
      api_base_url: amazon,
      auth_base_url: amazon,
    },
  });
  return { id, token: `Atza|${refresh}` };
}

/** A BigCommerce store whose token carries `behaviour` (down: every call answers 500). */
async function bigCommerceChannel(behaviour: string) {
  const token = `bc-${behaviour}-${uid()}`;
  const id = await newChannel({
    type: 'bigcommerce',
    name: 'BigCommerce',
    config: {
      store_hash: 'abc123',
      access_token: token,
      webhook_secret: 'bc_hook_secret_0123456789',
      api_base_url: bigcommerce,
    },
  });
  return { id, token };
}

async function list(channel: string, sku: string, external: Record<string, string>) {
  const res = await call('POST', '/api/v1/listings', {
    as: owner,
    body: { channel, channel_sku: `CH-${uid()}`, sku, external },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const shop = async (token: string) =>
  (await (await fetch(`${shopify}/__levels?token=${token}`)).json()) as {
    levels: Record<string, number>;
    arrivals: { at: number; set: Record<string, number> }[];
  };
const amazonPatches = async (token: string) =>
  (
    (await (await fetch(`${amazon}/__pushes?token=${encodeURIComponent(token)}`)).json()) as {
      pushes: { method: string; path: string; body: any; at: number }[];
    }
  ).pushes.filter((p) => p.method === 'PATCH');
const storePushes = async (token: string) =>
  ((await (await fetch(`${bigcommerce}/__pushes?token=${token}`)).json()) as { pushes: unknown[] }).pushes;
const until = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 15_000, interval: 100 });

/** Hands `pushes` to the channel-push consumer as one batch; answers which were acknowledged and retried. */
async function consume(queue: string, pushes: { id: string; attempts?: number; body: ChannelPush }[]) {
  const batch = createMessageBatch<ChannelPush>(
    queue,
    pushes.map((p) => ({ id: p.id, timestamp: Date.now(), attempts: p.attempts ?? 1, body: p.body })),
  );
  await worker.queue(batch as MessageBatch, env);
  return getQueueResult(batch, createExecutionContext());
}

describe('stock pushes, one channel at a time', () => {
  it('pushes a healthy channel at once while a throttled one waits out its Retry-After alone', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    const throttled = await amazonChannel('throttle4');
    const healthy = await shopifyChannel();
    await list(throttled.id, sku, { seller_sku: `AMZ-${uid()}` });
    await list(healthy.id, sku, healthy.external);
    await receive(owner, sku, loc.code, 5);
    await until(async () => {
      expect((await shop(healthy.token)).levels[healthy.gid]).toBe(5);
      expect((await amazonPatches(throttled.token)).at(-1)?.body.patches[0].value[0].quantity).toBe(5);
    });
    const shopFirst = (await shop(healthy.token)).arrivals[0]!;
    const amazonFirst = (await amazonPatches(throttled.token))[0]!;
    // Amazon's first answer (to the listing's first push) was 429 with Retry-After: 4; Shopify did not wait
    expect(amazonFirst.at - shopFirst.at).toBeGreaterThan(2_500);
  }, 30_000);

  it('retries only the channels that failed, each after its own delay, and pushes a channel once per batch', async () => {
    const { sku } = await makeSku(owner);
    const healthy = await shopifyChannel();
    const throttled = await amazonChannel('throttle4');
    const down = await bigCommerceChannel('down');
    const channelIds = [healthy.id, throttled.id, down.id];
    // listed while paused, so no push has happened yet and this batch meets each channel's first answer
    for (const id of channelIds) {
      await call('PATCH', `/api/v1/channels/${id}`, { as: owner, body: { status: 'paused' } });
    }
    await list(healthy.id, sku, healthy.external);
    await list(throttled.id, sku, { seller_sku: `AMZ-${uid()}` });
    await list(down.id, sku, { variant_id: '1001', location_id: '1' });
    await env.DB.prepare('UPDATE listings SET desired_quantity = 7 WHERE sku = ?').bind(sku).run();
    await env.DB.prepare(
      `UPDATE channels SET status = 'active' WHERE code IN (${channelIds.map(() => '?').join(',')})`,
    )
      .bind(...channelIds)
      .run();

    const result = await consume('switchyard-channel-push', [
      { id: 'shop-1', body: { channel: healthy.id } },
      { id: 'amazon', body: { channel: throttled.id } },
      { id: 'store', attempts: 3, body: { channel: down.id } },
      { id: 'shop-2', body: { channel: healthy.id } },
    ]);
    expect(result.ackAll).toBe(false);
    expect(result.explicitAcks.sort()).toEqual(['shop-1', 'shop-2']);
    expect(result.retryMessages.map((m) => m.msgId).sort()).toEqual(['amazon', 'store']);
    expect((await shop(healthy.token)).arrivals.map((a) => a.set)).toEqual([{ [healthy.gid]: 7 }]);
    expect(await amazonPatches(throttled.token)).toEqual([]);
    expect(await storePushes(down.token)).toEqual([]);
    // each retried after its own delay (the test runtime does not report it): Amazon's Retry-After, and the
    // BigCommerce client's 5 s for a 500
    const lastError = async (id: string) =>
      (await call('GET', `/api/v1/channels/${id}`, { as: owner })).body.last_error;
    expect(await lastError(throttled.id)).toBe('Stock push deferred: throttled or unavailable, retry in 4 s');
    expect(await lastError(down.id)).toBe('Stock push deferred: throttled or unavailable, retry in 5 s');
    expect(await lastError(healthy.id)).toBeNull();
  }, 30_000);

  it('retries a channel that answered 500 once, and the other channel is pushed once', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    const healthy = await shopifyChannel();
    const flaky = await amazonChannel('flaky');
    await list(healthy.id, sku, healthy.external);
    await list(flaky.id, sku, { seller_sku: `AMZ-${uid()}` });
    await receive(owner, sku, loc.code, 3);
    await until(async () => {
      expect((await amazonPatches(flaky.token)).at(-1)?.body.patches[0].value[0].quantity).toBe(3);
      expect((await shop(healthy.token)).levels[healthy.gid]).toBe(3);
    });
    const sets = (await shop(healthy.token)).arrivals.map((a) => a.set[healthy.gid]);
    expect(sets.filter((q) => q === 3)).toHaveLength(1);
  }, 30_000);

  it('coalesces several changes of a SKU into one push of the latest stock', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    const channel = await shopifyChannel();
    await list(channel.id, sku, channel.external);
    await until(async () => expect((await shop(channel.token)).levels[channel.gid]).toBe(0));
    const before = (await shop(channel.token)).arrivals.length;
    await call('PATCH', `/api/v1/channels/${channel.id}`, { as: owner, body: { status: 'paused' } });
    for (const quantity of [1, 2, 3, 4]) await receive(owner, sku, loc.code, quantity);
    await call('PATCH', `/api/v1/channels/${channel.id}`, { as: owner, body: { status: 'active' } });
    await until(async () => expect((await shop(channel.token)).levels[channel.gid]).toBe(10));
    const after = (await shop(channel.token)).arrivals.slice(before);
    expect(after.map((a) => a.set)).toEqual([{ [channel.gid]: 10 }]);
  }, 30_000);

  it('turns a push that failed every retry into one sync failure naming its listings', async () => {
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    const down = await bigCommerceChannel('down');
    await list(down.id, sku, { variant_id: '1002', location_id: '1' });
    await receive(owner, sku, loc.code, 2);
    await until(async () => {
      const view = (await call('GET', `/api/v1/channels/${down.id}`, { as: owner })).body;
      expect(view.last_error).toMatch(/^Stock push deferred/);
    });
    const result = await consume('switchyard-channel-push-dlq', [{ id: 'dead', body: { channel: down.id } }]);
    expect(result.ackAll).toBe(true);
    const open = await call('GET', '/api/v1/exceptions?kind=sync_failure', { as: owner });
    const mine = open.body.data.filter((e: { channel?: string }) => e.channel === down.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ sku, status: 'open' });
    expect(mine[0].message).toMatch(
      /^Stock push to BigCommerce failed on every retry \(Stock push deferred: .*\): 1 listing/,
    );
    const view = (await call('GET', `/api/v1/channels/${down.id}`, { as: owner })).body;
    expect(view.health.status).toBe('failing');
  }, 30_000);
});
