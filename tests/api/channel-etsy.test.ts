import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { database } from '../../db/client';
import worker from '../../worker/index';
import { etsyClient } from '../../worker/services/channel-adapters/etsy-client';
import { channelWithConfig } from '../../worker/services/channels';
import { domainEvent } from '../../worker/services/domain-events';
import { dispatchEvent } from '../../worker/services/event-handlers';
import receipts from '../fixtures/channels/etsy-getShopReceipts-response.json';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive } from '../helpers/factories';

const etsy = inject('etsyUrl');
const SHOP = '27182818';
const LISTING = '1587342210';
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

async function shop(
  token = `etsy-${uid()}`,
  tokens: { refresh_token?: string; access_token_expires_at?: string } = {},
) {
  const res = await call('POST', '/api/v1/channels', {
    as: owner,
    body: {
      type: 'etsy',
      name: 'Etsy shop',
      config: {
        shop_id: SHOP,
        keystring: 'etsy-keystring-1',
        access_token: token,
        refresh_token: 'etsy-refresh-1',
        api_base_url: etsy,
        ...tokens,
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { channel: res.body.id as string, token };
}

/** `count` one-line receipts for `sku`, updated one per second up to a minute ago (the newest last). */
function receiptsFor(sku: string, count: number, over: { status?: string } = {}) {
  const base = receipts.results[0]!;
  const newest = Math.floor(Date.now() / 1000) - 60;
  return Array.from({ length: count }, (_, i) => {
    const id = 4_000_000_000 + Math.floor(Math.random() * 1e9);
    return {
      ...base,
      receipt_id: id,
      status: over.status ?? 'Paid',
      create_timestamp: newest - count,
      update_timestamp: newest - count + 1 + i,
      transactions: [{ ...base.transactions[0]!, receipt_id: id, transaction_id: id + 1, sku, quantity: 1 }],
    };
  });
}

const seed = (token: string, results: unknown[]) =>
  fetch(`${etsy}/__receipts?token=${token}`, { method: 'POST', body: JSON.stringify({ results }) });

const callsOf = async (token: string) =>
  ((await (await fetch(`${etsy}/__calls?token=${token}`)).json()) as { calls: number }).calls;

async function cron(at = Date.now()) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: at }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const ordersOf = async (channel: string) =>
  (
    await env.DB.prepare('SELECT external_id, status FROM orders WHERE channel = ? ORDER BY external_id')
      .bind(channel)
      .all<{ external_id: string; status: string }>()
  ).results;

describe('Etsy orders in', () => {
  it('polls receipts page by page from the cron, and a second poll adds nothing', async () => {
    const { channel, token } = await shop();
    // a SKU not linked yet: the orders wait on hold, which keeps a hundred of them quick to capture
    const sku = `PLANTER-${uid()}`;
    const paid = receiptsFor(sku, 104);
    const [cancelled] = receiptsFor(sku, 1, { status: 'Canceled' });
    await seed(token, [...paid, cancelled]);
    await cron();
    const orders = await ordersOf(channel);
    expect(orders).toHaveLength(105);
    expect(orders.filter((o) => o.status === 'cancelled').map((o) => o.external_id)).toEqual([
      String(cancelled!.receipt_id),
    ]);
    expect(await callsOf(token)).toBe(2); // two pages of at most 100
    await cron();
    expect(await ordersOf(channel)).toHaveLength(105);
    expect(await callsOf(token)).toBe(3);
    const cursor = await env.DB.prepare('SELECT cursor, last_error FROM channel_cursors WHERE channel = ?')
      .bind(channel)
      .first<{ cursor: string; last_error: string | null }>();
    // the cancelled receipt and the last paid one share the newest second: both are behind the cursor
    expect(JSON.parse(cursor!.cursor)).toEqual({ since: cancelled!.update_timestamp, skip: 2 });
    expect(cursor!.last_error).toBeNull();
  }, 60_000);

  it('waits out a 429 until its Retry-After before polling again', async () => {
    const { channel, token } = await shop(`etsy-throttle-${uid()}`);
    const { sku } = await makeSku(owner);
    await seed(token, receiptsFor(sku, 2));
    const now = Date.now();
    await cron(now);
    expect(await ordersOf(channel)).toEqual([]);
    const state = await env.DB.prepare('SELECT next_poll_at FROM channel_cursors WHERE channel = ?')
      .bind(channel)
      .first<{ next_poll_at: string }>();
    expect(Date.parse(state!.next_poll_at)).toBe(now + 1000);
    await cron(now + 500);
    expect(await callsOf(token)).toBe(1);
    await cron(now + 1500);
    expect(await ordersOf(channel)).toHaveLength(2);
  }, 20_000);
});

describe('Etsy stock and tracking out', () => {
  it("rewrites the listing inventory with only the linked product's quantity changed", async () => {
    const { channel, token } = await shop();
    const location = (await makeLocation(owner)).code;
    const { sku } = await makeSku(owner);
    const linked = await call('POST', '/api/v1/listings', {
      as: owner,
      body: { channel, channel_sku: 'PLANTER-M-WHT', sku, external: { listing_id: LISTING } },
    });
    expect(linked.status).toBe(200);
    await receive(owner, sku, location, 12);
    const inventory = async () =>
      (await (await fetch(`${etsy}/__inventory?token=${token}&listing=${LISTING}`)).json()) as {
        products: {
          sku: string;
          offerings: { quantity: number; is_enabled: boolean; price: { amount: number } }[];
        }[];
        quantity_on_property: number[];
      };
    await vi.waitFor(
      async () => {
        const offerings = (await inventory()).products.map((p) => [
          p.sku,
          p.offerings[0]!.quantity,
          p.offerings[0]!.is_enabled,
          p.offerings[0]!.price.amount,
        ]);
        expect(offerings).toEqual([
          ['PLANTER-S-WHT', 4, true, 3200],
          ['PLANTER-M-WHT', 12, true, 4200],
          ['PLANTER-L-WHT', 0, false, 5850],
        ]);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect((await inventory()).quantity_on_property).toEqual([62809790395]);
  });

  it('refuses, as a sync failure, a SKU the listing does not hold, writing nothing', async () => {
    const { channel, token } = await shop();
    const location = (await makeLocation(owner)).code;
    const { sku } = await makeSku(owner);
    await call('POST', '/api/v1/listings', {
      as: owner,
      body: { channel, channel_sku: 'PLANTER-XL-WHT', sku, external: { listing_id: LISTING } },
    });
    await receive(owner, sku, location, 3);
    await vi.waitFor(
      async () => {
        const failures = (await call('GET', '/api/v1/exceptions?kind=sync_failure', { as: owner })).body.data;
        expect(
          failures.some((e: { channel: string; sku: string }) => e.channel === channel && e.sku === sku),
        ).toBe(true);
      },
      { timeout: 10_000, interval: 100 },
    );
    const pushes = (await (await fetch(`${etsy}/__pushes?token=${token}`)).json()) as { pushes: unknown[] };
    expect(pushes.pushes).toEqual([]);
  });

  it('sends tracking for a polled receipt once, even when the shipped event comes twice', async () => {
    const { channel, token } = await shop();
    const location = (await makeLocation(owner)).code;
    const { sku } = await makeSku(owner);
    await receive(owner, sku, location, 1);
    const [receipt] = receiptsFor(sku, 1);
    await seed(token, [receipt]);
    await cron();
    const order = (await call('GET', `/api/v1/orders?channel=${channel}`, { as: owner })).body.data[0];
    expect(order).toMatchObject({ external_id: String(receipt!.receipt_id), status: 'allocated' });
    const shipment = await shipOrder(order.id, location, sku);
    const tracking = async () =>
      (
        (await (await fetch(`${etsy}/__pushes?token=${token}`)).json()) as {
          pushes: { path: string; body: unknown }[];
        }
      ).pushes.filter((p) => p.path.endsWith('/tracking'));
    await vi.waitFor(async () => expect(await tracking()).toHaveLength(1), {
      timeout: 10_000,
      interval: 100,
    });
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
      domainEvent('shipment.shipped', shipment, { order_id: order.id }),
    );
    const sent = await tracking();
    expect(sent).toEqual([
      {
        method: 'POST',
        path: `/v3/application/shops/${SHOP}/receipts/${receipt!.receipt_id}/tracking`,
        body: { tracking_code: '9400111899223817565432', carrier_name: 'usps' },
      },
    ]);
  });
});

describe('Etsy OAuth tokens', () => {
  const grantsOf = async (family: string) =>
    (await (await fetch(`${etsy}/__oauth?family=${family}`)).json()) as { granted: number; refused: number };
  const storedConfig = async (channel: string) =>
    (await channelWithConfig<Record<string, unknown>>(env, database(env), channel))!.config;

  it("refreshes once on Etsy's 401, keeps the rotated tokens sealed, and uses them from then on", async () => {
    const family = `fam${uid()}`;
    const { channel } = await shop(`etsy-expired-${family}`, { refresh_token: `etsyrt-${family}` });
    await seed(`etsy-${family}.1`, receiptsFor(`PLANTER-${uid()}`, 2));
    const before = Date.now();
    await cron();
    expect(await ordersOf(channel)).toHaveLength(2);
    expect(await grantsOf(family)).toEqual({ granted: 1, refused: 0 });
    const config = await storedConfig(channel);
    expect(config).toMatchObject({ access_token: `etsy-${family}.1`, refresh_token: `etsyrt-${family}.1` });
    expect(config.refresh_lease).toBeUndefined();
    const expires = Date.parse(config.access_token_expires_at as string);
    expect(expires).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3_600_000);
    const sealed = await env.DB.prepare('SELECT config_sealed FROM channels WHERE code = ?')
      .bind(channel)
      .first<{ config_sealed: string }>();
    expect(sealed!.config_sealed).not.toContain(family);
    const shown = (await call('GET', `/api/v1/channels/${channel}`, { as: owner })).body.config;
    expect(shown).toMatchObject({ access_token: '********', refresh_token: '********' });

    await cron();
    expect(await callsOf(`etsy-${family}.1`)).toBe(2);
    expect(await grantsOf(family)).toEqual({ granted: 1, refused: 0 });
  });

  it('refreshes a token about to expire before sending it', async () => {
    const family = `fam${uid()}`;
    const { channel, token } = await shop(`etsy-${family}`, {
      refresh_token: `etsyrt-${family}`,
      access_token_expires_at: new Date(Date.now() + 30_000).toISOString(),
    });
    await cron();
    expect(await callsOf(token)).toBe(0);
    expect(await callsOf(`etsy-${family}.1`)).toBe(1);
    expect((await storedConfig(channel)).access_token).toBe(`etsy-${family}.1`);
  });

  it('lets four callers that find the token expired together refresh it once, and all of them succeed', async () => {
    const family = `slowgrant${uid()}`;
    const { channel } = await shop(`etsy-expired-${family}`, { refresh_token: `etsyrt-${family}` });
    const db = database(env);
    const clients = await Promise.all([1, 2, 3, 4].map(() => etsyClient(env, db, channel)));
    const read = {
      method: 'GET',
      path: `/v3/application/shops/${SHOP}/receipts?limit=1`,
      headers: {},
      body: '',
    } as const;
    const answers = await Promise.all(clients.map((c) => c!.request(read)));
    expect(answers.every((a) => Array.isArray((a as { results: unknown[] }).results))).toBe(true);
    expect(await grantsOf(family)).toEqual({ granted: 1, refused: 0 });
    expect(await callsOf(`etsy-${family}.1`)).toBe(4);
    expect((await storedConfig(channel)).refresh_token).toBe(`etsyrt-${family}.1`);
  });

  it('keeps the tokens as they were when Etsy refuses the refresh, says why, and tries again next time', async () => {
    const family = `fam${uid()}`;
    const token = `etsy-expired-${family}`;
    const { channel } = await shop(token, { refresh_token: `etsyrt-${family}` });
    // the refresh token was already spent elsewhere (Etsy accepts each one once)
    await fetch(`${etsy}/v3/public/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: 'other-app',
        refresh_token: `etsyrt-${family}`,
      }),
    });
    await cron();
    const row = await env.DB.prepare('SELECT last_error FROM channels WHERE code = ?')
      .bind(channel)
      .first<{ last_error: string }>();
    expect(row!.last_error).toContain('invalid_grant');
    const config = await storedConfig(channel);
    expect(config).toMatchObject({ access_token: token, refresh_token: `etsyrt-${family}` });
    expect(config.refresh_lease).toBeUndefined();
    expect(await ordersOf(channel)).toEqual([]);
    await cron();
    expect(await grantsOf(family)).toEqual({ granted: 1, refused: 2 });
  });
});

/** Picks, packs and ships a one-unit order from its location with a USPS tracking number. */
async function shipOrder(orderId: string, location: string, sku: string) {
  const list = (await call('POST', '/api/v1/pick-lists', { as: owner, body: { location } })).body;
  const shipment = list.shipments.find((s: { order_id: string }) => s.order_id === orderId).id as string;
  await call('POST', `/api/v1/pick-lists/${list.id}/picks`, {
    as: owner,
    body: { op_id: `op-${crypto.randomUUID()}`, code: sku },
  });
  const packed = await call('POST', `/api/v1/shipments/${shipment}/pack`, {
    as: owner,
    body: { scans: [{ code: sku }], packages: [{ weight_grams: 1200 }] },
  });
  expect(packed.body.status, JSON.stringify(packed.body)).toBe('packed');
  await call('POST', `/api/v1/shipments/${shipment}/tracking`, {
    as: owner,
    body: { carrier: 'USPS', tracking_code: '9400111899223817565432' },
  });
  expect((await call('POST', `/api/v1/shipments/${shipment}/ship`, { as: owner })).body.status).toBe(
    'shipped',
  );
  return shipment;
}
