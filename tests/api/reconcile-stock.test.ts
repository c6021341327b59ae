import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import worker from '../../worker/index';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive } from '../helpers/factories';

const shopify = inject('shopifyUrl');
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

const levels = async (token: string) =>
  ((await (await fetch(`${shopify}/__levels?token=${token}`)).json()) as { levels: Record<string, number> })
    .levels;
const editInShopify = (token: string, item: string, quantity: number) =>
  fetch(`${shopify}/__levels?token=${token}`, { method: 'POST', body: JSON.stringify({ item, quantity }) });
const shows = (token: string, item: string, quantity: number) =>
  vi.waitFor(async () => expect((await levels(token))[item]).toBe(quantity), {
    timeout: 10_000,
    interval: 100,
  });

/** A Shopify channel with one listed SKU holding `stock` units, already pushed to the shop. */
async function syncedListing(stock: number) {
  const token = `shpat_${uid()}`;
  const channel = (
    await call('POST', '/api/v1/channels', {
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
      },
    })
  ).body.id as string;
  const loc = await makeLocation(owner);
  const { sku } = await makeSku(owner);
  const id = `${Math.floor(Math.random() * 1e12)}`;
  const channelSku = `SHOP-${uid()}`;
  await call('POST', '/api/v1/listings', {
    as: owner,
    body: {
      channel,
      channel_sku: channelSku,
      sku,
      external: { inventory_item_id: id, location_id: '905684977' },
    },
  });
  await receive(owner, sku, loc.code, stock);
  const item = `gid://shopify/InventoryItem/${id}`;
  await shows(token, item, stock);
  return { token, channel, sku, loc, item, channelSku };
}

describe('stock reconcile with the channel', () => {
  it('repairs a quantity edited in Shopify, resolving the conflict it caused', async () => {
    const { token, channel, sku, loc, item, channelSku } = await syncedListing(3);
    await editInShopify(token, item, 40);
    await receive(owner, sku, loc.code, 1);
    await vi.waitFor(
      async () => {
        const open = await call('GET', '/api/v1/exceptions?kind=sync_conflict', { as: owner });
        expect(open.body.data.some((e: { sku: string }) => e.sku === sku)).toBe(true);
      },
      { timeout: 10_000, interval: 100 },
    );
    const res = await call('POST', `/api/v1/channels/${channel}/reconcile`, { as: owner });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      channel,
      checked: 1,
      drifted: [{ channel_sku: channelSku, sku, expected: 3, found: 40 }],
      missing: [],
    });
    await shows(token, item, 4);
    const open = await call('GET', '/api/v1/exceptions?kind=sync_conflict', { as: owner });
    expect(
      open.body.data.some((e: { sku: string; status: string }) => e.sku === sku && e.status === 'open'),
    ).toBe(false);
    const again = await call('POST', `/api/v1/channels/${channel}/reconcile`, { as: owner });
    expect(again.body).toMatchObject({ checked: 1, drifted: [] });
  });

  it('runs for every channel at night from the cron trigger', async () => {
    const { token, item } = await syncedListing(5);
    await editInShopify(token, item, 2);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '0 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    await shows(token, item, 5);
  });

  it('reports items the shop does not stock, and refuses paused or unknown channels', async () => {
    const { token, channel, item, channelSku } = await syncedListing(2);
    expect((await levels(token))[item]).toBe(2);
    const other = await makeSku(owner);
    const ghost = `SHOP-${uid()}`;
    await call('POST', '/api/v1/listings', {
      as: owner,
      body: {
        channel,
        channel_sku: ghost,
        sku: other.sku,
        external: { inventory_item_id: '999', location_id: '1' },
      },
    });
    const res = await call('POST', `/api/v1/channels/${channel}/reconcile`, { as: owner });
    expect(res.body.missing).toEqual([ghost]);
    expect(res.body.drifted.map((d: { channel_sku: string }) => d.channel_sku)).not.toContain(channelSku);
    await call('PATCH', `/api/v1/channels/${channel}`, { as: owner, body: { status: 'paused' } });
    const paused = await call('POST', `/api/v1/channels/${channel}/reconcile`, { as: owner });
    expect(paused.status).toBe(409);
    expect(paused.body.error.code).toBe('reconcile_unavailable');
    const unknown = await call('POST', '/api/v1/channels/chn_00000000000000000000000000/reconcile', {
      as: owner,
    });
    expect(unknown.status).toBe(404);
  });
});
