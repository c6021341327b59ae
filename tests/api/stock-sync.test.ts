import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive } from '../helpers/factories';

const shopify = inject('shopifyUrl');
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

/** A Shopify channel on the local Shopify, a SKU listed on it, and stock at a warehouse. */
async function listedSku(token: string, buffer = 0) {
  const channel = (
    await call('POST', '/api/v1/channels', {
      as: owner,
      body: {
        type: 'shopify',
        name: 'Shop',
        stock_buffer: buffer,
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
  return { channel, loc, sku, item: `gid://shopify/InventoryItem/${item}` };
}

const shopLevels = async (token: string) =>
  (await (await fetch(`${shopify}/__levels?token=${token}`)).json()) as {
    levels: Record<string, number>;
    calls: number;
  };

const shopShows = (token: string, item: string, quantity: number) =>
  vi.waitFor(async () => expect((await shopLevels(token)).levels[item]).toBe(quantity), {
    timeout: 10_000,
    interval: 100,
  });

describe('stock out to Shopify', () => {
  it('publishes available-to-promise less the channel buffer, and follows orders and cancellations', async () => {
    const token = `shpat_${uid()}`;
    const { loc, sku, item } = await listedSku(token, 2);
    await receive(owner, sku, loc.code, 10);
    await shopShows(token, item, 8);
    const order = (
      await call('POST', '/api/v1/orders', { as: owner, body: orderBody([{ sku, quantity: 3 }]) })
    ).body;
    await shopShows(token, item, 5);
    await call('POST', `/api/v1/orders/${order.id}/cancel`, { as: owner });
    await shopShows(token, item, 8);
  });

  it('waits out a 429 and then pushes the latest number', async () => {
    const token = `shpat_slow${uid()}`;
    const { loc, sku, item } = await listedSku(token);
    await receive(owner, sku, loc.code, 4);
    await shopShows(token, item, 4);
    expect((await shopLevels(token)).calls).toBeGreaterThanOrEqual(2);
  });

  it('does not overwrite stock someone changed in Shopify: it raises a sync conflict', async () => {
    const token = `shpat_${uid()}`;
    const { loc, sku, item } = await listedSku(token);
    await receive(owner, sku, loc.code, 6);
    await shopShows(token, item, 6);
    await fetch(`${shopify}/__levels?token=${token}`, {
      method: 'POST',
      body: JSON.stringify({ item, quantity: 99 }),
    });
    await receive(owner, sku, loc.code, 1);
    await vi.waitFor(
      async () => {
        const inbox = await call('GET', '/api/v1/exceptions?kind=sync_conflict', { as: owner });
        expect(inbox.body.data.some((e: { sku: string }) => e.sku === sku)).toBe(true);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect((await shopLevels(token)).levels[item]).toBe(99);
  });
});
