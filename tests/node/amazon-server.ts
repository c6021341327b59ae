// A local Amazon SP-API and Login with Amazon. POST /auth/o2/token trades a refresh token for the access token
// `Atza|<refresh token>`; every SP-API call must carry it in x-amz-access-token. getOrders serves the getOrders
// example (one Pending order) with its NextToken, and the sandbox getOrders answer (two Unshipped orders) for
// that token; LastUpdatedAfter filters both pages. getOrderItems serves the sandbox items (re-keyed to the order
// asked for), and for the Pending order the getOrderItems example split over two pages and without prices, as
// Amazon answers for Pending orders. patchListingsItem and confirmShipment are recorded. The token's text picks
// the behaviour: `…throttle…` answers its first call 429 (Retry-After: 1; `…throttle4…`: 4 s), `…flaky…` answers its first
// call 500, `…fast…` reports 10 requests a second. Every answer carries
// x-amzn-RateLimit-Limit. GET /__pushes?token= lists the writes, each with `at`, the epoch ms its request arrived
// (bench/p4 times stock pushes with it); GET /__exchanges?refresh_token= counts trades. getListingsItem shows the
// quantity last patched per SKU (404 for a SKU never patched); POST /__stock?token= {sku, quantity} changes it as an
// edit in Seller Central would (quantity null forgets the SKU), GET /__stock?token= shows them all. The Reports API
// (returns report) is in amazon-reports.ts, the Feeds API (JSON_LISTINGS_FEED stock updates) in amazon-feeds.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import itemsExample from '../fixtures/amazon-spapi-getOrderItems-response.json' with { type: 'json' };
import sandboxItems from '../fixtures/amazon-spapi-getOrderItems-sandbox-response.json' with { type: 'json' };
import ordersExample from '../fixtures/amazon-spapi-getOrders-response.json' with { type: 'json' };
import sandboxOrders from '../fixtures/amazon-spapi-getOrders-sandbox-response.json' with { type: 'json' };
import { FEED_RATES, feedsApi, feedsBackdoor } from './amazon-feeds';
import { REPORT_RATES, reportsApi, reportsBackdoor } from './amazon-reports';

type Push = { method: string; path: string; body: unknown; at: number };
const pushes = new Map<string, Push[]>();
const calls = new Map<string, number>();
const exchanges = new Map<string, number>();
/** Each token's merchant-fulfilled quantities by seller SKU: what patches set, or what a test edited. */
const stock = new Map<string, Map<string, number>>();
const stockOf = (token: string) => stock.get(token) ?? stock.set(token, new Map()).get(token)!;

const RATES: [RegExp, string][] = [
  [/^\/orders\/v0\/orders$/, '0.0167'],
  [/^\/orders\/v0\/orders\/[^/]+\/orderItems$/, '0.5'],
  [/^\/orders\/v0\/orders\/[^/]+\/shipmentConfirmation$/, '2.0'],
  [/^\/listings\/2021-08-01\/items\//, '5.0'],
];

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
};
const fail = (res: ServerResponse, status: number, code: string, message: string, headers = {}) =>
  send(res, status, { errors: [{ code, message }] }, headers);

async function text(req: IncomingMessage): Promise<string> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw;
}

const PENDING_ID = ordersExample.payload.Orders[0]!.AmazonOrderId;
const FIRST_TOKEN = ordersExample.payload.NextToken;
const ITEMS_TOKEN = itemsExample.payload.NextToken;
const allOrders = [...ordersExample.payload.Orders, ...sandboxOrders.payload.Orders];

function ordersPage(url: URL) {
  const after = url.searchParams.get('LastUpdatedAfter') ?? url.searchParams.get('CreatedAfter') ?? '';
  const since = Date.parse(after);
  const keep = (orders: { LastUpdateDate: string }[]) =>
    orders.filter((o) => Date.parse(o.LastUpdateDate) >= since);
  const token = url.searchParams.get('NextToken');
  if (token === FIRST_TOKEN) return { payload: { Orders: keep(sandboxOrders.payload.Orders) } };
  return { payload: { NextToken: FIRST_TOKEN, Orders: keep(ordersExample.payload.Orders) } };
}

function orderItems(orderId: string, nextToken: string | null) {
  if (orderId !== PENDING_ID) {
    return { payload: { ...sandboxItems.payload, AmazonOrderId: orderId } };
  }
  // Pending: no prices, taxes or promotions, as Amazon withholds them until the order is Unshipped.
  const unpriced = itemsExample.payload.OrderItems.map(
    ({ ItemPrice, ShippingPrice, PointsGranted, ...item }) => item,
  );
  return nextToken === ITEMS_TOKEN
    ? { payload: { AmazonOrderId: orderId, OrderItems: unpriced.slice(1) } }
    : { payload: { AmazonOrderId: orderId, NextToken: ITEMS_TOKEN, OrderItems: unpriced.slice(0, 1) } };
}

export function startAmazonServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__pushes')
      return send(res, 200, { pushes: pushes.get(url.searchParams.get('token') ?? '') ?? [] });
    if (url.pathname === '/__exchanges')
      return send(res, 200, { count: exchanges.get(url.searchParams.get('refresh_token') ?? '') ?? 0 });
    if (url.pathname === '/__stock') {
      const mine = stockOf(url.searchParams.get('token') ?? '');
      if (req.method === 'POST') {
        const { sku, quantity } = JSON.parse(await text(req));
        if (quantity === null) mine.delete(sku);
        else mine.set(sku, quantity);
      }
      return send(res, 200, { stock: Object.fromEntries(mine) });
    }
    if (req.method === 'POST' && url.pathname === '/auth/o2/token') {
      const form = new URLSearchParams(await text(req));
      const refresh = form.get('refresh_token') ?? '';
      if (
        form.get('grant_type') !== 'refresh_token' ||
        !form.get('client_id') ||
        !form.get('client_secret')
      ) {
        return send(res, 400, {
          error: 'invalid_request',
          error_description: 'grant_type, client_id, secret',
        });
      }
      if (!refresh.startsWith('Atzr|')) {
        return send(res, 400, { error: 'invalid_grant', error_description: 'The refresh token is invalid' });
      }
      exchanges.set(refresh, (exchanges.get(refresh) ?? 0) + 1);
      return send(res, 200, {
        access_token: `Atza|${refresh.slice(5)}`,
        token_type: 'bearer',
        expires_in: 3600,
        refresh_token: refresh,
      });
    }
    if (await reportsBackdoor(req, res, url, send, () => text(req))) return;
    if (await feedsBackdoor(req, res, url, send, () => text(req))) return;
    const token = String(req.headers['x-amz-access-token'] ?? '');
    if (!token.startsWith('Atza|'))
      return fail(res, 403, 'Unauthorized', 'Access to requested resource is denied.');
    // `…fast…` tokens belong to an account Amazon granted 10 requests a second on every operation.
    const rate = token.includes('fast')
      ? '10.0'
      : ([...RATES, ...REPORT_RATES, ...FEED_RATES].find(([path]) => path.test(url.pathname))?.[1] ?? '1.0');
    const limit = { 'x-amzn-ratelimit-limit': rate };
    const n = (calls.get(token) ?? 0) + 1;
    calls.set(token, n);
    if (token.includes('throttle') && n === 1) {
      return fail(res, 429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.', {
        ...limit,
        'retry-after': /throttle(\d+)/.exec(token)?.[1] ?? '1',
      });
    }
    if (token.includes('flaky') && n === 1) {
      return fail(res, 500, 'InternalFailure', 'We encountered an internal error. Please try again.', limit);
    }
    const record = (body: unknown) =>
      pushes.set(token, [
        ...(pushes.get(token) ?? []),
        { method: req.method ?? '', path: `${url.pathname}${url.search}`, body, at },
      ]);

    if (req.method === 'GET' && url.pathname === '/orders/v0/orders') {
      if (!url.searchParams.get('MarketplaceIds'))
        return fail(res, 400, 'InvalidInput', 'MarketplaceIds is required');
      const after = url.searchParams.get('LastUpdatedAfter') ?? url.searchParams.get('CreatedAfter');
      if (!after || Number.isNaN(Date.parse(after))) {
        return fail(res, 400, 'InvalidInput', 'CreatedAfter or LastUpdatedAfter is required', limit);
      }
      return send(res, 200, ordersPage(url), limit);
    }
    const items = /^\/orders\/v0\/orders\/([^/]+)\/orderItems$/.exec(url.pathname)?.[1];
    if (req.method === 'GET' && items) {
      if (!allOrders.some((o) => o.AmazonOrderId === items)) {
        return fail(res, 404, 'NotFound', `Order ${items} not found`, limit);
      }
      return send(res, 200, orderItems(items, url.searchParams.get('NextToken')), limit);
    }
    const listing = /^\/listings\/2021-08-01\/items\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && listing) {
      const sku = decodeURIComponent(listing[2]!);
      if (!url.searchParams.get('marketplaceIds'))
        return fail(res, 400, 'InvalidInput', 'marketplaceIds is required', limit);
      const quantity = stockOf(token).get(sku);
      if (quantity === undefined) return fail(res, 404, 'NOT_FOUND', `SKU '${sku}' not found`, limit);
      const included = (url.searchParams.get('includedData') ?? 'summaries').split(',');
      return send(
        res,
        200,
        {
          sku,
          ...(included.includes('summaries') ? { summaries: [] } : {}),
          ...(included.includes('fulfillmentAvailability')
            ? { fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity }] }
            : {}),
        },
        limit,
      );
    }
    if (req.method === 'PATCH' && listing) {
      const sku = decodeURIComponent(listing[2]!);
      const body = JSON.parse((await text(req)) || 'null');
      const patch = body?.patches?.[0];
      if (
        !url.searchParams.get('marketplaceIds') ||
        !body?.productType ||
        patch?.path !== '/attributes/fulfillment_availability'
      ) {
        return fail(res, 400, 'InvalidInput', 'marketplaceIds, productType and a patch are required', limit);
      }
      if (sku.startsWith('UNKNOWN')) {
        return send(
          res,
          400,
          {
            sku,
            status: 'INVALID',
            submissionId: '',
            issues: [{ code: '4000001', message: `SKU ${sku} has no offer`, severity: 'ERROR' }],
          },
          limit,
        );
      }
      record(body);
      if (Number.isInteger(patch.value?.[0]?.quantity)) stockOf(token).set(sku, patch.value[0].quantity);
      return send(res, 200, { sku, status: 'ACCEPTED', submissionId: `sub-${n}`, issues: [] }, limit);
    }
    const confirm = /^\/orders\/v0\/orders\/([^/]+)\/shipmentConfirmation$/.exec(url.pathname)?.[1];
    if (req.method === 'POST' && confirm) {
      const body = JSON.parse((await text(req)) || 'null');
      const detail = body?.packageDetail;
      if (
        !body?.marketplaceId ||
        !detail?.trackingNumber ||
        !detail?.carrierCode ||
        !detail?.orderItems?.length
      ) {
        return fail(res, 400, 'InvalidInput', 'marketplaceId and packageDetail are required', limit);
      }
      if (!allOrders.some((o) => o.AmazonOrderId === confirm)) {
        return fail(res, 404, 'NotFound', `Order ${confirm} not found`, limit);
      }
      record(body);
      return send(res, 204, undefined, limit);
    }
    if (await reportsApi(req, res, url, token, limit, send, fail, () => text(req))) return;
    const applied = (sku: string, quantity: number) => stockOf(token).set(sku, quantity);
    if (await feedsApi(req, res, url, token, limit, send, fail, () => text(req), record, applied)) return;
    return fail(res, 404, 'NotFound', `No route ${req.method} ${url.pathname}`, limit);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}
