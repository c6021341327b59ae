// A local Etsy Open API v3: getShopReceipts (offset paging over the fixture receipts), listing inventory that
// is read and wholly replaced per OAuth token, and receipt tracking. Tokens pick the behaviour: `…throttle…`
// answers its first call 429 (Retry-After: 1), `…down…` answers 500, `…slow…` answers after 1.5 s.
// GET /__pushes?token= lists the writes; GET /__inventory?token=&listing= shows a listing's stored inventory;
// POST /__receipts?token= replaces the token's shop receipts (the fixture's otherwise); GET /__calls?token=
// counts the API calls made with the token. An access token containing `expired` is answered 401 invalid_token;
// POST /v3/public/oauth/token exchanges refresh tokens (see refreshGrant); GET /__oauth?family= counts grants. POST /__inventory?token=&listing= {sku, quantity} changes a product's
// quantity as an edit on Etsy would (quantity null deletes the product from the listing).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import receiptsFixture from '../fixtures/channels/etsy-getShopReceipts-response.json' with { type: 'json' };
import inventoryFixture from '../fixtures/channels/etsy-listing-inventory.json' with { type: 'json' };

type Push = { method: string; path: string; body: unknown };
const pushes = new Map<string, Push[]>();
const calls = new Map<string, number>();
const inventories = new Map<string, Map<string, unknown>>();
type Receipt = (typeof receiptsFixture.results)[number];
const receipts = new Map<string, Receipt[]>();
/** Refresh tokens already exchanged (Etsy rotates them: each works once), and each family's grants. */
const usedRefreshTokens = new Set<string>();
const grants = new Map<string, { granted: number; refused: number }>();

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const fail = (res: ServerResponse, status: number, error: string) => send(res, status, { error });

async function json(req: IncomingMessage): Promise<any> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw ? JSON.parse(raw) : undefined;
}

async function misbehave(token: string, res: ServerResponse): Promise<boolean> {
  const n = (calls.get(token) ?? 0) + 1;
  calls.set(token, n);
  if (token.includes('slow')) await new Promise((r) => setTimeout(r, 1500));
  if (token.includes('down')) {
    fail(res, 500, 'Internal server error');
    return true;
  }
  if (token.includes('throttle') && n === 1) {
    send(res, 429, { error: 'You have exceeded your quota of: 10/second' }, { 'retry-after': '1' });
    return true;
  }
  return false;
}

type Product = { sku: string; offerings: { price: number; quantity: number; is_enabled: boolean }[] };

/** Etsy's write takes decimal prices; the read gives them back as {amount, divisor, currency_code}. */
function stored(body: { products: Product[] } & Record<string, unknown>) {
  return {
    ...body,
    products: body.products.map((p, i) => ({
      ...p,
      product_id: 20_000_000_000 + i,
      is_deleted: false,
      offerings: p.offerings.map((o, j) => ({
        ...o,
        offering_id: 30_000_000_000 + i * 10 + j,
        is_deleted: false,
        price: { amount: Math.round(o.price * 100), divisor: 100, currency_code: 'USD' },
      })),
    })),
  };
}

/**
 * The refresh-token grant. A refresh token `etsyrt-<family>` or `etsyrt-<family>.<n>` works once and yields
 * the access token `etsy-<family>.<n+1>` and the refresh token `etsyrt-<family>.<n+1>`; a used or unknown
 * one is refused with invalid_grant. A family containing `slowgrant` answers after 300 ms.
 */
async function refreshGrant(req: IncomingMessage, res: ServerResponse) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  const form = new URLSearchParams(raw);
  const refresh = form.get('refresh_token') ?? '';
  const [, family, generation] = /^etsyrt-([^.]+)(?:\.(\d+))?$/.exec(refresh) ?? [];
  const counts = grants.get(family ?? '') ?? { granted: 0, refused: 0 };
  if (family) grants.set(family, counts);
  if (family?.includes('slowgrant')) await new Promise((r) => setTimeout(r, 300));
  if (String(req.headers['content-type']).split(';')[0] !== 'application/x-www-form-urlencoded')
    return send(res, 400, { error: 'invalid_request', error_description: 'the body must be form-encoded' });
  if (form.get('grant_type') !== 'refresh_token' || !form.get('client_id'))
    return send(res, 400, {
      error: 'invalid_request',
      error_description: 'grant_type and client_id are required',
    });
  if (!family || usedRefreshTokens.has(refresh)) {
    counts.refused++;
    return send(res, 400, { error: 'invalid_grant', error_description: 'Invalid refresh token' });
  }
  usedRefreshTokens.add(refresh);
  counts.granted++;
  const next = Number(generation ?? 0) + 1;
  return send(res, 200, {
    access_token: `etsy-${family}.${next}`,
    token_type: 'Bearer',
    expires_in: 3600,
    refresh_token: `etsyrt-${family}.${next}`,
  });
}

export function startEtsyServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const q = (name: string) => url.searchParams.get(name) ?? '';
    if (url.pathname === '/__pushes') return send(res, 200, { pushes: pushes.get(q('token')) ?? [] });
    if (url.pathname === '/__calls') return send(res, 200, { calls: calls.get(q('token')) ?? 0 });
    if (url.pathname === '/__receipts' && req.method === 'POST') {
      receipts.set(q('token'), (await json(req)).results);
      return send(res, 200, { ok: true });
    }
    if (url.pathname === '/__inventory' && req.method === 'POST') {
      const { sku, quantity } = await json(req);
      const mine = inventories.get(q('token')) ?? new Map<string, unknown>();
      inventories.set(q('token'), mine);
      const inventory = structuredClone(
        mine.get(q('listing')) ?? inventoryFixture,
      ) as typeof inventoryFixture;
      const product = inventory.products.find((p) => p.sku === sku);
      if (!product) return fail(res, 404, `No product ${sku} in listing ${q('listing')}`);
      if (quantity === null) inventory.products.splice(inventory.products.indexOf(product), 1);
      else product.offerings[0]!.quantity = quantity;
      mine.set(q('listing'), inventory);
      return send(res, 200, inventory);
    }
    if (url.pathname === '/__inventory') {
      return send(res, 200, inventories.get(q('token'))?.get(q('listing')) ?? inventoryFixture);
    }
    if (url.pathname === '/__oauth')
      return send(res, 200, grants.get(q('family')) ?? { granted: 0, refused: 0 });
    if (url.pathname === '/v3/public/oauth/token' && req.method === 'POST') return refreshGrant(req, res);
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!req.headers['x-api-key'] || !token.startsWith('etsy-'))
      return fail(res, 401, 'Invalid API key or token');
    if (token.includes('expired'))
      return send(res, 401, { error: 'invalid_token', error_description: 'access token is expired' });
    if (await misbehave(token, res)) return;
    const mine = inventories.get(token) ?? new Map<string, unknown>();
    inventories.set(token, mine);

    if (req.method === 'GET' && /^\/v3\/application\/shops\/\d+\/receipts$/.test(url.pathname)) {
      const limit = Number(q('limit') || 25);
      const offset = Number(q('offset') || 0);
      if (!(limit >= 1 && limit <= 100)) return fail(res, 400, 'limit must be between 1 and 100');
      const since = Number(q('min_last_modified') || 0);
      const all = (receipts.get(token) ?? receiptsFixture.results)
        .filter((r) => r.update_timestamp >= since)
        .sort((a, b) => a.update_timestamp - b.update_timestamp);
      return send(res, 200, { count: all.length, results: all.slice(offset, offset + limit) });
    }
    const listing = /^\/v3\/application\/listings\/(\d+)\/inventory$/.exec(url.pathname)?.[1];
    if (listing && req.method === 'GET') return send(res, 200, mine.get(listing) ?? inventoryFixture);
    if (listing && req.method === 'PUT') {
      const body = await json(req);
      const products = body?.products as Product[] | undefined;
      if (!Array.isArray(products) || products.length === 0) return fail(res, 400, 'products is required');
      const bad = products.find((p) => p.offerings?.some((o) => !(o.quantity >= 0 && o.quantity <= 999)));
      if (bad) return fail(res, 400, `Quantity for ${bad.sku} must be between 0 and 999`);
      if (JSON.stringify(body).includes('offering_id')) return fail(res, 400, 'offering_id is read-only');
      pushes.set(token, [...(pushes.get(token) ?? []), { method: 'PUT', path: url.pathname, body }]);
      mine.set(listing, stored(body));
      return send(res, 200, mine.get(listing));
    }
    const tracking = /^\/v3\/application\/shops\/\d+\/receipts\/(\d+)\/tracking$/.exec(url.pathname)?.[1];
    if (tracking && req.method === 'POST') {
      const body = await json(req);
      if (!body?.tracking_code || !body?.carrier_name)
        return fail(res, 400, 'tracking_code and carrier_name are required');
      pushes.set(token, [...(pushes.get(token) ?? []), { method: 'POST', path: url.pathname, body }]);
      const receipt =
        receiptsFixture.results.find((r) => String(r.receipt_id) === tracking) ?? receiptsFixture.results[0];
      return send(res, 200, { ...receipt, receipt_id: Number(tracking), is_shipped: true });
    }
    return fail(res, 404, `No route ${req.method} ${url.pathname}`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}
