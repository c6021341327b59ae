import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { returnBody, shippedOrder } from '../fixtures/returns/shipped-order';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { base64, hmacSha256 } from '../helpers/hmac';

const shopify = inject('shopifyUrl');
const SECRET = 'shpss_return_decisions';
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

const serial = () => 1_000_000 + Math.floor(Math.random() * 1e9);

/** A shipped Shopify order above the policy's value limit, so its returns wait for a person. */
async function shopOrder(tokenPrefix = 'shpat_') {
  const token = `${tokenPrefix}${uid()}`;
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
  const channel = made.body.id as string;
  const o = await shippedOrder(owner, [1], { channel, external_id: String(serial()), unit_price: 25_000 });
  const lineItem = serial();
  const stored = await fetch(`${shopify}/__orders?token=${token}`, {
    method: 'POST',
    body: JSON.stringify({
      id: o.order.external_id,
      line_items: [{ id: lineItem, sku: o.skus[0], variant_id: serial() }],
    }),
  });
  expect(stored.status).toBe(201);
  return { ...o, channel, token, lineItem };
}
type ShopOrder = Awaited<ReturnType<typeof shopOrder>>;

async function deliver(channel: string, topic: string, body: unknown) {
  const raw = JSON.stringify(body);
  const res = await call('POST', `/api/v1/webhooks/shopify/${channel}`, {
    raw,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': base64(await hmacSha256(SECRET, raw)),
      'x-shopify-webhook-id': crypto.randomUUID(),
      'x-shopify-shop-domain': 'demo.myshopify.com',
    },
  });
  expect(res.status).toBe(200);
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

/** The RMA Shopify's returns/request made, still waiting for a person, and its Return's gid. */
async function requestedReturn(o: ShopOrder) {
  const returnId = serial();
  const gid = `gid://shopify/Return/${returnId}`;
  const item = serial();
  const body = {
    id: returnId,
    admin_graphql_api_id: gid,
    status: 'requested',
    order: {
      id: Number(o.order.external_id),
      admin_graphql_api_id: `gid://shopify/Order/${o.order.external_id}`,
    },
    return_line_items: [
      {
        id: item,
        fulfillment_line_item: {
          id: item + 1,
          line_item: { id: o.lineItem, admin_graphql_api_id: `gid://shopify/LineItem/${o.lineItem}` },
        },
        quantity: 1,
        return_reason: 'defective',
        customer_note: 'Cracked',
      },
    ],
  };
  await deliver(o.channel, 'returns/request', body);
  await settled(o.channel);
  const list = await call('GET', `/api/v1/returns?order_id=${o.order.id}`, { as: owner });
  expect(list.body.data).toHaveLength(1);
  expect(list.body.data[0]).toMatchObject({ source: 'channel', status: 'requested' });
  return { id: list.body.data[0].id as string, gid, body };
}

type SentDecision = { mutation: string; input: Record<string, unknown> };
const decisionsSent = async (token: string) => {
  const res = await fetch(`${shopify}/__return-decisions?token=${token}`);
  return ((await res.json()) as { decisions: SentDecision[] }).decisions;
};
const syncFailures = async (orderId: string) =>
  (await call('GET', '/api/v1/exceptions?kind=sync_failure&limit=200', { as: owner })).body.data.filter(
    (e: { order_id: string }) => e.order_id === orderId,
  ) as { message: string; channel: string }[];
const decide = (id: string, path: 'approve' | 'reject', note?: string) =>
  call('POST', `/api/v1/returns/${id}/${path}`, { as: owner, body: note ? { note } : {} });

describe('return decisions made here, sent to Shopify', () => {
  it('sends returnApproveRequest once with the Return gid when an owner approves', async () => {
    const o = await shopOrder();
    const rma = await requestedReturn(o);
    const res = await decide(rma.id, 'approve', 'Looks fine');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('approved');
    expect(await decisionsSent(o.token)).toEqual([
      { mutation: 'returnApproveRequest', input: { id: rma.gid } },
    ]);
    expect(await syncFailures(o.order.id)).toEqual([]);
  });

  it('sends returnDeclineRequest with reason OTHER and the note when an owner rejects', async () => {
    const o = await shopOrder();
    const rma = await requestedReturn(o);
    const res = await decide(rma.id, 'reject', 'Outside the 30 day window');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('rejected');
    expect(await decisionsSent(o.token)).toEqual([
      {
        mutation: 'returnDeclineRequest',
        input: { id: rma.gid, declineReason: 'OTHER', declineNote: 'Outside the 30 day window' },
      },
    ]);
  });

  it("does not echo a decision that came from Shopify's own returns/approve or returns/decline", async () => {
    const o = await shopOrder();
    const approved = await requestedReturn(o);
    await deliver(o.channel, 'returns/approve', { ...approved.body, status: 'open' });
    await settled(o.channel);
    expect((await call('GET', `/api/v1/returns/${approved.id}`, { as: owner })).body.status).toBe('approved');

    const other = await shopOrder();
    const declined = await requestedReturn(other);
    await deliver(other.channel, 'returns/decline', {
      id: declined.body.id,
      admin_graphql_api_id: declined.gid,
      status: 'declined',
      decline: { reason: 'final_sale', note: 'Sold as is' },
    });
    await settled(other.channel);
    expect((await call('GET', `/api/v1/returns/${declined.id}`, { as: owner })).body.status).toBe('rejected');

    expect(await decisionsSent(o.token)).toEqual([]);
    expect(await decisionsSent(other.token)).toEqual([]);
  });

  it('keeps the decision and raises one sync_failure naming the Return when Shopify answers userErrors', async () => {
    const o = await shopOrder('shpat_returnerr');
    const rma = await requestedReturn(o);
    const res = await decide(rma.id, 'approve');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('approved');
    expect(await decisionsSent(o.token)).toHaveLength(1);
    const failures = await syncFailures(o.order.id);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.channel).toBe(o.channel);
    expect(failures[0]!.message).toContain(rma.gid);
    expect(failures[0]!.message).toContain('INVALID_STATE: Return is not requested');
  });

  it('keeps a rejection and raises one sync_failure when Shopify answers HTTP 500', async () => {
    const o = await shopOrder('shpat_return500');
    const rma = await requestedReturn(o);
    const res = await decide(rma.id, 'reject', 'No receipt');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('rejected');
    const detail = await call('GET', `/api/v1/returns/${rma.id}`, { as: owner });
    expect(detail.body).toMatchObject({ status: 'rejected', approval: { note: 'No receipt' } });
    expect(await decisionsSent(o.token)).toEqual([
      { mutation: 'outage', input: { id: rma.gid, declineReason: 'OTHER', declineNote: 'No receipt' } },
    ]);
    const failures = await syncFailures(o.order.id);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.message).toContain(rma.gid);
  });

  it('sends nothing for a staff RMA on a Shopify order', async () => {
    const o = await shopOrder();
    const made = await call('POST', '/api/v1/returns', {
      as: owner,
      body: returnBody(o.order, [{ line: 0, quantity: 1 }]),
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ source: 'staff', status: 'requested' });
    expect((await decide(made.body.id, 'approve')).body.status).toBe('approved');
    expect(await decisionsSent(o.token)).toEqual([]);
    expect(await syncFailures(o.order.id)).toEqual([]);
  });
});
