// A local WooCommerce REST v3: orders read by id (the fixture order under that id), the products and variations
// batch endpoints (at most 100 updates, per-item errors for unknown ids) and order notes and status updates.
// Auth is Basic with a consumer key `ck_…`; its text picks the behaviour: `…throttle…` answers its first call
// 429 (Retry-After: 1), `…down…` answers 500, `…slow…` answers after 1.5 s. GET /__pushes?key= lists the writes,
// each with `at`, the epoch ms its request arrived (bench/p4 times stock pushes with it). GET /products and
// /products/{id}/variations (?include=) show the stock_quantity last set per id (null until set: stock not managed);
// POST /__stock?key= {id, quantity} changes it as an edit in wp-admin would; GET /__stock?key= lists them.
// POST /__orders?key= {order} makes GET /orders/{id} serve that order (trashed, restored…) for the key;
// {deleted: id} makes it answer 404, as an order deleted for good does.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import orderFixture from '../fixtures/channels/woocommerce-order.json' with { type: 'json' };

type Push = { method: string; path: string; body: unknown; at: number };
const pushes = new Map<string, Push[]>();
const calls = new Map<string, number>();
const stock = new Map<string, Map<number, number>>();
/** Orders a test set per consumer key (POST /__orders?key=): the order itself, or `null` once deleted for good. */
const storedOrders = new Map<string, Map<number, Record<string, unknown> | null>>();
/** Product and variation ids from here up do not exist in the fake store. */
const MISSING_FROM = 900_000;

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const fail = (res: ServerResponse, status: number, code: string, message: string) =>
  send(res, status, { code, message, data: { status } });

async function json(req: IncomingMessage): Promise<any> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw ? JSON.parse(raw) : undefined;
}

function consumerKey(req: IncomingMessage): string {
  const auth = req.headers.authorization ?? '';
  return auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString().split(':')[0]! : '';
}

async function misbehave(key: string, res: ServerResponse): Promise<boolean> {
  const n = (calls.get(key) ?? 0) + 1;
  calls.set(key, n);
  if (key.includes('slow')) await new Promise((r) => setTimeout(r, 1500));
  if (key.includes('down')) {
    fail(res, 500, 'internal_server_error', 'There has been a critical error on this website.');
    return true;
  }
  if (key.includes('throttle') && n === 1) {
    send(res, 429, { code: 'rest_too_many_requests', message: 'Too many requests.' }, { 'retry-after': '1' });
    return true;
  }
  return false;
}

export function startWooCommerceServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__pushes')
      return send(res, 200, { pushes: pushes.get(url.searchParams.get('key') ?? '') ?? [] });
    if (url.pathname === '/__stock') {
      const mine = stock.get(url.searchParams.get('key') ?? '') ?? new Map<number, number>();
      stock.set(url.searchParams.get('key') ?? '', mine);
      if (req.method === 'POST') {
        const { id, quantity } = await json(req);
        if (quantity === null) mine.delete(Number(id));
        else mine.set(Number(id), quantity);
      }
      return send(res, 200, { stock: Object.fromEntries(mine) });
    }
    if (url.pathname === '/__orders' && req.method === 'POST') {
      const body = (await json(req)) as { order?: { id: number }; deleted?: number };
      const mine = storedOrders.get(url.searchParams.get('key') ?? '') ?? new Map();
      storedOrders.set(url.searchParams.get('key') ?? '', mine);
      if (body.order) mine.set(body.order.id, body.order);
      if (body.deleted) mine.set(body.deleted, null);
      return send(res, 200, { ok: true });
    }
    const key = consumerKey(req);
    if (!key.startsWith('ck_'))
      return fail(res, 401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
    if (await misbehave(key, res)) return;
    const record = (body: unknown) =>
      pushes.set(key, [
        ...(pushes.get(key) ?? []),
        { method: req.method ?? '', path: url.pathname, body, at },
      ]);
    const levels = stock.get(key) ?? new Map<number, number>();
    stock.set(key, levels);
    const path = url.pathname.replace(/^\/wp-json\/wc\/v3/, '');

    const order = /^\/orders\/(\d+)$/.exec(path)?.[1];
    if (order && req.method === 'GET') {
      const stored = storedOrders.get(key)?.get(Number(order));
      if (Number(order) >= MISSING_FROM || stored === null)
        return fail(res, 404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
      return send(res, 200, stored ?? { ...orderFixture, id: Number(order), number: order });
    }
    if (order && req.method === 'PUT') {
      const body = await json(req);
      record(body);
      return send(res, 200, { ...orderFixture, id: Number(order), ...body });
    }
    const listed = /^\/products(?:\/(\d+)\/variations)?$/.exec(path);
    if (listed && req.method === 'GET') {
      if (Number(listed[1]) >= MISSING_FROM)
        return fail(res, 404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
      const ids = (url.searchParams.get('include') ?? '').split(',').filter(Boolean).map(Number);
      const perPage = Number(url.searchParams.get('per_page') ?? 10);
      if (!(perPage >= 1 && perPage <= 100))
        return fail(res, 400, 'rest_invalid_param', 'Invalid parameter(s): per_page');
      const found = ids.filter((id) => id < MISSING_FROM).slice(0, perPage);
      return send(
        res,
        200,
        found.map((id) => ({
          id,
          ...(listed[1] ? { parent_id: Number(listed[1]) } : {}),
          manage_stock: levels.has(id),
          stock_quantity: levels.get(id) ?? null,
          stock_status: (levels.get(id) ?? 0) > 0 ? 'instock' : 'outofstock',
        })),
      );
    }
    const notes = /^\/orders\/(\d+)\/notes$/.exec(path)?.[1];
    if (notes && req.method === 'POST') {
      const body = await json(req);
      if (!body?.note) return fail(res, 400, 'rest_missing_callback_param', 'Missing parameter(s): note');
      record(body);
      return send(res, 201, {
        id: (pushes.get(key) ?? []).length,
        note: body.note,
        customer_note: !!body.customer_note,
      });
    }
    if (req.method === 'POST' && /^\/products(\/\d+\/variations)?\/batch$/.test(path)) {
      const body = await json(req);
      const updates = (body?.update ?? []) as { id: number; stock_quantity: number; manage_stock: boolean }[];
      if (updates.length > 100) {
        return fail(
          res,
          413,
          'woocommerce_rest_request_entity_too_large',
          'Unable to accept more than 100 items for this request.',
        );
      }
      record(body);
      const update = updates.map((u) => {
        if (u.id >= MISSING_FROM) {
          return {
            id: u.id,
            error: {
              code: 'woocommerce_rest_product_invalid_id',
              message: 'Invalid ID.',
              data: { status: 400 },
            },
          };
        }
        levels.set(u.id, u.stock_quantity);
        return {
          id: u.id,
          manage_stock: u.manage_stock,
          stock_quantity: u.stock_quantity,
          stock_status: u.stock_quantity > 0 ? 'instock' : 'outofstock',
        };
      });
      return send(res, 200, { update });
    }
    return fail(res, 404, 'rest_no_route', 'No route was found matching the URL and request method.');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}
