import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { database } from '../../db/client';
import worker from '../../worker/index';
import { domainEvent } from '../../worker/services/domain-events';
import { dispatchEvent } from '../../worker/services/event-handlers';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive } from '../helpers/factories';

const amazon = inject('amazonUrl');
const PENDING = '902-3159896-1390916';
const UNSHIPPED = ['902-1845936-5435065', '902-8745147-1934268'];
const SANDBOX_SKU = 'NABetaASINB00551Q3CS';
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

/** An Amazon channel on the local SP-API whose refresh token carries `behaviour` (throttle, fast). */
async function amazonChannel(behaviour = '') {
  const refresh = `${behaviour}${uid()}`;
  const res = await call('POST', '/api/v1/channels', {
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
        orders_since: '1970-01-01T00:00:00Z',
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { channel: res.body.id as string, refresh: `Atzr|${refresh}`, token: `Atza|${refresh}` };
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
    total: number;
  }[];
const pushes = async (token: string) =>
  (
    (await (await fetch(`${amazon}/__pushes?token=${encodeURIComponent(token)}`)).json()) as {
      pushes: { method: string; path: string; body: any }[];
    }
  ).pushes;
const cursorOf = (channel: string) =>
  env.DB.prepare(`SELECT cursor, next_poll_at FROM channel_cursors WHERE channel = ? AND stream = 'orders'`)
    .bind(channel)
    .first<{ cursor: string | null; next_poll_at: string | null }>();

describe('Amazon', () => {
  it('turns polled getOrders pages into orders once, the Pending one unpriced, with one token for both polls', async () => {
    const { channel, refresh } = await amazonChannel();
    await tick();
    const orders = await ordersOf(channel);
    expect(orders.map((o) => o.external_id).sort()).toEqual([PENDING, ...UNSHIPPED].sort());
    const pending = orders.find((o) => o.external_id === PENDING)!;
    const detail = (await call('GET', `/api/v1/orders/${pending.id}`, { as: owner })).body;
    expect(
      detail.lines.map((l: { sku: string; quantity: number; unit_price: number }) => [
        l.sku,
        l.quantity,
        l.unit_price,
      ]),
    ).toEqual([
      ['CBA_OTF_1', 1, 0],
      ['CBA_OTF_5', 2, 0],
    ]);
    expect(orders.find((o) => o.external_id === UNSHIPPED[0])!.total).toBe(1101);
    expect(JSON.parse((await cursorOf(channel))!.cursor!)).toEqual({ after: '2017-01-20T19:49:35.000Z' });

    await tick();
    expect((await ordersOf(channel)).length).toBe(3);
    const exchanges = await (
      await fetch(`${amazon}/__exchanges?refresh_token=${encodeURIComponent(refresh)}`)
    ).json();
    expect(exchanges).toEqual({ count: 1 });
  });

  it('waits out a 429 until Retry-After, then the next tick reads every page', async () => {
    const { channel } = await amazonChannel('throttle-fast-');
    const now = Date.now();
    await tick(now);
    expect(await ordersOf(channel)).toEqual([]);
    const waiting = await cursorOf(channel);
    expect(Date.parse(waiting!.next_poll_at!)).toBe(now + 1000);
    expect(waiting!.cursor).toBeNull();
    await tick(now + 500);
    expect(await ordersOf(channel)).toEqual([]);
    await tick(now + 2000);
    expect((await ordersOf(channel)).length).toBe(3);
    expect((await cursorOf(channel))!.next_poll_at).toBeNull();
  });

  it('publishes stock with patchListingsItem, and an INVALID answer fails only that listing', async () => {
    const { channel, token } = await amazonChannel();
    const loc = await makeLocation(owner);
    const good = await makeSku(owner);
    const bad = await makeSku(owner);
    const sellerSku = `AMZ-${uid()}`;
    for (const [sku, external] of [
      [good.sku, sellerSku],
      [bad.sku, `UNKNOWN-${uid()}`],
    ] as const) {
      const linked = await call('POST', '/api/v1/listings', {
        as: owner,
        body: { channel, channel_sku: external, sku, external: { seller_sku: external } },
      });
      expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    }
    await receive(owner, good.sku, loc.code, 7);
    await receive(owner, bad.sku, loc.code, 2);
    await vi.waitFor(
      async () => {
        const sent = (await pushes(token)).filter((p) => p.path.includes(sellerSku));
        expect(sent.at(-1)?.body.patches[0].value[0].quantity).toBe(7);
      },
      { timeout: 10_000, interval: 100 },
    );
    const sent = (await pushes(token)).find((p) => p.path.includes(sellerSku))!;
    expect(sent).toMatchObject({
      method: 'PATCH',
      path: `/listings/2021-08-01/items/A2SELLER01/${sellerSku}?marketplaceIds=ATVPDKIKX0DER`,
      body: {
        productType: 'PRODUCT',
        patches: [{ op: 'merge', path: '/attributes/fulfillment_availability' }],
      },
    });
    await vi.waitFor(
      async () => {
        const open = await call('GET', '/api/v1/exceptions?kind=sync_failure', { as: owner });
        const mine = open.body.data.filter((e: { channel: string }) => e.channel === channel);
        expect(mine.map((e: { sku: string }) => e.sku)).toEqual([bad.sku]);
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it('confirms a shipment to Amazon once, even when shipment.shipped is delivered twice', async () => {
    const { channel, token } = await amazonChannel();
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 5);
    await call('POST', '/api/v1/listings', { as: owner, body: { channel, channel_sku: SANDBOX_SKU, sku } });
    await tick();
    const order = (await ordersOf(channel)).find((o) => o.external_id === UNSHIPPED[0])!;
    expect(order.status).toBe('allocated');
    const shipment = await shipOrder(loc.code, order.id, sku, '1Z 999AA1 0123456784');

    await vi.waitFor(
      async () => {
        const row = await env.DB.prepare(
          "SELECT id FROM operations WHERE id = ? AND json_extract(result, '$.done') = 1",
        )
          .bind(`tracking:${shipment}`)
          .first();
        expect(row).not.toBeNull();
      },
      { timeout: 10_000, interval: 100 },
    );
    await dispatchEvent(env, database(env), domainEvent('shipment.shipped', shipment));
    const confirmations = (await pushes(token)).filter((p) => p.path.endsWith('/shipmentConfirmation'));
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]).toMatchObject({
      path: `/orders/v0/orders/${UNSHIPPED[0]}/shipmentConfirmation`,
      body: {
        marketplaceId: 'ATVPDKIKX0DER',
        packageDetail: {
          packageReferenceId: shipment,
          carrierCode: 'UPS',
          trackingNumber: '1Z999AA10123456784',
          orderItems: [{ orderItemId: '05015851154158', quantity: 1 }],
        },
      },
    });
  }, 30_000);
});

/** Picks, packs, enters tracking for and ships the order's shipment at `location`; returns its id. */
async function shipOrder(location: string, orderId: string, sku: string, tracking: string) {
  const list = (await call('POST', '/api/v1/pick-lists', { as: owner, body: { location } })).body;
  const shipment = list.shipments.find((s: { order_id: string }) => s.order_id === orderId).id as string;
  const units = list.lines.find((l: { sku: string }) => l.sku === sku).quantity as number;
  for (let n = 0; n < units; n++) {
    await call('POST', `/api/v1/pick-lists/${list.id}/picks`, {
      as: owner,
      body: { op_id: `op-${crypto.randomUUID()}`, code: sku },
    });
  }
  const packed = await call('POST', `/api/v1/shipments/${shipment}/pack`, {
    as: owner,
    body: { scans: [{ code: sku }], packages: [{ weight_grams: 500 }] },
  });
  expect(packed.body.status, JSON.stringify(packed.body)).toBe('packed');
  await call('POST', `/api/v1/shipments/${shipment}/tracking`, {
    as: owner,
    body: { carrier: 'UPS', tracking_code: tracking },
  });
  const shipped = await call('POST', `/api/v1/shipments/${shipment}/ship`, { as: owner });
  expect(shipped.body.status, JSON.stringify(shipped.body)).toBe('shipped');
  return shipment;
}
