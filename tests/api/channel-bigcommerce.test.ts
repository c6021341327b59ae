import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { database } from '../../db/client';
import { domainEvent } from '../../worker/services/domain-events';
import { dispatchEvent } from '../../worker/services/event-handlers';
import event from '../fixtures/channels/bigcommerce-webhook-order-created.json';
import { BASE, type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive } from '../helpers/factories';

const bigcommerce = inject('bigcommerceUrl');
const SECRET = 'bc_hook_secret_0123456789';
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

/**
 * A BigCommerce channel on the local store, with the fixture order's two products linked to new SKUs
 * stocked at a new location: SOCK-TRAIL-M (variant 301) and the SKU-less bottle (product 97, variant 254).
 */
async function store() {
  const token = `bc-${uid()}`;
  const res = await call('POST', '/api/v1/channels', {
    as: owner,
    body: {
      type: 'bigcommerce',
      name: 'BigCommerce',
      config: {
        store_hash: 'abc123',
        access_token: token,
        webhook_secret: SECRET,
        api_base_url: bigcommerce,
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const channel = res.body.id as string;
  const location = (await makeLocation(owner)).code;
  const socks = (await makeSku(owner)).sku;
  const bottle = (await makeSku(owner)).sku;
  for (const [channelSku, sku, variant] of [
    ['SOCK-TRAIL-M', socks, '301'],
    ['97/254', bottle, '254'],
  ] as const) {
    const linked = await call('POST', '/api/v1/listings', {
      as: owner,
      body: { channel, channel_sku: channelSku, sku, external: { variant_id: variant, location_id: '1' } },
    });
    expect(linked.status).toBe(200);
  }
  return { channel, token, location, socks, bottle };
}

const thinEvent = (orderId: number, scope = 'store/order/created') =>
  JSON.stringify({
    ...event,
    scope,
    data: { type: 'order', id: orderId },
    hash: uid(),
    created_at: 1772460331,
  });

const deliver = (channel: string, raw: string, secret: string | null = SECRET) =>
  call('POST', `/api/v1/webhooks/bigcommerce/${channel}`, {
    raw,
    headers: {
      'content-type': 'application/json',
      ...(secret === null ? {} : { 'x-switchyard-webhook-secret': secret }),
    },
  });

const inboxSettled = (channel: string) =>
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

const ordersOf = async (channel: string) =>
  (await call('GET', `/api/v1/orders?channel=${channel}`, { as: owner })).body.data as {
    id: string;
    external_id: string;
    status: string;
  }[];

const pushesOf = async (token: string) =>
  (
    (await (await fetch(`${bigcommerce}/__pushes?token=${token}`)).json()) as {
      pushes: { method: string; path: string; body: any }[];
    }
  ).pushes;

const orderId = () => 1000 + Math.floor(Math.random() * 800_000);

describe('BigCommerce', () => {
  it('fetches the order a thin event names, with its products and shipping address', async () => {
    const { channel, socks, bottle, location } = await store();
    await receive(owner, socks, location, 5);
    await receive(owner, bottle, location, 5);
    const id = orderId();
    const raw = thinEvent(id);
    const answers = [await deliver(channel, raw), await deliver(channel, raw)];
    expect(answers.map((a) => [a.status, a.body.duplicate])).toEqual([
      [200, false],
      [200, true],
    ]);
    await inboxSettled(channel);
    const [order] = await ordersOf(channel);
    expect(order).toMatchObject({ external_id: String(id), status: 'allocated' });
    const detail = (await call('GET', `/api/v1/orders/${order!.id}`, { as: owner })).body;
    expect(detail.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([
      [socks, 2],
      [bottle, 1],
    ]);
    expect(detail.ship_to).toMatchObject({ name: 'Dana Whitfield', city: 'Boulder', country: 'US' });
  });

  it('keeps an event for an order the store no longer has as ignored, with no order', async () => {
    const { channel } = await store();
    expect((await deliver(channel, thinEvent(900_001))).status).toBe(200);
    await inboxSettled(channel);
    expect(await ordersOf(channel)).toEqual([]);
    const row = await env.DB.prepare('SELECT status FROM webhook_inbox WHERE channel = ?')
      .bind(channel)
      .first<{ status: string }>();
    expect(row!.status).toBe('ignored');
  });

  it('refuses a delivery without our secret header, or with another, with 401 and stores nothing', async () => {
    const { channel } = await store();
    const raw = thinEvent(orderId());
    for (const secret of [null, 'not-the-secret-at-all']) {
      const res = await deliver(channel, raw, secret);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_signature');
    }
    const stored = await env.DB.prepare('SELECT count(*) AS n FROM webhook_inbox WHERE channel = ?')
      .bind(channel)
      .first<{ n: number }>();
    expect(stored!.n).toBe(0);
  });

  it('refuses a body that is not an event with 400, storing nothing', async () => {
    const { channel } = await store();
    const res = await deliver(channel, '{"scope":"store/order/created"}');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_channel_payload');
  });

  it('sets absolute stock for each linked variant at its location', async () => {
    const { token, socks, bottle, location } = await store();
    await receive(owner, socks, location, 9);
    await receive(owner, bottle, location, 3);
    await vi.waitFor(
      async () => {
        const levels = new Map<string, number>();
        for (const push of await pushesOf(token)) {
          expect(push).toMatchObject({
            method: 'PUT',
            path: '/stores/abc123/v3/inventory/adjustments/absolute',
          });
          for (const i of push.body.items) levels.set(`${i.variant_id}@${i.location_id}`, i.quantity);
        }
        expect(Object.fromEntries(levels)).toEqual({ '301@1': 9, '254@1': 3 });
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it('creates the shipment with tracking once, even when the shipped event comes twice', async () => {
    const { channel, token, socks, bottle, location } = await store();
    await receive(owner, socks, location, 2);
    await receive(owner, bottle, location, 1);
    const id = orderId();
    await deliver(channel, thinEvent(id));
    await inboxSettled(channel);
    const [order] = await ordersOf(channel);
    const shipment = await shipOrder(order!.id, location);
    const shipments = async () => (await pushesOf(token)).filter((p) => p.path.endsWith('/shipments'));
    await vi.waitFor(async () => expect(await shipments()).toHaveLength(1), {
      timeout: 10_000,
      interval: 100,
    });
    await trackingRecorded(shipment);
    await dispatchEvent(
      env,
      database(env),
      domainEvent('shipment.shipped', shipment, { order_id: order!.id }),
    );
    const sent = await shipments();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      path: `/stores/abc123/v2/orders/${id}/shipments`,
      body: {
        order_address_id: 171,
        tracking_number: '1Z999AA10123456784',
        tracking_carrier: 'ups',
        items: [
          { order_product_id: 4021, quantity: 2 },
          { order_product_id: 4022, quantity: 1 },
        ],
      },
    });
  });
});

const trackingRecorded = (shipment: string) =>
  vi.waitFor(
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

describe('BigCommerce webhook registration', () => {
  type Hook = {
    id: number;
    scope: string;
    destination: string;
    is_active: boolean;
    headers: Record<string, string>;
  };
  const SCOPES = ['store/order/created', 'store/order/updated', 'store/order/statusUpdated'];

  async function bareStore(token = `bc-${uid()}`) {
    const res = await call('POST', '/api/v1/channels', {
      as: owner,
      body: {
        type: 'bigcommerce',
        name: 'BigCommerce',
        config: {
          store_hash: 'abc123',
          access_token: token,
          webhook_secret: SECRET,
          api_base_url: bigcommerce,
        },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return {
      channel: res.body.id as string,
      token,
      destination: `${BASE}/api/v1/webhooks/bigcommerce/${res.body.id}`,
    };
  }

  const hooksAt = async (token: string) =>
    (
      (await (
        await fetch(`${bigcommerce}/stores/abc123/v3/hooks?limit=250`, { headers: { 'x-auth-token': token } })
      ).json()) as { data: Hook[] }
    ).data;
  const register = (channel: string, as: Caller = owner) =>
    call('POST', `/api/v1/channels/${channel}/webhooks/register`, { as });

  it('subscribes the three order scopes to our URL with the secret header, and a second run changes nothing', async () => {
    const { channel, token, destination } = await bareStore();
    const first = await register(channel);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.destination).toBe(destination);
    expect(first.body.hooks.map((h: { scope: string; action: string }) => [h.scope, h.action])).toEqual(
      SCOPES.map((scope) => [scope, 'created']),
    );
    const hooks = await hooksAt(token);
    expect(hooks.map((h) => [h.scope, h.destination, h.is_active, h.headers])).toEqual(
      SCOPES.map((scope) => [scope, destination, true, { 'X-Switchyard-Webhook-Secret': SECRET }]),
    );
    expect(first.body.hooks.map((h: { id: number }) => h.id)).toEqual(hooks.map((h) => h.id));

    const writes = (await pushesOf(token)).length;
    const second = await register(channel);
    expect(second.status).toBe(200);
    expect(second.body.hooks.map((h: { action: string }) => h.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(second.body.hooks.map((h: { id: number }) => h.id)).toEqual(hooks.map((h) => h.id));
    expect(await hooksAt(token)).toHaveLength(3);
    expect(await pushesOf(token)).toHaveLength(writes);
    const audited = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_entries WHERE entity_id = ? AND action = 'channel.webhooks_register'",
    )
      .bind(channel)
      .first<{ n: number }>();
    expect(audited!.n).toBe(1);
  });

  it('repairs a deactivated hook or one with an old secret in place, leaving other destinations alone', async () => {
    const { channel, token, destination } = await bareStore();
    const elsewhere = 'https://other-app.example.com/hooks';
    await fetch(`${bigcommerce}/__hooks?token=${token}`, {
      method: 'POST',
      body: JSON.stringify({
        hooks: [
          {
            scope: 'store/order/created',
            destination,
            is_active: false,
            headers: { 'X-Switchyard-Webhook-Secret': SECRET },
          },
          {
            scope: 'store/order/updated',
            destination,
            is_active: true,
            headers: { 'X-Switchyard-Webhook-Secret': 'old_secret_0123456789' },
          },
          { scope: 'store/order/created', destination: elsewhere, is_active: true, headers: null },
        ],
      }),
    });
    const before = await hooksAt(token);
    const res = await register(channel);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(
      res.body.hooks.map((h: { scope: string; id: number; action: string }) => [h.scope, h.id, h.action]),
    ).toEqual([
      ['store/order/created', before[0]!.id, 'updated'],
      ['store/order/updated', before[1]!.id, 'updated'],
      ['store/order/statusUpdated', expect.any(Number), 'created'],
    ]);
    const after = await hooksAt(token);
    expect(after).toHaveLength(4);
    for (const hook of after.filter((h) => h.destination === destination)) {
      expect(hook).toMatchObject({ is_active: true, headers: { 'X-Switchyard-Webhook-Secret': SECRET } });
    }
    expect(after.find((h) => h.destination === elsewhere)).toMatchObject({ is_active: true, headers: null });
    const writes = (await pushesOf(token)).map((p) => [p.method, p.path]);
    expect(writes).toEqual([
      ['PUT', `/stores/abc123/v3/hooks/${before[0]!.id}`],
      ['PUT', `/stores/abc123/v3/hooks/${before[1]!.id}`],
      ['POST', '/stores/abc123/v3/hooks'],
    ]);
  });

  it('accepts a delivery carrying the header the registration set', async () => {
    const { channel, token } = await bareStore();
    expect((await register(channel)).status).toBe(200);
    const [hook] = await hooksAt(token);
    const res = await call('POST', `/api/v1/webhooks/bigcommerce/${channel}`, {
      raw: thinEvent(900_002),
      headers: { 'content-type': 'application/json', ...hook!.headers },
    });
    expect(res.status).toBe(200);
  });

  it('answers 503 when the store is down and 409 for a channel that is not BigCommerce, registering nothing', async () => {
    const { channel, token } = await bareStore(`bc-down-${uid()}`);
    const down = await register(channel);
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('channel_unavailable');
    expect(await pushesOf(token)).toEqual([]);
    const sandbox = await call('POST', '/api/v1/channels', {
      as: owner,
      body: { type: 'sandbox', name: 'Sandbox', config: {} },
    });
    const other = await register(sandbox.body.id);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('webhook_registration_unsupported');
    expect((await register('chn_00000000000000000000000000')).status).toBe(404);
  });

  it('is refused to floor staff', async () => {
    const { channel, token } = await bareStore();
    const res = await register(channel, await signedIn('staff'));
    expect(res.status).toBe(403);
    expect(await hooksAt(token)).toEqual([]);
  });
});

/** Picks, packs and ships the order's one shipment from its own location with a UPS tracking number. */
async function shipOrder(orderId: string, location: string) {
  const list = (await call('POST', '/api/v1/pick-lists', { as: owner, body: { location } })).body;
  const shipment = list.shipments.find((s: { order_id: string }) => s.order_id === orderId).id as string;
  const lines = list.lines as { sku: string; quantity: number }[];
  // one unit per scan, as a picker does: a pick fills one shipment line, and a SKU may have several
  for (const line of lines) {
    for (let unit = 0; unit < line.quantity; unit++) {
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
    body: { carrier: 'UPS', tracking_code: '1Z999AA10123456784' },
  });
  const shipped = await call('POST', `/api/v1/shipments/${shipment}/ship`, { as: owner });
  expect(shipped.body.status).toBe('shipped');
  return shipment;
}
