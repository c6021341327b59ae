import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive } from '../helpers/factories';

const amazon = inject('amazonUrl');
const FEEDS = '/feeds/2021-06-30/feeds';
let owner: Caller;
let location: string;
beforeAll(async () => {
  owner = await signedIn('owner');
  location = (await makeLocation(owner)).code;
});

interface Push {
  method: string;
  path: string;
  body: any;
  at: number;
}
const pushes = async (token: string) =>
  (
    (await (await fetch(`${amazon}/__pushes?token=${encodeURIComponent(token)}`)).json()) as {
      pushes: Push[];
    }
  ).pushes;
const until = (check: () => Promise<void>, timeout = 20_000) => vi.waitFor(check, { timeout, interval: 100 });
const setStatus = (channel: string, status: 'paused' | 'active') =>
  call('PATCH', `/api/v1/channels/${channel}`, { as: owner, body: { status } });

/**
 * An Amazon channel (refresh token carrying `behaviour`: slowfeed, fatalfeed) with `count` SKUs listed and
 * stocked while it was paused, SKU i with i + 1 units; seller SKUs in `unknown` have no offer on Amazon. The
 * channel is resumed, so every listing is pushed at once.
 */
async function stockedWhilePaused(count: number, behaviour = '', unknown = new Set<number>()) {
  const refresh = `${behaviour}-${uid()}`;
  const made = await call('POST', '/api/v1/channels', {
    as: owner,
    body: {
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
    },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const channel = made.body.id as string;
  expect((await setStatus(channel, 'paused')).status).toBe(200);
  const listed: { sku: string; sellerSku: string; quantity: number }[] = [];
  for (let i = 0; i < count; i++) {
    const { sku } = await makeSku(owner);
    const sellerSku = `${unknown.has(i) ? 'UNKNOWN' : 'AMZ'}-${uid()}`;
    const linked = await call('POST', '/api/v1/listings', {
      as: owner,
      body: { channel, channel_sku: sellerSku, sku, external: { seller_sku: sellerSku } },
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    await receive(owner, sku, location, i + 1);
    listed.push({ sku, sellerSku, quantity: i + 1 });
  }
  expect((await setStatus(channel, 'active')).status).toBe(200);
  return { channel, token: `Atza|${refresh}`, listed };
}

const listingsOf = async (channel: string) =>
  (
    await env.DB.prepare(
      'SELECT channel_sku, pushed_quantity, sync_error FROM listings WHERE channel = ? ORDER BY channel_sku',
    )
      .bind(channel)
      .all<{ channel_sku: string; pushed_quantity: number | null; sync_error: string | null }>()
  ).results;
const failuresOf = async (channel: string) =>
  (await call('GET', '/api/v1/exceptions?kind=sync_failure', { as: owner })).body.data.filter(
    (e: { channel?: string }) => e.channel === channel,
  ) as { sku: string; message: string }[];
const pendingFeed = (channel: string) =>
  env.DB.prepare("SELECT cursor FROM channel_cursors WHERE channel = ? AND stream = 'stock_feed'")
    .bind(channel)
    .first();

describe('Amazon stock in bulk', () => {
  it('sends more than ten listings as one JSON_LISTINGS_FEED and settles each from its processing report', async () => {
    const { channel, token, listed } = await stockedWhilePaused(12, '', new Set([4]));
    const refused = listed[4]!;
    await until(async () => {
      expect((await failuresOf(channel)).map((e) => e.sku)).toEqual([refused.sku]);
      const rows = await listingsOf(channel);
      expect(rows.filter((r) => r.pushed_quantity !== null)).toHaveLength(11);
    });
    const sent = await pushes(token);
    expect(sent.filter((p) => p.method === 'PATCH')).toEqual([]);
    const feeds = sent.filter((p) => p.path === FEEDS);
    expect(feeds).toHaveLength(1);
    expect(feeds[0]!.body).toMatchObject({
      feedType: 'JSON_LISTINGS_FEED',
      marketplaceIds: ['ATVPDKIKX0DER'],
      quantities: Object.fromEntries(listed.map((l) => [l.sellerSku, l.quantity])),
    });
    const rows = new Map((await listingsOf(channel)).map((r) => [r.channel_sku, r]));
    for (const l of listed) {
      const row = rows.get(l.sellerSku)!;
      if (l === refused) {
        expect(row).toMatchObject({ pushed_quantity: null, sync_error: `SKU ${l.sellerSku} has no offer` });
      } else {
        expect(row).toMatchObject({ pushed_quantity: l.quantity, sync_error: null });
      }
    }
    expect((await failuresOf(channel))[0]!.message).toBe(
      `Amazon refused the stock update for ${refused.sellerSku}: SKU ${refused.sellerSku} has no offer`,
    );
    expect(await pendingFeed(channel)).toBeNull();
    const view = (await call('GET', `/api/v1/channels/${channel}`, { as: owner })).body;
    expect(view.health).toMatchObject({ status: 'failing', pending_pushes: 1 });
  }, 40_000);

  it('sends ten listings or fewer with patchListingsItem, one each', async () => {
    const { channel, token, listed } = await stockedWhilePaused(10);
    await until(async () => {
      const rows = await listingsOf(channel);
      expect(rows.filter((r) => r.pushed_quantity !== null)).toHaveLength(10);
    });
    const sent = await pushes(token);
    expect(sent.filter((p) => p.path === FEEDS)).toEqual([]);
    const patched = Object.fromEntries(
      sent.map((p) => [
        decodeURIComponent(p.path.split('?')[0]!.split('/').pop()!),
        p.body.patches[0].value[0].quantity,
      ]),
    );
    expect(patched).toEqual(Object.fromEntries(listed.map((l) => [l.sellerSku, l.quantity])));
  }, 40_000);

  it('holds a listing that is in a pending feed until Amazon is done with it, then pushes its newer stock', async () => {
    const { channel, token, listed } = await stockedWhilePaused(11, 'slowfeed');
    await until(async () => expect((await pushes(token)).filter((p) => p.path === FEEDS)).toHaveLength(1));
    const feed = (await pushes(token)).find((p) => p.path === FEEDS)!;
    const changed = listed[0]!;
    await receive(owner, changed.sku, location, 5);
    await until(async () => {
      const patches = (await pushes(token)).filter((p) => p.method === 'PATCH');
      expect(patches.map((p) => p.body.patches[0].value[0].quantity)).toEqual([changed.quantity + 5]);
    });
    const patch = (await pushes(token)).find((p) => p.method === 'PATCH')!;
    expect(patch.path).toContain(changed.sellerSku);
    // the fake keeps a slowfeed feed IN_PROGRESS for 3 s: the listing was not patched over it before then
    expect(patch.at - feed.at).toBeGreaterThanOrEqual(3_000);
    await until(async () => {
      const rows = new Map((await listingsOf(channel)).map((r) => [r.channel_sku, r.pushed_quantity]));
      expect(rows.get(changed.sellerSku)).toBe(changed.quantity + 5);
      expect(rows.get(listed[1]!.sellerSku)).toBe(listed[1]!.quantity);
    });
  }, 40_000);

  it('refuses every listing of a feed Amazon could not process, in one exception', async () => {
    const { channel, token } = await stockedWhilePaused(11, 'fatalfeed');
    await until(async () => expect(await failuresOf(channel)).toHaveLength(1));
    const [failure] = await failuresOf(channel);
    const feedId = (await pushes(token)).find((p) => p.path === FEEDS)!.body.feedId;
    expect(failure!.message).toBe(
      `Amazon could not process stock feed ${feedId}: The feed could not be read: 11 listing(s) not updated`,
    );
    const rows = await listingsOf(channel);
    expect(rows.every((r) => r.pushed_quantity === null && r.sync_error !== null)).toBe(true);
    expect(await pendingFeed(channel)).toBeNull();
  }, 40_000);
});
