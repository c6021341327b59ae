import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { database } from '../../db/client';
import worker from '../../worker/index';
import { domainEvent } from '../../worker/services/domain-events';
import { dispatchEvent } from '../../worker/services/event-handlers';
import page2 from '../fixtures/channels/walmart-orders-page2.json';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive, stockAt } from '../helpers/factories';

const walmart = inject('walmartUrl');
const [OPEN, CANCELLED, NEXT_PAGE] = ['1796277083022', '1796277083023', '1796277083024'];
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

/** A Walmart channel on the local Marketplace API whose client id carries `behaviour` (throttle). */
async function walmartChannel(behaviour = '') {
  const clientId = `${behaviour}${uid()}`;
  const res = await call('POST', '/api/v1/channels', {
    as: owner,
    body: {
      type: 'walmart',
      name: 'Walmart',
      config: {
        client_id: clientId,
        client_secret: 'walmart-secret-0123',
        api_base_url: walmart,
        orders_since: '2026-03-01T00:00:00Z',
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { channel: res.body.id as string, token: `wm-${clientId}` };
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
    (await (await fetch(`${walmart}/__pushes?token=${encodeURIComponent(token)}`)).json()) as {
      pushes: { method: string; path: string; correlationId: string; body: any }[];
    }
  ).pushes;
const cursorOf = (channel: string) =>
  env.DB.prepare(`SELECT cursor, next_poll_at FROM channel_cursors WHERE channel = ? AND stream = 'orders'`)
    .bind(channel)
    .first<{ cursor: string | null; next_poll_at: string | null }>();
const until = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 10_000, interval: 100 });

describe('Walmart', () => {
  it('reads both pages into orders, acknowledges each new one once, and a second poll adds nothing', async () => {
    const { channel, token } = await walmartChannel();
    await tick();
    const orders = await ordersOf(channel);
    expect(orders.map((o) => o.external_id).sort()).toEqual([OPEN, CANCELLED, NEXT_PAGE]);
    expect(orders.find((o) => o.external_id === CANCELLED)!.status).toBe('cancelled');
    const acks = async () =>
      (await pushes(token)).filter((p) => p.path.endsWith('/acknowledge')).map((p) => p.path);
    expect((await acks()).sort()).toEqual([
      `/v3/orders/${OPEN}/acknowledge`,
      `/v3/orders/${NEXT_PAGE}/acknowledge`,
    ]);
    // created since the configured start; modified since the newest change read (the cancellation at 17:00)
    expect(JSON.parse((await cursorOf(channel))!.cursor!)).toEqual({
      created: '2026-03-01T00:00:00.000Z',
      since: '2026-03-02T17:00:00.000Z',
    });
    await tick();
    expect((await ordersOf(channel)).length).toBe(3);
    expect(await acks()).toHaveLength(2);
  });

  it('waits out a 429 until Retry-After, then the next tick succeeds', async () => {
    const { channel } = await walmartChannel('throttle-');
    const now = Date.now();
    await tick(now);
    expect(await ordersOf(channel)).toEqual([]);
    expect(Date.parse((await cursorOf(channel))!.next_poll_at!)).toBe(now + 1000);
    await tick(now + 2000);
    expect((await ordersOf(channel)).length).toBe(3);
  });

  it('sets the quantity of each listed SKU with PUT /v3/inventory', async () => {
    const { channel, token } = await walmartChannel();
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    const sellerSku = `WM-${uid()}`;
    await call('POST', '/api/v1/listings', {
      as: owner,
      body: { channel, channel_sku: sellerSku, sku, external: { sku: sellerSku } },
    });
    await receive(owner, sku, loc.code, 7);
    await until(async () => {
      const sent = (await pushes(token)).filter((p) => p.path.startsWith('/v3/inventory'));
      expect(sent.at(-1)).toMatchObject({
        method: 'PUT',
        path: `/v3/inventory?sku=${sellerSku}`,
        body: { sku: sellerSku, quantity: { unit: 'EACH', amount: 7 } },
      });
    });
    const row = await env.DB.prepare(
      'SELECT pushed_quantity FROM listings WHERE channel = ? AND channel_sku = ?',
    )
      .bind(channel, sellerSku)
      .first<{ pushed_quantity: number }>();
    expect(row!.pushed_quantity).toBe(7);
  });

  it('sends the shipping update once, even when shipment.shipped is delivered twice', async () => {
    const { channel, token } = await walmartChannel();
    const loc = await makeLocation(owner);
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 5);
    await call('POST', '/api/v1/listings', { as: owner, body: { channel, channel_sku: 'SKILLET-12', sku } });
    await tick();
    const order = (await ordersOf(channel)).find((o) => o.external_id === NEXT_PAGE)!;
    expect(order.status).toBe('allocated');
    const shipment = await shipOrder(loc.code, order.id, '1Z999AA10123456784');
    await until(async () => {
      const row = await env.DB.prepare(
        "SELECT id FROM operations WHERE id = ? AND json_extract(result, '$.done') = 1",
      )
        .bind(`tracking:${shipment}`)
        .first();
      expect(row).not.toBeNull();
    });
    await dispatchEvent(env, database(env), domainEvent('shipment.shipped', shipment));
    const sent = (await pushes(token)).filter((p) => p.path.endsWith('/shipping'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toBe(`/v3/orders/${NEXT_PAGE}/shipping`);
    const [line] = sent[0]!.body.orderShipment.orderLines.orderLine;
    expect(line).toMatchObject({
      lineNumber: '1',
      orderLineStatuses: {
        orderLineStatus: [
          {
            status: 'Shipped',
            statusQuantity: { unitOfMeasurement: 'EACH', amount: '3' },
            trackingInfo: { carrierName: { carrier: 'UPS' }, trackingNumber: '1Z999AA10123456784' },
          },
        ],
      },
    });
  }, 30_000);
});

describe('Walmart changes to orders already read', () => {
  /** The fixture's one-line order as `po`, for `quantity` of `sku`, placed and last changed at the given times. */
  function purchaseOrder(
    po: string,
    sku: string,
    quantity: number,
    at: { placed: number; changed: number; status?: 'Acknowledged' | 'Cancelled' },
  ) {
    const order = structuredClone(page2.list.elements.order[0]!);
    const line = order.orderLines.orderLine[0]!;
    order.purchaseOrderId = po;
    order.orderDate = at.placed;
    line.item.sku = sku;
    line.orderLineQuantity.amount = String(quantity);
    line.statusDate = at.changed;
    line.orderLineStatuses.orderLineStatus = [
      {
        status: at.status ?? 'Acknowledged',
        statusQuantity: { unitOfMeasurement: 'EACH', amount: String(quantity) },
      },
    ];
    return order;
  }
  const serve = (token: string, orders: unknown[]) =>
    fetch(`${walmart}/__orders?token=${encodeURIComponent(token)}`, {
      method: 'POST',
      body: JSON.stringify({ orders }),
    });
  const po = () => String(1_796_000_000_000 + Math.floor(Math.random() * 1e9));

  it('reads a line cancelled after newer orders moved the cursor, and releases its stock', async () => {
    const { channel, token } = await walmartChannel();
    const loc = (await makeLocation(owner)).code;
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc, 5);
    const hour = 3_600_000;
    const t0 = Date.now() - 5 * hour;
    const [early, later] = [po(), po()];
    await serve(token, [purchaseOrder(early, sku, 2, { placed: t0, changed: t0 })]);
    await tick();
    await serve(token, [
      purchaseOrder(early, sku, 2, { placed: t0, changed: t0 }),
      purchaseOrder(later, sku, 1, { placed: t0 + hour, changed: t0 + hour }),
    ]);
    await tick();
    const statuses = async () =>
      Object.fromEntries((await ordersOf(channel)).map((o) => [o.external_id, o.status]));
    expect(await statuses()).toEqual({ [early]: 'allocated', [later]: 'allocated' });
    expect((await stockAt(owner, sku, loc)).reserved).toBe(3);

    // The early order was created before the cursor: only a read by modification time can see it change.
    await serve(token, [
      purchaseOrder(early, sku, 2, { placed: t0, changed: t0 + 2 * hour, status: 'Cancelled' }),
      purchaseOrder(later, sku, 1, { placed: t0 + hour, changed: t0 + hour }),
    ]);
    await tick();
    expect(await statuses()).toEqual({ [early]: 'cancelled', [later]: 'allocated' });
    expect((await stockAt(owner, sku, loc)).reserved).toBe(1);
    const queries = (
      (await (await fetch(`${walmart}/__queries?token=${encodeURIComponent(token)}`)).json()) as {
        queries: string[];
      }
    ).queries.map((q) => Object.fromEntries(new URLSearchParams(q)));
    expect(queries.at(-1)).toMatchObject({
      createdStartDate: '2026-03-01T00:00:00.000Z',
      lastModifiedStartDate: new Date(t0 + hour).toISOString(),
    });
  });

  it('keeps the cancellation when an older version of the order is read again', async () => {
    const { channel, token } = await walmartChannel();
    const loc = (await makeLocation(owner)).code;
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc, 5);
    const t0 = Date.now() - 3_600_000;
    const id = po();
    await serve(token, [
      purchaseOrder(id, sku, 2, { placed: t0, changed: t0 + 60_000, status: 'Cancelled' }),
    ]);
    await tick();
    expect((await ordersOf(channel)).map((o) => [o.external_id, o.status])).toEqual([[id, 'cancelled']]);
    // a replay from the start reads the order as it was before the cancellation
    await serve(token, [purchaseOrder(id, sku, 2, { placed: t0, changed: t0 })]);
    await env.DB.prepare('DELETE FROM channel_cursors WHERE channel = ?').bind(channel).run();
    await tick();
    expect((await ordersOf(channel)).map((o) => [o.external_id, o.status])).toEqual([[id, 'cancelled']]);
    expect((await stockAt(owner, sku, loc)).reserved).toBe(0);
  });
});

/** Picks every unit, packs, enters UPS tracking for and ships the order's shipment at `location`. */
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
    body: { carrier: 'UPS', tracking_code: tracking },
  });
  const shipped = await call('POST', `/api/v1/shipments/${shipment}/ship`, { as: owner });
  expect(shipped.body.status, JSON.stringify(shipped.body)).toBe('shipped');
  return shipment;
}
