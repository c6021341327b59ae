// A local BigCommerce: the three v2 reads of an order (the fixture order under the asked id), absolute inventory
// adjustments (at most 2,000 items), shipments and webhook subscriptions. Auth is X-Auth-Token `bc-…`; its text
// picks the behaviour: `…throttle…` answers its first call 429 (Retry-After: 1, and X-Rate-Limit-Time-Reset-Ms),
// `…down…` answers 500, `…slow…` answers after 1.5 s. GET /__pushes?token= lists the writes, each with `at`, the
// epoch ms its request arrived (bench/p4 times stock pushes with it). Webhooks: GET /v3/hooks (paged), POST and
// PUT /v3/hooks/{id} keep each token's subscriptions; POST /__hooks?token= {hooks} seeds some beforehand.
// GET /v3/inventory/locations/{id}/items (?variant_id:in=) shows the on-hand quantity last set per variant there;
// POST /__stock?token= {variant_id, location_id, quantity} changes it as an edit in the control panel would
// (quantity null forgets it); GET /__stock?token= lists them as `variant@location`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import order from '../fixtures/channels/bigcommerce-order.json' with { type: 'json' };
import products from '../fixtures/channels/bigcommerce-order-products.json' with { type: 'json' };
import addresses from '../fixtures/channels/bigcommerce-order-shipping-addresses.json' with { type: 'json' };

type Push = { method: string; path: string; body: unknown; at: number };
const pushes = new Map<string, Push[]>();
const calls = new Map<string, number>();
let hookSeq = 20_000_000;
/** Each token's on-hand quantities by `variant@location`: what absolute adjustments set, or what a test edited. */
const stock = new Map<string, Map<string, number>>();
const stockOf = (token: string) => stock.get(token) ?? stock.set(token, new Map()).get(token)!;
type Hook = {
  id: number;
  scope: string;
  destination: string;
  is_active: boolean;
  headers: Record<string, string> | null;
};
/** Each token's webhook subscriptions, as GET /v3/hooks lists them (POST /__hooks?token= adds some first). */
const hooks = new Map<string, Hook[]>();
const hooksOf = (token: string) => hooks.get(token) ?? hooks.set(token, []).get(token)!;
const hookView = (hook: Hook) => ({
  ...hook,
  client_id: 'fake-client',
  store_hash: 'abc123',
  created_at: 1772460000,
  updated_at: 1772460000,
});

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const fail = (res: ServerResponse, status: number, title: string) =>
  send(res, status, {
    status,
    title,
    type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
  });

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
    fail(res, 500, 'Internal Server Error');
    return true;
  }
  if (token.includes('throttle') && n === 1) {
    send(
      res,
      429,
      { status: 429, title: 'Too many requests' },
      { 'retry-after': '1', 'x-rate-limit-time-reset-ms': '1000', 'x-rate-limit-requests-left': '0' },
    );
    return true;
  }
  return false;
}

export function startBigCommerceServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__pushes')
      return send(res, 200, { pushes: pushes.get(url.searchParams.get('token') ?? '') ?? [] });
    if (url.pathname === '/__stock') {
      const mine = stockOf(url.searchParams.get('token') ?? '');
      if (req.method === 'POST') {
        const { variant_id, location_id, quantity } = await json(req);
        if (quantity === null) mine.delete(`${variant_id}@${location_id}`);
        else mine.set(`${variant_id}@${location_id}`, quantity);
      }
      return send(res, 200, { stock: Object.fromEntries(mine) });
    }
    if (url.pathname === '/__hooks' && req.method === 'POST') {
      const seeded = (await json(req)).hooks as Omit<Hook, 'id'>[];
      const list = hooksOf(url.searchParams.get('token') ?? '');
      list.push(...seeded.map((h) => ({ ...h, id: ++hookSeq })));
      return send(res, 200, { data: list });
    }
    const token = String(req.headers['x-auth-token'] ?? '');
    if (!token.startsWith('bc-')) return fail(res, 401, 'Unauthorized: no valid X-Auth-Token');
    if (await misbehave(token, res)) return;
    const record = (body: unknown) =>
      pushes.set(token, [
        ...(pushes.get(token) ?? []),
        { method: req.method ?? '', path: url.pathname, body, at },
      ]);
    const m = /^\/stores\/([a-z0-9]+)\/(v2|v3)(\/.*)$/.exec(url.pathname);
    if (!m) return fail(res, 404, 'Not Found');
    const [, , version, path] = m;

    const read = /^\/orders\/(\d+)(\/products|\/shipping_addresses)?$/.exec(path!);
    if (version === 'v2' && read && req.method === 'GET') {
      const id = Number(read[1]);
      if (id >= 900_000)
        return send(res, 404, [{ status: 404, message: 'The requested resource was not found.' }]);
      if (!read[2]) return send(res, 200, { ...order, id });
      const rows = read[2] === '/products' ? products : addresses;
      return send(
        res,
        200,
        rows.map((row) => ({ ...row, order_id: id })),
      );
    }
    if (version === 'v3' && path === '/inventory/adjustments/absolute' && req.method === 'PUT') {
      const body = await json(req);
      const items = body?.items as
        | { location_id: number; variant_id?: number; quantity: number }[]
        | undefined;
      if (!items?.length || items.length > 2000)
        return fail(res, 422, 'items must hold 1 to 2000 adjustments');
      if (items.some((i) => !(Number.isInteger(i.quantity) && i.quantity >= 0)))
        return fail(res, 422, 'quantity must be a non-negative integer');
      record(body);
      for (const i of items) stockOf(token).set(`${i.variant_id}@${i.location_id}`, i.quantity);
      return send(res, 200, { transaction_id: `${(pushes.get(token) ?? []).length}-fake` });
    }
    const location = /^\/inventory\/locations\/(\d+)\/items$/.exec(path!)?.[1];
    if (version === 'v3' && location && req.method === 'GET') {
      const asked = (url.searchParams.get('variant_id:in') ?? '').split(',').filter(Boolean);
      const data = asked
        .filter((variant) => stockOf(token).has(`${variant}@${location}`))
        .map((variant) => {
          const onHand = stockOf(token).get(`${variant}@${location}`)!;
          return {
            identity: { sku: `SKU-${variant}`, variant_id: Number(variant), product_id: 0, sku_id: 0 },
            available_to_sell: onHand,
            total_inventory_onhand: onHand,
            settings: { safety_stock: 0, is_in_stock: onHand > 0, warning_level: 0, bin_picking_number: '' },
          };
        });
      const meta = {
        pagination: { total: data.length, count: data.length, current_page: 1, total_pages: 1 },
      };
      return send(res, 200, { data, meta });
    }
    const ship = /^\/orders\/(\d+)\/shipments$/.exec(path!)?.[1];
    if (version === 'v2' && ship && req.method === 'POST') {
      const body = await json(req);
      if (!body?.order_address_id || !body?.items?.length)
        return send(res, 400, [{ status: 400, message: 'order_address_id and items are required' }]);
      record(body);
      return send(res, 201, { id: (pushes.get(token) ?? []).length, order_id: Number(ship), ...body });
    }
    if (version === 'v3' && path === '/hooks' && req.method === 'POST') {
      const body = await json(req);
      if (!body?.scope || !String(body?.destination).startsWith('https://'))
        return fail(res, 422, 'scope and an https destination are required');
      record(body);
      const hook: Hook = { id: ++hookSeq, ...body, headers: body.headers ?? null };
      hooksOf(token).push(hook);
      return send(res, 200, { data: hookView(hook), meta: {} });
    }
    if (version === 'v3' && path === '/hooks' && req.method === 'GET') {
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const page = Number(url.searchParams.get('page') ?? 1);
      if (!(limit >= 1 && limit <= 250 && page >= 1))
        return fail(res, 422, 'page and limit (1-250) are invalid');
      const all = hooksOf(token);
      const total_pages = Math.max(1, Math.ceil(all.length / limit));
      return send(res, 200, {
        data: all.slice((page - 1) * limit, page * limit).map(hookView),
        meta: {
          pagination: {
            total: all.length,
            count: all.length,
            per_page: limit,
            current_page: page,
            total_pages,
          },
        },
      });
    }
    const hookId = /^\/hooks\/(\d+)$/.exec(path!)?.[1];
    if (version === 'v3' && hookId && req.method === 'PUT') {
      const hook = hooksOf(token).find((h) => h.id === Number(hookId));
      if (!hook) return fail(res, 404, 'Webhook not found');
      const body = await json(req);
      if (body?.destination !== undefined && !String(body.destination).startsWith('https://'))
        return fail(res, 422, 'destination must be https');
      record(body);
      Object.assign(hook, body);
      return send(res, 200, { data: hookView(hook), meta: {} });
    }
    return fail(res, 404, 'Not Found');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}
