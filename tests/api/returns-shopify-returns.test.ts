import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type ShippedOrder, shippedOrder } from '../fixtures/returns/shipped-order';
import fixture from '../fixtures/shopify-rest-refund.json';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { base64, hmacSha256 } from '../helpers/hmac';

const shopify = inject('shopifyUrl');
const SECRET = 'shpss_channel_returns';
let owner: Caller;
let staff: Caller;
beforeAll(async () => {
  [owner, staff] = await Promise.all([signedIn('owner'), signedIn('staff')]);
});

const serial = () => 1_000_000 + Math.floor(Math.random() * 1e9);

async function shopifyChannel(token = `shpat_${uid()}`) {
  const made = await call('POST', '/api/v1/channels', {
    as: owner,
    body: {
      type: 'shopify',
      name: 'Shop',
      config: {
        shop_domain: 'demo.myshopify.com',
        webhook_secret: SECRET,
        access_token: token,
        api_base_url: shopify,
      },
    },
  });
  expect(made.status).toBe(201);
  return { channel: made.body.id as string, token };
}

interface ShopOrder extends ShippedOrder {
  channel: string;
  token: string;
  /** Shopify's line item id of each of our order lines. */
  lineItems: number[];
}

/** A shipped order of a Shopify channel, known to the fake shop with a line item per line. */
async function shopOrder(quantities: number[], unitPrice = 1500): Promise<ShopOrder> {
  const { channel, token } = await shopifyChannel();
  const o = await shippedOrder(owner, quantities, {
    channel,
    external_id: String(serial()),
    unit_price: unitPrice,
  });
  const lineItems = o.skus.map(() => serial());
  const stored = await fetch(`${shopify}/__orders?token=${token}`, {
    method: 'POST',
    body: JSON.stringify({
      id: o.order.external_id,
      line_items: o.skus.map((sku, i) => ({ id: lineItems[i], sku, variant_id: serial() })),
    }),
  });
  expect(stored.status).toBe(201);
  return { ...o, channel, token, lineItems };
}

/** A returns/* body as Shopify sends it (the Return webhook payload). */
function returnPayload(
  o: ShopOrder,
  returnId: number,
  lines: { line: number; quantity: number; reason?: string; lineItem?: number }[],
) {
  return {
    id: returnId,
    admin_graphql_api_id: `gid://shopify/Return/${returnId}`,
    status: 'requested',
    order: {
      id: Number(o.order.external_id),
      admin_graphql_api_id: `gid://shopify/Order/${o.order.external_id}`,
    },
    total_return_line_items: lines.length,
    name: '#1106-R1',
    return_line_items: lines.map((l) => {
      const item = l.lineItem ?? o.lineItems[l.line]!;
      const id = serial();
      return {
        id,
        admin_graphql_api_id: `gid://shopify/ReturnLineItem/${id}`,
        fulfillment_line_item: {
          id: id + 1,
          admin_graphql_api_id: `gid://shopify/FulfillmentLineItem/${id + 1}`,
          line_item: { id: item, admin_graphql_api_id: `gid://shopify/LineItem/${item}` },
        },
        quantity: l.quantity,
        return_reason: l.reason ?? 'defective',
        return_reason_note: '',
        customer_note: 'Arrived scratched',
      };
    }),
  };
}

async function deliver(channel: string, topic: string, body: unknown, deliveryId = crypto.randomUUID()) {
  const raw = JSON.stringify(body);
  const res = await call('POST', `/api/v1/webhooks/shopify/${channel}`, {
    raw,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': base64(await hmacSha256(SECRET, raw)),
      'x-shopify-webhook-id': deliveryId,
      'x-shopify-shop-domain': 'demo.myshopify.com',
    },
  });
  expect(res.status).toBe(200);
  return res.body as { duplicate: boolean };
}

const settled = (channel: string) =>
  vi.waitFor(
    async () => {
      const row = await env.DB.prepare(
        `SELECT count(*) AS n FROM webhook_inbox WHERE channel = ? AND status = 'pending'`,
      )
        .bind(channel)
        .first<{ n: number }>();
      expect(row!.n).toBe(0);
    },
    { timeout: 15_000, interval: 100 },
  );

const returnsOf = async (orderId: string) =>
  (await call('GET', `/api/v1/returns?order_id=${orderId}`, { as: owner })).body.data as { id: string }[];
const detail = async (id: string) => (await call('GET', `/api/v1/returns/${id}`, { as: owner })).body;
const onlyReturn = async (orderId: string) => {
  const all = await returnsOf(orderId);
  expect(all).toHaveLength(1);
  return detail(all[0]!.id);
};
const externalIdOf = async (id: string) =>
  (
    await env.DB.prepare('SELECT external_return_id AS gid FROM returns WHERE id = ?')
      .bind(id)
      .first<{ gid: string | null }>()
  )?.gid;
const exceptionsFor = async (kind: string, orderId: string) =>
  (await call('GET', `/api/v1/exceptions?kind=${kind}&limit=200`, { as: owner })).body.data.filter(
    (e: { order_id: string }) => e.order_id === orderId,
  );

describe('Shopify returns/* webhooks', () => {
  it('makes one RMA from returns/request, delivered twice, mapped to the order lines and waiting for a person', async () => {
    const o = await shopOrder([2, 1], 25_000);
    const body = returnPayload(o, serial(), [
      { line: 0, quantity: 2, reason: 'defective' },
      { line: 1, quantity: 1, reason: 'size_too_small' },
    ]);
    const id = crypto.randomUUID();
    await deliver(o.channel, 'returns/request', body, id);
    expect((await deliver(o.channel, 'returns/request', body, id)).duplicate).toBe(true);
    await deliver(o.channel, 'returns/request', body); // a redelivery under a new webhook id
    await settled(o.channel);
    const rma = await onlyReturn(o.order.id);
    expect(rma).toMatchObject({ source: 'channel', status: 'requested', approval: { auto: false } });
    expect(await externalIdOf(rma.id)).toBe(body.admin_graphql_api_id);
    expect(
      rma.lines.map((l: { sku: string; quantity: number; reason: string; note: string }) => [
        l.sku,
        l.quantity,
        l.reason,
        l.note,
      ]),
    ).toEqual([
      [o.skus[0], 2, 'damaged', 'Arrived scratched'],
      [o.skus[1], 1, 'changed_mind', 'Arrived scratched'],
    ]);
    expect(rma.approval.reasons.join(' ')).toContain('above the 20000');
  });

  it('approves, declines and cancels on the channel word, and a late request changes nothing', async () => {
    const o = await shopOrder([1, 1, 1], 25_000);
    const [approve, decline, cancel] = [0, 1, 2].map((line) =>
      returnPayload(o, serial(), [{ line, quantity: 1 }]),
    );
    for (const b of [approve!, decline!, cancel!]) await deliver(o.channel, 'returns/request', b);
    await settled(o.channel);
    expect(await returnsOf(o.order.id)).toHaveLength(3);
    await deliver(o.channel, 'returns/approve', { ...approve, status: 'open' });
    await deliver(o.channel, 'returns/decline', {
      id: decline!.id,
      admin_graphql_api_id: decline!.admin_graphql_api_id,
      status: 'declined',
      decline: { reason: 'final_sale', note: 'Sold as is' },
    });
    await deliver(o.channel, 'returns/cancel', {
      id: cancel!.id,
      admin_graphql_api_id: cancel!.admin_graphql_api_id,
      order_id: Number(o.order.external_id),
      status: 'canceled',
    });
    await settled(o.channel);
    const byLine = async () => {
      const all = await Promise.all((await returnsOf(o.order.id)).map((r) => detail(r.id)));
      return Object.fromEntries(all.map((r) => [r.lines[0].sku, r]));
    };
    let now = await byLine();
    expect(now[o.skus[0]!]).toMatchObject({
      status: 'approved',
      approval: { decided_by: `channel:${o.channel}`, note: 'approved on Shopify' },
    });
    expect(now[o.skus[1]!]).toMatchObject({
      status: 'rejected',
      approval: { note: 'declined on Shopify: final_sale: Sold as is' },
    });
    expect(now[o.skus[2]!].status).toBe('cancelled');

    // older events delivered late: none undoes the decisions above
    await deliver(o.channel, 'returns/request', decline);
    await deliver(o.channel, 'returns/approve', { ...cancel, status: 'open' });
    await deliver(o.channel, 'returns/close', {
      id: approve!.id,
      admin_graphql_api_id: approve!.admin_graphql_api_id,
      status: 'closed',
    });
    await settled(o.channel);
    now = await byLine();
    expect([0, 1, 2].map((i) => now[o.skus[i]!].status)).toEqual(['approved', 'rejected', 'cancelled']);
    expect(await returnsOf(o.order.id)).toHaveLength(3);
    expect(now[o.skus[2]!].timeline.at(-1)).toMatchObject({
      type: 'channel_event',
      message: 'Shopify says approved; kept cancelled: a return that is cancelled cannot become approved',
    });
  });

  it('applies a decline that arrives before its request once the request is in, never reopening it', async () => {
    const o = await shopOrder([1], 25_000);
    const body = returnPayload(o, serial(), [{ line: 0, quantity: 1 }]);
    await deliver(o.channel, 'returns/decline', {
      id: body.id,
      admin_graphql_api_id: body.admin_graphql_api_id,
      status: 'declined',
      decline: { reason: 'return_period_ended', note: null },
    });
    await deliver(o.channel, 'returns/request', body);
    await settled(o.channel);
    const rma = await onlyReturn(o.order.id);
    expect(rma.status).toBe('rejected');
    expect(rma.timeline.map((t: { type: string }) => t.type)).toEqual(['requested', 'requested', 'rejected']);
  });

  it('makes the RMA approved when returns/approve is the first word of a return', async () => {
    const o = await shopOrder([2]);
    const body = returnPayload(o, serial(), [{ line: 0, quantity: 1, reason: 'wrong_item' }]);
    await deliver(o.channel, 'returns/approve', { ...body, status: 'open' });
    await settled(o.channel);
    await deliver(o.channel, 'returns/request', body);
    await settled(o.channel);
    const rma = await onlyReturn(o.order.id);
    expect(rma).toMatchObject({
      status: 'approved',
      approval: { auto: true, decided_by: `channel:${o.channel}` },
    });
    expect(rma.lines).toEqual([expect.objectContaining({ quantity: 1, reason: 'wrong_item' })]);
  });

  it('puts the lines that match no order line in an exception and returns the rest', async () => {
    const o = await shopOrder([1]);
    const stranger = serial();
    const body = returnPayload(o, serial(), [
      { line: 0, quantity: 3 },
      { line: 0, quantity: 1, lineItem: stranger },
    ]);
    await deliver(o.channel, 'returns/request', body);
    await settled(o.channel);
    const rma = await onlyReturn(o.order.id);
    expect(rma.lines).toEqual([expect.objectContaining({ sku: o.skus[0], quantity: 1 })]);
    const [unmatched] = await exceptionsFor('return_unmatched', o.order.id);
    expect(unmatched).toMatchObject({ status: 'open', channel: o.channel });
    expect(unmatched.details).toEqual({
      external_return_id: body.admin_graphql_api_id,
      lines: [
        { line_item_id: String(stranger), problem: 'matches no order line' },
        { order_line_id: o.order.lines[0]!.id, problem: '3 asked, 1 returnable' },
      ],
    });
  });

  it('refuses a body without a return id as a payload exception and makes no RMA', async () => {
    const o = await shopOrder([1]);
    const {
      id: _id,
      admin_graphql_api_id: _gid,
      ...body
    } = returnPayload(o, serial(), [{ line: 0, quantity: 1 }]);
    await deliver(o.channel, 'returns/request', body);
    await settled(o.channel);
    expect(await returnsOf(o.order.id)).toEqual([]);
    const failed = await env.DB.prepare(
      `SELECT status, error FROM webhook_inbox WHERE channel = ? AND topic = 'returns/request'`,
    )
      .bind(o.channel)
      .first<{ status: string; error: string }>();
    expect(failed).toEqual({ status: 'failed', error: expect.stringContaining('admin_graphql_api_id') });
  });

  it('refuses an unsigned returns/request and stores nothing', async () => {
    const o = await shopOrder([1]);
    const res = await call('POST', `/api/v1/webhooks/shopify/${o.channel}`, {
      raw: JSON.stringify(returnPayload(o, serial(), [{ line: 0, quantity: 1 }])),
      headers: {
        'x-shopify-topic': 'returns/request',
        'x-shopify-hmac-sha256': base64(new Uint8Array(32)),
        'x-shopify-webhook-id': crypto.randomUUID(),
      },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_signature');
    const stored = await env.DB.prepare('SELECT count(*) AS n FROM webhook_inbox WHERE channel = ?')
      .bind(o.channel)
      .first<{ n: number }>();
    expect(stored!.n).toBe(0);
  });
});

/** The fixture refund of a return: every line of the order returned, refunding `amount`. */
function refundOf(o: ShopOrder, returnId: number | null, amount: string) {
  const refund = structuredClone(fixture.refund);
  return {
    ...refund,
    id: serial(),
    order_id: Number(o.order.external_id),
    ...(returnId
      ? { return: { id: returnId, admin_graphql_api_id: `gid://shopify/Return/${returnId}` } }
      : {}),
    refund_line_items: o.skus.map((sku, i) => ({
      ...refund.refund_line_items[0]!,
      quantity: o.order.lines[i]!.quantity,
      line_item_id: o.lineItems[i],
      restock_type: 'return',
      line_item: { ...refund.refund_line_items[0]!.line_item, id: o.lineItems[i], sku },
    })),
    transactions: refund.transactions.map((t) => ({ ...t, amount })),
  };
}

describe('a Shopify return and its refund, in either order', () => {
  it.each([
    ['the refund first, naming its return', true, true],
    ['the request first, the refund naming its return', false, true],
    ['the refund first, naming no return (older API versions)', true, false],
    ['the request first, the refund naming no return', false, false],
  ])('%s: one RMA with one linked refund', async (_, refundFirst, namesReturn) => {
    const o = await shopOrder([1, 1]);
    const returnId = serial();
    const request = returnPayload(o, returnId, [
      { line: 0, quantity: 1 },
      { line: 1, quantity: 1 },
    ]);
    const refund = refundOf(o, namesReturn ? returnId : null, '30.00');
    const steps: [string, unknown][] = [
      ['refunds/create', refund],
      ['returns/request', request],
    ];
    for (const [topic, body] of refundFirst ? steps : steps.reverse()) {
      await deliver(o.channel, topic, body);
      await settled(o.channel);
    }
    await deliver(o.channel, 'refunds/create', refund);
    await settled(o.channel);
    const rma = await onlyReturn(o.order.id);
    expect(await externalIdOf(rma.id)).toBe(request.admin_graphql_api_id);
    expect(rma.lines.map((l: { quantity: number }) => l.quantity)).toEqual([1, 1]);
    expect(rma.refunds).toEqual([
      expect.objectContaining({
        status: 'from_channel',
        channel_amount: 3000,
        external_refund_id: String(refund.id),
      }),
    ]);
  });
});

describe('retrying a refund whose push failed', () => {
  it('pays it on the retry after Shopify answered 500, once, resolving the exception; a second retry changes nothing', async () => {
    const { channel, token } = await shopifyChannel(`shpat_refund500_${uid()}`);
    const o = await shippedOrder(owner, [1], { channel, external_id: String(serial()) });
    const made = await call('POST', '/api/v1/returns', {
      as: staff,
      body: {
        order_id: o.order.id,
        lines: [{ order_line_id: o.order.lines[0]!.id, quantity: 1, reason: 'damaged' }],
      },
    });
    expect(made.body.status).toBe('approved');
    const paid = await call('POST', `/api/v1/returns/${made.body.id}/refund`, {
      as: owner,
      body: { lines_amount: 1500 },
    });
    const [failed] = paid.body.refunds;
    expect(failed).toMatchObject({ status: 'push_failed', error: 'Shopify answered HTTP 500' });
    expect(await exceptionsFor('refund_failed', o.order.id)).toEqual([
      expect.objectContaining({ status: 'open', details: { return_id: made.body.id, refund_id: failed.id } }),
    ]);
    const retryPath = `/api/v1/returns/${made.body.id}/refunds/${failed.id}/retry`;

    const forbidden = await call('POST', retryPath, { as: staff });
    expect(forbidden.status).toBe(403);
    expect((await detail(made.body.id)).refunds[0].status).toBe('push_failed');

    const retried = await call('POST', retryPath, { as: owner });
    expect(retried.status).toBe(200);
    expect(retried.body.refunds).toEqual([
      expect.objectContaining({
        id: failed.id,
        status: 'pushed',
        error: null,
        external_refund_id: expect.stringMatching(/^\d+$/),
      }),
    ]);
    expect(retried.body.timeline.map((t: { type: string }) => t.type)).toEqual(
      expect.arrayContaining(['refund_failed', 'refund_retry', 'refund']),
    );
    expect(await exceptionsFor('refund_failed', o.order.id)).toEqual([]);

    const again = await call('POST', retryPath, { as: owner });
    expect(again.status).toBe(200);
    expect(again.body.refunds).toEqual(retried.body.refunds);
    const atShop = (await (await fetch(`${shopify}/__refunds?token=${token}`)).json()) as {
      refunds: { amount: string }[];
    };
    expect(atShop.refunds).toEqual([expect.objectContaining({ amount: '15.00' })]);
    const audit = await env.DB.prepare(
      `SELECT count(*) AS n FROM audit_entries WHERE entity_id = ? AND action = 'return.refund_retry'`,
    )
      .bind(made.body.id)
      .first<{ n: number }>();
    expect(audit!.n).toBe(1);
  });

  it('refuses to retry a refund that was never pushed, and an unknown one', async () => {
    const o = await shippedOrder(owner, [1]);
    const made = await call('POST', '/api/v1/returns', {
      as: staff,
      body: {
        order_id: o.order.id,
        lines: [{ order_line_id: o.order.lines[0]!.id, quantity: 1, reason: 'damaged' }],
      },
    });
    const paid = await call('POST', `/api/v1/returns/${made.body.id}/refund`, {
      as: owner,
      body: { lines_amount: 1500 },
    });
    const [manual] = paid.body.refunds;
    expect(manual.status).toBe('manual');
    const refused = await call('POST', `/api/v1/returns/${made.body.id}/refunds/${manual.id}/retry`, {
      as: owner,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'refund_not_retryable', details: { status: 'manual' } });
    const unknown = await call(
      'POST',
      `/api/v1/returns/${made.body.id}/refunds/rfd_00000000000000000000000000/retry`,
      { as: owner },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('refund_not_found');
    const malformed = await call('POST', `/api/v1/returns/${made.body.id}/refunds/nope/retry`, { as: owner });
    expect(malformed.status).toBe(400);
    expect((await detail(made.body.id)).refunds).toEqual([expect.objectContaining({ status: 'manual' })]);
  });
});
