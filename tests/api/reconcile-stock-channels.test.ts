import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import worker from '../../worker/index';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive } from '../helpers/factories';

let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

/** A listing as the fake channel knows it: our link, and the key its quantity is kept under in the fake. */
interface Link {
  channelSku: string;
  external: Record<string, string>;
  key: string;
}

/** One channel type on its local fake: how to open an account, link a listing, and look at or edit its stock. */
interface Fake {
  type: string;
  /** `behaviour` goes into the credentials, where the fake reads it (`down` answers 500). */
  open(behaviour?: string): Promise<{ channel: string; token: string }>;
  /** The i-th listing of a test (0 or 1). */
  link(i: number): Link;
  /** Quantities the channel shows, by key. */
  stock(token: string): Promise<Record<string, number>>;
  /** An edit on the channel's side; null deletes the listing there. */
  edit(token: string, key: string, quantity: number | null): Promise<void>;
  /** Stock writes the channel received so far. */
  pushes(token: string): Promise<number>;
}

const json = async <T>(url: string, init?: RequestInit) => (await (await fetch(url, init)).json()) as T;
const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.body?.cancel());
const q = encodeURIComponent;

async function openChannel(type: string, config: Record<string, unknown>) {
  const res = await call('POST', '/api/v1/channels', { as: owner, body: { type, name: type, config } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const writes = async (url: string, isStock: (p: { method: string; path: string }) => boolean) =>
  (await json<{ pushes: { method: string; path: string }[] }>(url)).pushes.filter(isStock).length;
const anId = () => String(1 + Math.floor(Math.random() * 800_000));

const amazon = inject('amazonUrl');
const ebay = inject('ebayUrl');
const etsy = inject('etsyUrl');
const woo = inject('woocommerceUrl');
const bigcommerce = inject('bigcommerceUrl');
const walmart = inject('walmartUrl');
const ETSY_LISTING = '1587342210';

/** Marketplaces keyed by seller SKU share the fake's /__stock shape. */
const bySku = (base: string, prefix: string) => ({
  link: () => {
    const channelSku = `${prefix}-${uid()}`;
    return { channelSku, external: { sku: channelSku, seller_sku: channelSku }, key: channelSku };
  },
  stock: async (token: string) =>
    (await json<{ stock: Record<string, number> }>(`${base}/__stock?token=${q(token)}`)).stock,
  edit: (token: string, key: string, quantity: number | null) =>
    post(`${base}/__stock?token=${q(token)}`, { sku: key, quantity }),
});

const FAKES: Fake[] = [
  {
    type: 'amazon',
    ...bySku(amazon, 'AMZ'),
    async open(behaviour = '') {
      const refresh = `${behaviour}${uid()}`;
      const channel = await openChannel('amazon', {
        seller_id: 'A2SELLER01',
        marketplace_ids: ['ATVPDKIKX0DER'],
        refresh_token: `Atzr|${refresh}`,
        client_id: 'amzn1.application-oa2-client.test',
        client_secret: 'amzn1.oa2-cs.v1.secret',
        api_base_url: amazon,
        auth_base_url: amazon,
      });
      return { channel, token: `Atza|${refresh}` };
    },
    pushes: (token) => writes(`${amazon}/__pushes?token=${q(token)}`, (p) => p.method === 'PATCH'),
  },
  {
    type: 'ebay',
    ...bySku(ebay, 'EB'),
    async open(behaviour = '') {
      const refresh = `${behaviour}${uid()}`;
      const channel = await openChannel('ebay', {
        client_id: `SwitchYa-${uid()}-PRD`,
        client_secret: 'PRD-secret-0123',
        refresh_token: refresh,
        verification_token: 'a'.repeat(40),
        api_base_url: ebay,
      });
      return { channel, token: `ebay-${refresh}` };
    },
    pushes: (token) => writes(`${ebay}/__pushes?token=${q(token)}`, (p) => p.path.includes('bulk_update')),
  },
  {
    type: 'walmart',
    ...bySku(walmart, 'WM'),
    async open(behaviour = '') {
      const clientId = `${behaviour}${uid()}`;
      const channel = await openChannel('walmart', {
        client_id: clientId,
        client_secret: 'walmart-secret-0123',
        api_base_url: walmart,
      });
      return { channel, token: `wm-${clientId}` };
    },
    pushes: (token) =>
      writes(`${walmart}/__pushes?token=${q(token)}`, (p) => p.path.startsWith('/v3/inventory')),
  },
  {
    type: 'etsy',
    async open(behaviour = '') {
      const token = `etsy-${behaviour}${uid()}`;
      const channel = await openChannel('etsy', {
        shop_id: '27182818',
        keystring: 'etsy-keystring-1',
        access_token: token,
        refresh_token: 'etsy-refresh-1',
        api_base_url: etsy,
      });
      return { channel, token };
    },
    // the fixture listing's products: each test's channel has its own copy of the listing
    link: (i) => {
      const sku = ['PLANTER-M-WHT', 'PLANTER-S-WHT'][i]!;
      return { channelSku: sku, external: { listing_id: ETSY_LISTING }, key: sku };
    },
    stock: async (token) => {
      const inventory = await json<{ products: { sku: string; offerings: { quantity: number }[] }[] }>(
        `${etsy}/__inventory?token=${q(token)}&listing=${ETSY_LISTING}`,
      );
      return Object.fromEntries(inventory.products.map((p) => [p.sku, p.offerings[0]!.quantity]));
    },
    edit: (token, key, quantity) =>
      post(`${etsy}/__inventory?token=${q(token)}&listing=${ETSY_LISTING}`, { sku: key, quantity }),
    pushes: (token) => writes(`${etsy}/__pushes?token=${q(token)}`, (p) => p.method === 'PUT'),
  },
  {
    type: 'woocommerce',
    async open(behaviour = '') {
      const key = `ck_${behaviour}${uid()}`;
      const channel = await openChannel('woocommerce', {
        store_url: 'https://shop.example.ca',
        consumer_key: key,
        consumer_secret: `cs_${uid()}`,
        webhook_secret: 'woo_webhook_secret_1',
        api_base_url: woo,
      });
      return { channel, token: key };
    },
    // the second listing is a variation, read through its product's variations
    link: (i) => {
      const product = anId();
      const variation = anId();
      const external: Record<string, string> =
        i === 0 ? { product_id: product } : { product_id: product, variation_id: variation };
      return { channelSku: `WOO-${uid()}`, external, key: i === 0 ? product : variation };
    },
    stock: async (key) =>
      (await json<{ stock: Record<string, number> }>(`${woo}/__stock?key=${q(key)}`)).stock,
    edit: (key, id, quantity) => post(`${woo}/__stock?key=${q(key)}`, { id, quantity }),
    pushes: (key) => writes(`${woo}/__pushes?key=${q(key)}`, (p) => p.path.endsWith('/batch')),
  },
  {
    type: 'bigcommerce',
    async open(behaviour = '') {
      const token = `bc-${behaviour}${uid()}`;
      const channel = await openChannel('bigcommerce', {
        store_hash: 'abc123',
        access_token: token,
        webhook_secret: 'bc_webhook_secret_1',
        api_base_url: bigcommerce,
      });
      return { channel, token };
    },
    link: () => {
      const variant = anId();
      return {
        channelSku: `BC-${uid()}`,
        external: { variant_id: variant, location_id: '1' },
        key: `${variant}@1`,
      };
    },
    stock: async (token) =>
      (await json<{ stock: Record<string, number> }>(`${bigcommerce}/__stock?token=${q(token)}`)).stock,
    edit: (token, key, quantity) => {
      const [variant_id, location_id] = key.split('@');
      return post(`${bigcommerce}/__stock?token=${q(token)}`, { variant_id, location_id, quantity });
    },
    pushes: (token) =>
      writes(`${bigcommerce}/__pushes?token=${q(token)}`, (p) => p.path.includes('/inventory/adjustments')),
  },
];

const shows = (fake: Fake, token: string, key: string, quantity: number) =>
  vi.waitFor(async () => expect((await fake.stock(token))[key]).toBe(quantity), {
    timeout: 10_000,
    interval: 100,
  });

/**
 * A channel of the fake's type whose listings hold `stocks` units each, pushed to the channel: it shows
 * `shown` (what it can show of them).
 */
async function syncedListings(fake: Fake, stocks: number[], shown = stocks) {
  const { channel, token } = await fake.open();
  const location = (await makeLocation(owner)).code;
  const listings: (Link & { sku: string })[] = [];
  for (const [i, units] of stocks.entries()) {
    const { sku } = await makeSku(owner);
    const link = fake.link(i);
    const res = await call('POST', '/api/v1/listings', {
      as: owner,
      body: { channel, channel_sku: link.channelSku, sku, external: link.external },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await receive(owner, sku, location, units);
    listings.push({ ...link, sku });
  }
  for (const [i, l] of listings.entries()) await shows(fake, token, l.key, shown[i]!);
  return { channel, token, listings };
}

const reconcile = (channel: string) => call('POST', `/api/v1/channels/${channel}/reconcile`, { as: owner });

describe.each(FAKES)('stock reconcile with $type', (fake) => {
  it('repairs a quantity edited on the channel and reports the drift', async () => {
    const { channel, token, listings } = await syncedListings(fake, [3]);
    const [listing] = listings;
    await fake.edit(token, listing!.key, 40);
    const res = await reconcile(channel);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      channel,
      checked: 1,
      drifted: [{ channel_sku: listing!.channelSku, sku: listing!.sku, expected: 3, found: 40 }],
      missing: [],
    });
    await shows(fake, token, listing!.key, 3);
    await vi.waitFor(async () => expect((await reconcile(channel)).body.drifted).toEqual([]), {
      timeout: 10_000,
      interval: 200,
    });
  });

  it('reports a listing the channel does not know as missing, comparing the others', async () => {
    const { channel, token, listings } = await syncedListings(fake, [2, 5]);
    const [kept, gone] = listings;
    await fake.edit(token, gone!.key, null);
    const res = await reconcile(channel);
    expect(res.body).toEqual({ channel, checked: 1, drifted: [], missing: [gone!.channelSku] });
    expect((await fake.stock(token))[kept!.key]).toBe(2);
  });

  it('pushes nothing when the channel shows what we pushed', async () => {
    const { channel, token, listings } = await syncedListings(fake, [4]);
    const before = await fake.pushes(token);
    expect(before).toBeGreaterThan(0);
    const res = await reconcile(channel);
    expect(res.body).toEqual({ channel, checked: 1, drifted: [], missing: [] });
    // a repair push leaves within a few hundred ms (the test above waits for one); none may come
    await new Promise((r) => setTimeout(r, 1500));
    expect(await fake.pushes(token)).toBe(before);
    expect((await fake.stock(token))[listings[0]!.key]).toBe(4);
  });
});

const fake = (type: string) => FAKES.find((f) => f.type === type)!;

describe('nightly stock reconcile', () => {
  it('repairs every channel it can read while one answers 500, recording that failure on it', async () => {
    const down = await fake('ebay').open('down');
    const link = fake('ebay').link(0);
    const { sku } = await makeSku(owner);
    await call('POST', '/api/v1/listings', {
      as: owner,
      body: { channel: down.channel, channel_sku: link.channelSku, sku, external: link.external },
    });
    const drifted = await Promise.all(
      ['amazon', 'bigcommerce'].map(async (type) => {
        const synced = await syncedListings(fake(type), [6]);
        await fake(type).edit(synced.token, synced.listings[0]!.key, 1);
        return { fake: fake(type), ...synced };
      }),
    );
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '0 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    for (const d of drifted) await shows(d.fake, d.token, d.listings[0]!.key, 6);
    const failed = await call('GET', `/api/v1/channels/${down.channel}`, { as: owner });
    expect(failed.body.last_error).toMatch(/^Stock reconcile failed: /);
    const now = await reconcile(down.channel);
    expect(now.status).toBe(503);
    expect(now.body.error.code).toBe('channel_unavailable');
  });
});

describe('stock reconcile beyond an edit on the channel', () => {
  it('pushes again what a lost stock message left behind, though nothing drifted from our last push', async () => {
    const { channel, token, listings } = await syncedListings(fake('amazon'), [3]);
    const [listing] = listings;
    // the channel and our record agree on 1, while the InventoryDO holds 3 units to list
    await env.DB.prepare(
      'UPDATE listings SET pushed_quantity = 1, desired_quantity = 1 WHERE channel = ? AND channel_sku = ?',
    )
      .bind(channel, listing!.channelSku)
      .run();
    await fake('amazon').edit(token, listing!.key, 1);
    const res = await reconcile(channel);
    expect(res.body).toEqual({ channel, checked: 1, drifted: [], missing: [] });
    await shows(fake('amazon'), token, listing!.key, 3);
  });

  it('refuses with 502 when the channel turns the read down, and says why on the channel', async () => {
    const revoked = await fake('walmart').open('revoked');
    const link = fake('walmart').link(0);
    const { sku } = await makeSku(owner);
    await call('POST', '/api/v1/listings', {
      as: owner,
      body: { channel: revoked.channel, channel_sku: link.channelSku, sku, external: link.external },
    });
    const res = await reconcile(revoked.channel);
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('channel_read_failed');
    const view = await call('GET', `/api/v1/channels/${revoked.channel}`, { as: owner });
    expect(view.body.last_error).toMatch(/^Stock reconcile failed: Walmart refused the client credentials/);
  });

  it('takes the 999 Etsy shows for a listing of more as what we pushed, not as drift', async () => {
    const { channel, token } = await syncedListings(fake('etsy'), [1200], [999]);
    const before = await fake('etsy').pushes(token);
    expect((await reconcile(channel)).body).toEqual({ channel, checked: 1, drifted: [], missing: [] });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await fake('etsy').pushes(token)).toBe(before);
  });

  it('clears a recorded reconcile failure once the channel reads again', async () => {
    const { channel, token, listings } = await syncedListings(fake('walmart'), [2]);
    await env.DB.prepare('UPDATE channels SET last_error = ? WHERE code = ?')
      .bind('Stock reconcile failed: the channel is unavailable or throttling us (retry in 5 s)', channel)
      .run();
    expect((await reconcile(channel)).body).toMatchObject({ checked: 1, drifted: [] });
    expect((await call('GET', `/api/v1/channels/${channel}`, { as: owner })).body.last_error).toBeNull();
    expect((await fake('walmart').stock(token))[listings[0]!.key]).toBe(2);
  });
});
