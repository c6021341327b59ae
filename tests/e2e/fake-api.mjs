// In-memory stand-in for the Worker: serves web/build with SPA fallback and the /api/v1 endpoints the app uses.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const DEMO_USER = { id: 'usr_1', email: 'owner@example.com', name: 'Olive Owner', role: 'owner' };
export const DEMO_PASSWORD = 'switchyard-demo';
const BUILD = fileURLToPath(new URL('../../web/build/', import.meta.url));
const PAGE_SIZE = 5;
const CANCELLABLE = new Set(['allocated', 'backordered', 'on_hold']);
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

function makeOrder(n, { channel, status, currency = 'USD', customer, lines, shipping = 599, routing }) {
  const subtotal = lines.reduce((sum, l) => sum + l.quantity * l.unit_price, 0);
  const tax = Math.round(subtotal * 0.08);
  const at = new Date(Date.UTC(2026, 10, 20 + n, 9, 30)).toISOString();
  return {
    id: `ord_${n}`,
    external_id: `SY-${1000 + n}`,
    channel,
    status,
    currency,
    customer_name: customer,
    created_at: at,
    totals: { subtotal, shipping, tax, discount: 0, total: subtotal + shipping + tax },
    routing_explanation: routing,
    lines: lines.map((l) => ({ allocations: [], backordered: 0, ...l })),
    timeline: [{ at, type: 'imported', message: `Imported from ${channel}` }],
  };
}

function seed() {
  const line = (sku, quantity, unit_price, allocations, backordered = 0) => ({
    sku,
    quantity,
    unit_price,
    allocations,
    backordered,
  });
  const orders = [
    makeOrder(1, {
      channel: 'amazon',
      status: 'allocated',
      customer: null,
      lines: [line('CAP-NVY', 1, 1800, [{ location: 'WH-WEST', quantity: 1 }])],
      routing: 'WH-WEST: the only location with CAP-NVY available.',
    }),
    makeOrder(2, {
      channel: 'shopify',
      status: 'allocated',
      currency: 'JPY',
      shipping: 500,
      customer: 'Hedy Lamarr',
      lines: [line('MUG-WHT', 2, 1500, [{ location: 'WH-WEST', quantity: 2 }])],
      routing: 'WH-WEST: closest location that can ship the whole order.',
    }),
    makeOrder(3, {
      channel: 'ebay',
      status: 'allocated',
      currency: 'GBP',
      customer: 'Ada Byron',
      lines: [line('TEE-BLK-M', 1, 2200, [{ location: 'WH-EAST', quantity: 1 }])],
      routing: 'WH-EAST: closest location that can ship the whole order.',
    }),
    makeOrder(4, {
      channel: 'shopify',
      status: 'cancelled',
      customer: 'Katherine Johnson',
      lines: [line('HOODIE-GRY-L', 1, 5400, [])],
      routing: 'Released on cancellation.',
    }),
    makeOrder(5, {
      channel: 'etsy',
      status: 'on_hold',
      currency: 'EUR',
      customer: 'Margaret Hamilton',
      lines: [line('MUG-WHT', 1, 1400, [{ location: 'WH-EAST', quantity: 1 }])],
      routing: 'WH-EAST: held for a manual address check before release.',
    }),
    makeOrder(6, {
      channel: 'amazon',
      status: 'backordered',
      customer: 'Grace Hopper',
      lines: [line('HOODIE-GRY-L', 3, 5400, [{ location: 'WH-EAST', quantity: 1 }], 2)],
      routing: 'WH-EAST had 1 of 3 HOODIE-GRY-L; the other 2 are backordered until stock arrives.',
    }),
    makeOrder(7, {
      channel: 'shopify',
      status: 'allocated',
      customer: 'Ada Lovelace',
      lines: [
        line('TEE-BLK-M', 2, 2500, [{ location: 'WH-EAST', quantity: 2 }]),
        line('MUG-WHT', 1, 1200, [{ location: 'WH-WEST', quantity: 1 }]),
      ],
      routing: 'Split across WH-EAST and WH-WEST: no single location had every line in stock.',
    }),
  ];
  const stock = new Map(
    Object.entries({
      'TEE-BLK-M': [
        ['WH-EAST', 40, 3],
        ['WH-WEST', 12, 0],
      ],
      'MUG-WHT': [
        ['WH-EAST', 8, 1],
        ['WH-WEST', 25, 3],
      ],
      'HOODIE-GRY-L': [['WH-EAST', 1, 1]],
      'CAP-NVY': [
        ['WH-WEST', 6, 1],
        ['STORE-NYC', 2, 0],
      ],
    }).map(([sku, rows]) => [
      sku,
      rows.map(([location, on_hand, reserved]) => ({ location, on_hand, reserved })),
    ]),
  );
  return { orders: new Map(orders.map((o) => [o.id, o])), stock, sessions: new Map() };
}

const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
};
const fail = (res, status, code, message) => json(res, status, { error: { code, message } });

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return JSON.parse(text || '{}');
  } catch {
    return {};
  }
}

function summary(o) {
  const { id, external_id, channel, status, currency, created_at, customer_name } = o;
  return { id, external_id, channel, status, currency, total: o.totals.total, created_at, customer_name };
}

async function api(state, req, res, url) {
  const path = url.pathname.replace(/^\/api\/v1/, '');
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const user = sid && state.sessions.get(sid);

  if (req.method === 'POST' && path === '/auth/login') {
    const { email, password } = await readJson(req);
    if (email !== DEMO_USER.email || password !== DEMO_PASSWORD) {
      return fail(res, 401, 'invalid_credentials', 'Email or password is incorrect.');
    }
    const token = randomUUID();
    state.sessions.set(token, DEMO_USER);
    return json(
      res,
      200,
      { user: DEMO_USER },
      { 'set-cookie': `sid=${token}; HttpOnly; Path=/; SameSite=Lax` },
    );
  }
  if (!user) return fail(res, 401, 'unauthenticated', 'Sign in to continue.');
  if (req.method === 'POST' && path === '/auth/logout') {
    state.sessions.delete(sid);
    return json(res, 200, { ok: true }, { 'set-cookie': 'sid=; HttpOnly; Path=/; Max-Age=0' });
  }
  if (req.method === 'GET' && path === '/auth/me') return json(res, 200, { user });

  if (req.method === 'GET' && path === '/orders') {
    const p = url.searchParams;
    const q = (p.get('q') ?? '').toLowerCase();
    const matches = [...state.orders.values()]
      .filter((o) => !p.get('status') || o.status === p.get('status'))
      .filter((o) => !p.get('channel') || o.channel === p.get('channel'))
      .filter((o) => !q || `${o.external_id} ${o.customer_name ?? ''}`.toLowerCase().includes(q))
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    const start = Number(p.get('cursor') ?? 0);
    const end = start + PAGE_SIZE;
    return json(res, 200, {
      data: matches.slice(start, end).map(summary),
      next_cursor: end < matches.length ? String(end) : null,
    });
  }

  const orderMatch = /^\/orders\/([^/]+)(\/cancel)?$/.exec(path);
  if (orderMatch) {
    const order = state.orders.get(decodeURIComponent(orderMatch[1]));
    if (!order) return fail(res, 404, 'not_found', 'Order not found.');
    if (req.method === 'GET' && !orderMatch[2]) {
      const { customer_name, created_at, ...detail } = order;
      return json(res, 200, detail);
    }
    if (req.method === 'POST' && orderMatch[2]) {
      if (!CANCELLABLE.has(order.status)) {
        return fail(res, 409, 'invalid_transition', `A ${order.status} order cannot be cancelled.`);
      }
      for (const line of order.lines) {
        for (const a of line.allocations) {
          const level = state.stock.get(line.sku)?.find((s) => s.location === a.location);
          if (level) level.reserved -= a.quantity;
        }
      }
      order.status = 'cancelled';
      order.timeline.push({
        at: new Date().toISOString(),
        type: 'cancelled',
        message: `Cancelled by ${user.name}`,
      });
      return json(res, 200, { id: order.id, status: order.status });
    }
  }

  const skuMatch = /^\/inventory\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && skuMatch) {
    const sku = decodeURIComponent(skuMatch[1]).toUpperCase();
    const levels = state.stock.get(sku);
    if (!levels) return fail(res, 404, 'not_found', `No SKU ${sku}.`);
    const locations = levels.map((l) => ({ ...l, available: l.on_hand - l.reserved }));
    return json(res, 200, { sku, locations });
  }
  return fail(res, 404, 'not_found', 'No such endpoint.');
}

async function serveStatic(req, res, url) {
  const rel = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = join(BUILD, rel);
  let body = await readFile(file).catch(() => null);
  if (!body || !extname(file)) {
    file = join(BUILD, 'index.html');
    body = await readFile(file);
  }
  const immutable = url.pathname.startsWith('/_app/immutable/');
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Starts the fake on 127.0.0.1; `hits` counts every request it has answered. */
export async function startFakeApi({ port = 0 } = {}) {
  const state = seed();
  const stats = { hits: 0 };
  const server = createServer(async (req, res) => {
    stats.hits++;
    const url = new URL(req.url, 'http://localhost');
    try {
      if (url.pathname === '/api/docs') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<h1>Switchyard API (fake)</h1>');
      }
      if (url.pathname.startsWith('/api/')) return await api(state, req, res, url);
      return await serveStatic(req, res, url);
    } catch (error) {
      console.error(error);
      if (!res.headersSent) fail(res, 500, 'internal', 'Fake API error');
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, stats, close: () => new Promise((resolve) => server.close(resolve)) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await startFakeApi({ port: Number(process.env.PORT ?? 0) });
  console.log(`fake API on ${url} (sign in as ${DEMO_USER.email} / ${DEMO_PASSWORD})`);
}
