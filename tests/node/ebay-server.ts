// A local eBay: Fulfillment getOrders (offset paging over the fixture orders), bulkUpdatePriceQuantity with
// per-item answers, shipping fulfillments and the notification public key. State is per OAuth token, so test
// files never share it. Tokens pick the behaviour: `…throttle…` answers its first call 429 (Retry-After: 1),
// `…down…` answers 500, `…slow…` answers after 1.5 s, `…paged…` serves one order per page. GET /__pushes?token=
// lists what was sent. POST /identity/v1/oauth2/token (Basic client id and secret) trades a refresh token for the
// user token `ebay-<refresh token>`, or client credentials for the application token `ebay-app-<client id>`.
// getOrders honours the lastmodifieddate filter's lower bound; GET /order/{id} serves one fixture order.
// POST /__keys {kid, key} makes the notification API serve that PEM for the kid (else the fixture key).
// Post-Order return/search is in ebay-returns.ts.
// bulkGetInventoryItem shows the quantity last set per SKU (404 for a SKU never set); POST /__stock?token=
// {sku, quantity} changes it as an edit on eBay would (quantity null forgets the SKU); GET /__stock?token= lists them.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import ordersFixture from '../fixtures/channels/ebay-getOrders-response.json' with { type: 'json' };
import publicKey from '../fixtures/channels/ebay-public-key.json' with { type: 'json' };
import { returnSearch, returnsBackdoor } from './ebay-returns';

type Push = { method: string; path: string; body: unknown };
const pushes = new Map<string, Push[]>();
const calls = new Map<string, number>();
const keys = new Map<string, string>();
/** Each token's shipToLocationAvailability quantities by SKU: what bulk updates set, or what a test edited. */
const stock = new Map<string, Map<string, number>>();
const stockOf = (token: string) => stock.get(token) ?? stock.set(token, new Map()).get(token)!;

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
};
const fail = (res: ServerResponse, status: number, errorId: number, message: string) =>
  send(res, status, { errors: [{ errorId, domain: 'API_FAKE', category: 'REQUEST', message }] });

async function text(req: IncomingMessage): Promise<string> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw;
}

async function json(req: IncomingMessage): Promise<any> {
  const raw = await text(req);
  return raw ? JSON.parse(raw) : undefined;
}

/** The OAuth token endpoint: Basic auth with the app's client id and secret. */
async function grant(req: IncomingMessage, res: ServerResponse) {
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const [clientId, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [];
  if (!clientId || !secret)
    return send(res, 401, { error: 'invalid_client', error_description: 'client authentication failed' });
  const form = new URLSearchParams(await text(req));
  if (form.get('grant_type') === 'client_credentials') {
    return send(res, 200, {
      access_token: `ebay-app-${clientId}`,
      expires_in: 7200,
      token_type: 'Application Access Token',
    });
  }
  const refresh = form.get('refresh_token') ?? '';
  if (form.get('grant_type') !== 'refresh_token' || refresh.startsWith('revoked')) {
    return send(res, 400, {
      error: 'invalid_grant',
      error_description: 'the provided authorization refresh token is invalid',
    });
  }
  return send(res, 200, {
    access_token: `ebay-${refresh}`,
    expires_in: 7200,
    token_type: 'User Access Token',
  });
}

/** True when the token's behaviour already answered. */
async function misbehave(token: string, res: ServerResponse): Promise<boolean> {
  const n = (calls.get(token) ?? 0) + 1;
  calls.set(token, n);
  if (token.includes('slow')) await new Promise((r) => setTimeout(r, 1500));
  if (token.includes('down')) {
    fail(res, 500, 10001, 'System error.');
    return true;
  }
  if (token.includes('throttle') && n === 1) {
    send(res, 429, { errors: [{ errorId: 2001, message: 'Too many requests.' }] }, { 'retry-after': '1' });
    return true;
  }
  return false;
}

export function startEbayServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__pushes') {
      return send(res, 200, { pushes: pushes.get(url.searchParams.get('token') ?? '') ?? [] });
    }
    if (url.pathname === '/__stock') {
      const mine = stockOf(url.searchParams.get('token') ?? '');
      if (req.method === 'POST') {
        const { sku, quantity } = await json(req);
        if (quantity === null) mine.delete(sku);
        else mine.set(sku, quantity);
      }
      return send(res, 200, { stock: Object.fromEntries(mine) });
    }
    if (url.pathname === '/__keys' && req.method === 'POST') {
      const { kid, key } = await json(req);
      keys.set(kid, key);
      return send(res, 200, { kid });
    }
    if (req.method === 'POST' && url.pathname === '/identity/v1/oauth2/token') return grant(req, res);
    if (await returnsBackdoor(req, res, url, send, () => text(req))) return;
    // Sell APIs take `Bearer <token>`; the Post-Order API takes the same token as `IAF <token>`.
    const token = (req.headers.authorization ?? '').replace(/^(Bearer|IAF) /, '');
    if (!token.startsWith('ebay-')) return fail(res, 401, 1001, 'Invalid access token.');
    if (await misbehave(token, res)) return;
    const record = (body: unknown) => {
      const mine = pushes.get(token) ?? [];
      mine.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, body });
      pushes.set(token, mine);
    };

    if (req.method === 'GET' && url.pathname === '/sell/fulfillment/v1/order') {
      if (
        !/^lastmodifieddate:\[[^\]]*\]$|^creationdate:\[[^\]]*\]$/.test(url.searchParams.get('filter') ?? '')
      ) {
        return fail(res, 400, 30800, 'The filter is invalid.');
      }
      const asked = Number(url.searchParams.get('limit') ?? 50);
      const limit = token.includes('paged') ? 1 : asked;
      const offset = Number(url.searchParams.get('offset') ?? 0);
      if (!(asked >= 1 && asked <= 200)) return fail(res, 400, 30830, 'The limit is invalid.');
      const since = /^lastmodifieddate:\[([^.\]]*)\.\./.exec(url.searchParams.get('filter') ?? '')?.[1];
      const all = ordersFixture.orders.filter(
        (o) => !since || Date.parse(o.lastModifiedDate) >= Date.parse(since),
      );
      const page = {
        href: url.href,
        total: all.length,
        limit,
        offset,
        orders: all.slice(offset, offset + limit),
      };
      return send(res, 200, page);
    }
    if (req.method === 'POST' && url.pathname === '/sell/inventory/v1/bulk_update_price_quantity') {
      const body = await json(req);
      const requests = (body?.requests ?? []) as {
        sku: string;
        shipToLocationAvailability?: { quantity: number };
      }[];
      if (requests.length === 0 || requests.length > 25) {
        return fail(res, 400, 25709, 'The number of requests must be between 1 and 25.');
      }
      record(body);
      for (const r of requests) {
        const quantity = r.shipToLocationAvailability?.quantity;
        if (!r.sku.startsWith('UNKNOWN') && Number.isInteger(quantity)) stockOf(token).set(r.sku, quantity!);
      }
      const responses = requests.map((r) =>
        r.sku.startsWith('UNKNOWN')
          ? {
              statusCode: 404,
              sku: r.sku,
              errors: [{ errorId: 25702, message: `SKU ${r.sku} is not available.` }],
            }
          : { statusCode: 200, sku: r.sku, warnings: [] },
      );
      return send(res, responses.every((r) => r.statusCode === 200) ? 200 : 207, { responses });
    }
    if (req.method === 'POST' && url.pathname === '/sell/inventory/v1/bulk_get_inventory_item') {
      const asked = ((await json(req))?.requests ?? []) as { sku: string }[];
      if (asked.length === 0 || asked.length > 25) {
        return fail(res, 400, 25709, 'The number of requests must be between 1 and 25.');
      }
      const responses = asked.map(({ sku }) => {
        const quantity = stockOf(token).get(sku);
        return quantity === undefined
          ? { statusCode: 404, sku, errors: [{ errorId: 25710, message: `SKU ${sku} was not found.` }] }
          : {
              statusCode: 200,
              sku,
              inventoryItem: {
                sku,
                availability: { shipToLocationAvailability: { quantity } },
                condition: 'NEW',
              },
            };
      });
      return send(res, responses.every((r) => r.statusCode === 200) ? 200 : 207, { responses });
    }
    const one = /^\/sell\/fulfillment\/v1\/order\/([^/]+)$/.exec(url.pathname)?.[1];
    if (req.method === 'GET' && one) {
      const order = ordersFixture.orders.find((o) => o.orderId === decodeURIComponent(one));
      return order ? send(res, 200, order) : fail(res, 404, 32100, `Order ${one} not found.`);
    }
    const shipping = /^\/sell\/fulfillment\/v1\/order\/([^/]+)\/shipping_fulfillment$/.exec(url.pathname);
    if (req.method === 'POST' && shipping) {
      const body = await json(req);
      if (!body?.trackingNumber || !body?.lineItems?.length) {
        return fail(res, 400, 32100, 'lineItems and trackingNumber are required.');
      }
      record(body);
      const id = `${(pushes.get(token) ?? []).length}`.padStart(10, '0');
      return send(res, 201, undefined, { location: `http://${req.headers.host}${url.pathname}/${id}` });
    }
    const key = /^\/commerce\/notification\/v1\/public_key\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && key) {
      const own = keys.get(decodeURIComponent(key[1]!));
      return send(res, 200, own ? { ...publicKey, key: own } : publicKey);
    }
    if (returnSearch(req, res, url, token, send)) return;
    return fail(res, 404, 2002, `No route ${req.method} ${url.pathname}`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}
