import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { database } from '../../db/client';
import worker from '../../worker/index';
import { domainEvent } from '../../worker/services/domain-events';
import { dispatchEvent } from '../../worker/services/event-handlers';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive } from '../helpers/factories';

const ebay = inject('ebayUrl');
const PAID = '06-15211-22068';
const CANCELLED = '27-11840-59203';
const VERIFICATION_TOKEN = 'switchyard-verification-token-0123456789';
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

/** An eBay channel on the local eBay whose refresh token carries `behaviour` (throttle, paged). */
async function ebayChannel(behaviour = '') {
  const refresh = `${behaviour}${uid()}`;
  const res = await call('POST', '/api/v1/channels', {
    as: owner,
    body: {
      type: 'ebay',
      name: 'eBay',
      config: {
        client_id: `SwitchYa-${uid()}-PRD`,
        client_secret: 'PRD-secret-0123',
        refresh_token: refresh,
        verification_token: VERIFICATION_TOKEN,
        api_base_url: ebay,
        orders_since: '2026-01-01T00:00:00Z',
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { channel: res.body.id as string, token: `ebay-${refresh}` };
}

async function tick(at = Date.now()) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: at }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const ordersOf = async (channel: string) =>
  (await call('GET', `/api/v1/orders?channel=${channel}&limit=50`, { as: owner })).body.data as {
    id: string;
    external_id: string;
    status: string;
  }[];
const pushes = async (token: string) =>
  (
    (await (await fetch(`${ebay}/__pushes?token=${encodeURIComponent(token)}`)).json()) as {
      pushes: { method: string; path: string; body: any }[];
    }
  ).pushes;
const cursorOf = (channel: string) =>
  env.DB.prepare(`SELECT cursor, next_poll_at FROM channel_cursors WHERE channel = ? AND stream = 'orders'`)
    .bind(channel)
    .first<{ cursor: string | null; next_poll_at: string | null }>();
const until = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 10_000, interval: 100 });

/** raw r||s (WebCrypto) -> DER SEQUENCE of two INTEGERs, as eBay signs. */
function der(raw: Uint8Array) {
  const int = (half: Uint8Array) => {
    let i = 0;
    while (i < half.length - 1 && half[i] === 0) i++;
    const bytes = half[i]! & 0x80 ? [0, ...half.subarray(i)] : [...half.subarray(i)];
    return [0x02, bytes.length, ...bytes];
  };
  const body = [...int(raw.subarray(0, 32)), ...int(raw.subarray(32))];
  return new Uint8Array([0x30, body.length, ...body]);
}

/** A notification signed with a fresh P-256 key that the local eBay publishes under a new kid. */
async function signed(body: string) {
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const spki = new Uint8Array((await crypto.subtle.exportKey('spki', keys.publicKey)) as ArrayBuffer);
  const kid = crypto.randomUUID();
  await fetch(`${ebay}/__keys`, {
    method: 'POST',
    body: JSON.stringify({
      kid,
      key: `-----BEGIN PUBLIC KEY-----${btoa(String.fromCharCode(...spki))}-----END PUBLIC KEY-----`,
    }),
  });
  const raw = new Uint8Array(
    await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-1' },
      keys.privateKey,
      new TextEncoder().encode(body),
    ),
  );
  const signature = btoa(String.fromCharCode(...der(raw)));
  return btoa(JSON.stringify({ alg: 'ECDSA', kid, signature, digest: 'SHA1' }));
}

const orderNotification = (orderId: string) =>
  JSON.stringify({
    metadata: { topic: 'ORDER_CONFIRMATION', schemaVersion: '1.0', deprecated: false },
    notification: {
      notificationId: crypto.randomUUID(),
      eventDate: '2026-03-02T14:07:12.000Z',
      publishDate: '2026-03-02T14:07:13.000Z',
      publishAttemptCount: 1,
      data: { orderId },
    },
  });

describe('eBay', () => {
  it('reads every getOrders page into orders once; the next poll starts at the newest change and adds nothing', async () => {
    const { channel } = await ebayChannel('paged-');
    await tick();
    const orders = await ordersOf(channel);
    expect(orders.map((o) => [o.external_id, o.status]).sort()).toEqual([
      [PAID, 'on_hold'],
      [CANCELLED, 'cancelled'],
    ]);
    expect(JSON.parse((await cursorOf(channel))!.cursor!)).toEqual({ since: '2026-03-02T16:20:45.000Z' });
    await tick();
    expect((await ordersOf(channel)).length).toBe(2);
  });

  it('waits out a 429 until Retry-After, then the next tick succeeds', async () => {
    const { channel } = await ebayChannel('throttle-');
    const now = Date.now();
    await tick(now);
    expect(await ordersOf(channel)).toEqual([]);
    expect(Date.parse((await cursorOf(channel))!.next_poll_at!)).toBe(now + 1000);
    await tick(now + 2000);
    expect((await ordersOf(channel)).length).toBe(2);
  });

  it('pushes stock in one bulk call and raises an exception only for the item eBay refused', async () => {
    const { channel, token } = await ebayChannel();
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    const good = `EB-${uid()}`;
    const bad = `UNKNOWN-${uid()}`;
    for (const channelSku of [good, bad]) {
      await call('POST', '/api/v1/listings', {
        as: owner,
        body: { channel, channel_sku: channelSku, sku, external: { sku: channelSku } },
      });
    }
    await receive(owner, sku, loc.code, 7);
    await until(async () => {
      const bulk = (await pushes(token)).filter((p) => p.path.endsWith('/bulk_update_price_quantity'));
      const last = bulk.at(-1)?.body.requests as {
        sku: string;
        shipToLocationAvailability: { quantity: number };
      }[];
      expect(last?.map((r) => [r.sku, r.shipToLocationAvailability.quantity]).sort()).toEqual(
        [
          [bad, 7],
          [good, 7],
        ].sort(),
      );
    });
    await until(async () => {
      const open = await call('GET', '/api/v1/exceptions?kind=sync_failure', { as: owner });
      const mine = open.body.data.filter((e: { channel: string }) => e.channel === channel);
      expect(mine.map((e: { message: string }) => e.message)).toEqual([
        expect.stringContaining(`eBay refused the stock update for ${bad}`),
      ]);
    });
    const rows = await env.DB.prepare(
      'SELECT channel_sku, pushed_quantity, sync_error FROM listings WHERE channel = ? ORDER BY channel_sku',
    )
      .bind(channel)
      .all<{ channel_sku: string; pushed_quantity: number | null; sync_error: string | null }>();
    expect(rows.results).toEqual([
      { channel_sku: good, pushed_quantity: 7, sync_error: null },
      { channel_sku: bad, pushed_quantity: null, sync_error: expect.stringContaining('not available') },
    ]);
  });

  it('sends a shipping fulfillment once, even when shipment.shipped is delivered twice', async () => {
    const { channel, token } = await ebayChannel();
    const loc = await makeLocation(owner);
    const mug = await makeSku(owner);
    const towel = await makeSku(owner);
    await receive(owner, mug.sku, loc.code, 5);
    await receive(owner, towel.sku, loc.code, 5);
    await call('POST', '/api/v1/listings', {
      as: owner,
      body: { channel, channel_sku: 'MUG-ESP-BLU', sku: mug.sku },
    });
    await call('POST', '/api/v1/listings', {
      as: owner,
      body: { channel, channel_sku: '325871430298/614220418871', sku: towel.sku },
    });
    await tick();
    const order = (await ordersOf(channel)).find((o) => o.external_id === PAID)!;
    expect(order.status).toBe('allocated');
    const shipment = await shipOrder(loc.code, order.id, '9400 1000 0000 0000 0000 00');
    const fulfillments = async () =>
      (await pushes(token)).filter((p) => p.path.endsWith('/shipping_fulfillment'));
    await until(async () => expect(await fulfillments()).toHaveLength(1));
    await dispatchEvent(env, database(env), domainEvent('shipment.shipped', shipment));
    const sent = (await pushes(token)).filter((p) => p.path.endsWith('/shipping_fulfillment'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      path: `/sell/fulfillment/v1/order/${PAID}/shipping_fulfillment`,
      body: {
        lineItems: [
          { lineItemId: '10058394830012', quantity: 2 },
          { lineItemId: '10058394830013', quantity: 1 },
        ],
        shippingCarrierCode: 'USPS',
        trackingNumber: '9400100000000000000000',
      },
    });
  }, 30_000);

  it("answers eBay's endpoint challenge with SHA-256 of code, verification token and endpoint", async () => {
    const { channel } = await ebayChannel();
    const res = await call('GET', `/api/v1/webhooks/ebay/${channel}?challenge_code=a8628072-3d33`);
    expect(res.status).toBe(200);
    const endpoint = `https://switchyard.test/api/v1/webhooks/ebay/${channel}`;
    const digest = await crypto.subtle.digest(
      'SHA-256',
      new TextEncoder().encode(`a8628072-3d33${VERIFICATION_TOKEN}${endpoint}`),
    );
    const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(res.body).toEqual({ challengeResponse: hex });
  });

  it('refuses a notification whose signature does not verify (401) and stores nothing', async () => {
    const { channel } = await ebayChannel();
    const body = orderNotification(PAID);
    const header = await signed(body);
    const tampered = body.replace(PAID, CANCELLED);
    for (const headers of [
      { 'x-ebay-signature': header },
      {},
      { 'x-ebay-signature': 'bm90IGpzb24=' },
    ] as Record<string, string>[]) {
      const res = await call('POST', `/api/v1/webhooks/ebay/${channel}`, {
        raw: tampered,
        headers: { 'content-type': 'application/json', ...headers },
      });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_signature');
    }
    const stored = await env.DB.prepare('SELECT count(*) AS n FROM webhook_inbox WHERE channel = ?')
      .bind(channel)
      .first<{ n: number }>();
    expect(stored!.n).toBe(0);
    expect(await ordersOf(channel)).toEqual([]);
  });

  it('stores a signed order notification once and captures the order it names', async () => {
    const { channel } = await ebayChannel();
    const body = orderNotification(PAID);
    const headers = { 'content-type': 'application/json', 'x-ebay-signature': await signed(body) };
    const first = await call('POST', `/api/v1/webhooks/ebay/${channel}`, { raw: body, headers });
    expect(first).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    const again = await call('POST', `/api/v1/webhooks/ebay/${channel}`, { raw: body, headers });
    expect(again.body).toEqual({ received: true, duplicate: true });
    await until(async () => {
      expect((await ordersOf(channel)).map((o) => o.external_id)).toEqual([PAID]);
    });
  });
});

/** Picks every unit, packs, enters USPS tracking for and ships the order's shipment at `location`. */
async function shipOrder(location: string, orderId: string, tracking: string) {
  const list = (await call('POST', '/api/v1/pick-lists', { as: owner, body: { location } })).body;
  const shipment = list.shipments.find((s: { order_id: string }) => s.order_id === orderId).id as string;
  const lines = list.lines as { sku: string; quantity: number }[];
  for (const line of lines) {
    for (let n = 0; n < line.quantity; n++) {
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
    body: { carrier: 'USPS', tracking_code: tracking },
  });
  const shipped = await call('POST', `/api/v1/shipments/${shipment}/ship`, { as: owner });
  expect(shipped.body.status, JSON.stringify(shipped.body)).toBe('shipped');
  return shipment;
}
