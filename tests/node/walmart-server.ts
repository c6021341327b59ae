// A local Walmart Marketplace: GET /v3/orders (the fixture pages, the second reached only through nextCursor),
// acknowledge, single-SKU inventory and shipping updates. Every call must carry WM_SEC.ACCESS_TOKEN `wm-…`,
// WM_QOS.CORRELATION_ID and WM_SVC.NAME, as Walmart requires. The token's text picks the behaviour:
// `…throttle…` answers its first call 429 (Retry-After: 1), `…down…` answers 500, `…slow…` answers after 1.5 s.
// Every answer reports x-current-token-count and x-next-replenishment-time. GET /__pushes?token= lists the writes.
// POST /v3/token (Basic client id and secret, client_credentials) answers the access token `wm-<client id>`. The
// first page keeps orders created at or after createdStartDate; an acknowledged order's Created lines read
// Acknowledged afterwards (per token); GET /v3/orders/{po} serves one order. lastModifiedStartDate keeps orders whose
// date or a line's statusDate is at or after it. POST /__orders?token= {orders} serves those orders (one page)
// instead of the fixture's; GET /__queries?token= lists the query strings of the token's order reads.
// GET /v3/inventory?sku= shows the quantity last put for the SKU (404 for a SKU never put); POST /__stock?token=
// {sku, quantity} changes it as an edit in Seller Center would (quantity null forgets it); GET /__stock lists them.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import page1 from '../fixtures/channels/walmart-orders-page1.json' with { type: 'json' };
import page2 from '../fixtures/channels/walmart-orders-page2.json' with { type: 'json' };

type Push = { method: string; path: string; correlationId: string; body: unknown };
const pushes = new Map<string, Push[]>();
const calls = new Map<string, number>();
const acknowledged = new Map<string, Set<string>>();
/** Orders a test set for its token (POST /__orders?token=), served as one page instead of the fixture pages. */
const ownOrders = new Map<string, Order[]>();
/** The query strings of each token's GET /v3/orders calls (GET /__queries?token=). */
const queries = new Map<string, string[]>();
/** Each token's quantities by SKU at the default ship node: what inventory updates set, or what a test edited. */
const stock = new Map<string, Map<string, number>>();
const stockOf = (token: string) => stock.get(token) ?? stock.set(token, new Map()).get(token)!;

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const fail = (
  res: ServerResponse,
  status: number,
  code: string,
  description: string,
  headers: Record<string, string> = {},
) =>
  send(
    res,
    status,
    { errors: { error: [{ code, description, info: description, severity: 'ERROR', category: 'DATA' }] } },
    headers,
  );

async function text(req: IncomingMessage): Promise<string> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw;
}

async function json(req: IncomingMessage): Promise<any> {
  const raw = await text(req);
  return raw ? JSON.parse(raw) : undefined;
}

interface Order {
  purchaseOrderId: string;
  orderDate: number;
  orderLines: {
    orderLine: { statusDate?: number; orderLineStatuses: { orderLineStatus: { status: string }[] } }[];
  };
}

/** When Walmart last changed the order: its date, or a line's later status change. */
const modifiedAt = (order: Order) =>
  Math.max(order.orderDate, ...order.orderLines.orderLine.map((l) => l.statusDate ?? 0));

/** The order as this token sees it: Created lines turn Acknowledged once it acknowledged the order. */
function asSeenBy<T extends Order>(token: string, order: T): T {
  if (!acknowledged.get(token)?.has(order.purchaseOrderId)) return order;
  const copy = structuredClone(order);
  for (const line of copy.orderLines.orderLine) {
    for (const status of line.orderLineStatuses.orderLineStatus) {
      if (status.status === 'Created') status.status = 'Acknowledged';
    }
  }
  return copy;
}

function page(
  token: string,
  source: { list: { meta: unknown; elements: { order: Order[] } } },
  createdStart?: number,
  modifiedStart?: number,
) {
  const orders = source.list.elements.order
    .filter((o) => createdStart === undefined || o.orderDate >= createdStart)
    .filter((o) => modifiedStart === undefined || modifiedAt(o) >= modifiedStart)
    .map((o) => asSeenBy(token, o));
  return { list: { ...source.list, elements: { order: orders } } };
}

/** The token endpoint: Basic client id and secret, the WM_ headers, and a client_credentials form. */
async function grant(req: IncomingMessage, res: ServerResponse) {
  const basic = /^Basic (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
  const [clientId, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [];
  const form = new URLSearchParams(await text(req));
  if (!clientId || !secret || clientId.startsWith('revoked')) {
    return fail(res, 401, 'UNAUTHORIZED.GMP_GATEWAY_API', 'Invalid client credentials');
  }
  if (form.get('grant_type') !== 'client_credentials' || !req.headers['wm_qos.correlation_id']) {
    return fail(
      res,
      400,
      'INVALID_REQUEST.GMP_GATEWAY_API',
      'grant_type and WM_QOS.CORRELATION_ID are required',
    );
  }
  return send(res, 200, { access_token: `wm-${clientId}`, token_type: 'Bearer', expires_in: 900 });
}

const allOrders = [...page1.list.elements.order, ...page2.list.elements.order];

export function startWalmartServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__pushes')
      return send(res, 200, { pushes: pushes.get(url.searchParams.get('token') ?? '') ?? [] });
    if (url.pathname === '/__stock') {
      const mine = stockOf(url.searchParams.get('token') ?? '');
      if (req.method === 'POST') {
        const { sku, quantity } = await json(req);
        if (quantity === null) mine.delete(sku);
        else mine.set(sku, quantity);
      }
      return send(res, 200, { stock: Object.fromEntries(mine) });
    }
    if (url.pathname === '/__queries')
      return send(res, 200, { queries: queries.get(url.searchParams.get('token') ?? '') ?? [] });
    if (url.pathname === '/__orders' && req.method === 'POST') {
      ownOrders.set(url.searchParams.get('token') ?? '', (await json(req)).orders);
      return send(res, 200, { ok: true });
    }
    if (req.method === 'POST' && url.pathname === '/v3/token') return grant(req, res);
    const token = String(req.headers['wm_sec.access_token'] ?? '');
    const correlationId = String(req.headers['wm_qos.correlation_id'] ?? '');
    if (!token.startsWith('wm-')) return fail(res, 401, 'UNAUTHORIZED.GMP_GATEWAY_API', 'Unauthorized');
    if (!correlationId || !req.headers['wm_svc.name']) {
      return fail(
        res,
        400,
        'INVALID_REQUEST_HEADER.GMP_GATEWAY_API',
        'WM_QOS.CORRELATION_ID and WM_SVC.NAME are required',
      );
    }
    const n = (calls.get(token) ?? 0) + 1;
    calls.set(token, n);
    const budget = {
      'x-current-token-count': String(Math.max(0, 100 - n)),
      'x-next-replenishment-time': String(Date.now() + 60_000),
    };
    if (token.includes('slow')) await new Promise((r) => setTimeout(r, 1500));
    if (token.includes('down'))
      return fail(res, 500, 'SYSTEM_ERROR.GMP_GATEWAY_API', 'Internal error', budget);
    if (token.includes('throttle') && n === 1) {
      return fail(res, 429, 'REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API', 'Too many requests', {
        ...budget,
        'x-current-token-count': '0',
        'retry-after': '1',
      });
    }
    const record = (body: unknown) =>
      pushes.set(token, [
        ...(pushes.get(token) ?? []),
        { method: req.method ?? '', path: `${url.pathname}${url.search}`, correlationId, body },
      ]);

    const own = ownOrders.get(token);
    if (req.method === 'GET' && url.pathname === '/v3/orders') {
      queries.set(token, [...(queries.get(token) ?? []), url.search]);
      if (url.searchParams.get('hasMoreElements') === 'true')
        return send(res, 200, page(token, page2), budget);
      const createdStart = Date.parse(url.searchParams.get('createdStartDate') ?? '');
      if (Number.isNaN(createdStart))
        return fail(res, 400, 'INVALID_REQUEST_PARAM', 'createdStartDate is required', budget);
      const modified = url.searchParams.get('lastModifiedStartDate');
      const modifiedStart = modified === null ? undefined : Date.parse(modified);
      if (Number.isNaN(modifiedStart))
        return fail(res, 400, 'INVALID_REQUEST_PARAM', 'lastModifiedStartDate is not a date', budget);
      const source = own
        ? {
            list: {
              meta: { totalCount: own.length, limit: 200, nextCursor: null },
              elements: { order: own },
            },
          }
        : page1;
      return send(res, 200, page(token, source, createdStart, modifiedStart), budget);
    }
    const one = /^\/v3\/orders\/(\d+)$/.exec(url.pathname)?.[1];
    if (req.method === 'GET' && one) {
      const order = (own ?? allOrders).find((o) => o.purchaseOrderId === one);
      if (!order) return fail(res, 404, 'CONTENT_NOT_FOUND.GMP_ORDER_API', `Order ${one} not found`, budget);
      return send(res, 200, { order: asSeenBy(token, order) }, budget);
    }
    const ack = /^\/v3\/orders\/(\d+)\/acknowledge$/.exec(url.pathname)?.[1];
    const shipping = /^\/v3\/orders\/(\d+)\/shipping$/.exec(url.pathname)?.[1];
    const po = ack ?? shipping;
    if (req.method === 'POST' && po) {
      const order = (own ?? allOrders).find((o) => o.purchaseOrderId === po);
      if (!order) return fail(res, 404, 'CONTENT_NOT_FOUND.GMP_ORDER_API', `Order ${po} not found`, budget);
      const body = shipping ? await json(req) : undefined;
      if (shipping && !body?.orderShipment?.orderLines?.orderLine?.length) {
        return fail(
          res,
          400,
          'INVALID_REQUEST_CONTENT.GMP_ORDER_API',
          'orderShipment.orderLines is required',
          budget,
        );
      }
      record(body ?? null);
      if (ack) acknowledged.set(token, new Set([...(acknowledged.get(token) ?? []), po]));
      return send(res, 200, { order: asSeenBy(token, order) }, budget);
    }
    if (req.method === 'PUT' && url.pathname === '/v3/inventory') {
      const body = await json(req);
      const sku = url.searchParams.get('sku');
      if (
        !sku ||
        body?.sku !== sku ||
        body?.quantity?.unit !== 'EACH' ||
        !Number.isInteger(body?.quantity?.amount)
      ) {
        return fail(
          res,
          400,
          'INVALID_REQUEST_CONTENT.GMP_INVENTORY_API',
          'sku and quantity {unit: EACH, amount} are required',
          budget,
        );
      }
      record(body);
      stockOf(token).set(sku, body.quantity.amount);
      return send(res, 200, body, budget);
    }
    if (req.method === 'GET' && url.pathname === '/v3/inventory') {
      const sku = url.searchParams.get('sku') ?? '';
      const amount = stockOf(token).get(sku);
      if (amount === undefined)
        return fail(res, 404, 'CONTENT_NOT_FOUND.GMP_INVENTORY_API', `Item ${sku} not found`, budget);
      return send(res, 200, { sku, quantity: { unit: 'EACH', amount } }, budget);
    }
    return fail(res, 404, 'NOT_FOUND', `No route ${req.method} ${url.pathname}`, budget);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}
