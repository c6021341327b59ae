// The peer: the order service a user would otherwise build, node:http + a pg Pool over PostgreSQL.
// One transaction per order: claim (channel, external_id), reserve each line with a guarded UPDATE,
// write the lines and allocations, set the status. Env: PORT, DATABASE_URL, PG_POOL_MAX (pg default 10).
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.PG_POOL_MAX ?? 10),
});
let locations = null;
const rankedLocations = async () =>
  (locations ??= (await pool.query('SELECT code FROM locations ORDER BY priority, code')).rows.map(
    (r) => r.code,
  ));

const RESERVE = `UPDATE stock SET reserved = reserved + $1
  WHERE sku = $2 AND location = $3 AND on_hand - reserved >= $1`;

const isCount = (n) => Number.isSafeInteger(n) && n > 0;
const validOrder = (o) =>
  o &&
  typeof o.channel === 'string' &&
  typeof o.external_id === 'string' &&
  Array.isArray(o.lines) &&
  o.lines.length > 0 &&
  o.lines.every(
    (l) => typeof l.sku === 'string' && isCount(l.quantity) && Number.isSafeInteger(l.unit_price),
  );

async function existingOrder(db, channel, externalId) {
  const {
    rows: [order],
  } = await db.query('SELECT * FROM orders WHERE channel = $1 AND external_id = $2', [channel, externalId]);
  const { rows: lines } = await db.query('SELECT * FROM order_lines WHERE order_id = $1 ORDER BY line_no', [
    order.id,
  ]);
  const { rows: allocs } = await db.query('SELECT * FROM allocations WHERE order_id = $1', [order.id]);
  return view(
    order,
    lines.map((l) => ({ ...l, allocations: allocs.filter((a) => a.line_id === l.id) })),
  );
}

const view = (order, lines) => ({
  id: String(order.id),
  channel: order.channel,
  external_id: order.external_id,
  status: order.status,
  currency: order.currency,
  total: Number(order.total),
  lines: lines.map((l) => ({
    line_no: l.line_no,
    sku: l.sku,
    quantity: l.quantity,
    unit_price: Number(l.unit_price),
    allocations: l.allocations.map((a) => ({ location: a.location, quantity: a.quantity })),
    backordered: l.backordered,
  })),
});

/** Captures an order once per (channel, external_id): 201 when new, 200 with the stored one after. */
async function captureOrder(input) {
  const ranked = await rankedLocations();
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    const total = input.lines.reduce((s, l) => s + l.quantity * l.unit_price, 0);
    const {
      rows: [claimed],
    } = await db.query(
      `INSERT INTO orders (channel, external_id, status, currency, ship_to, total) VALUES ($1, $2, 'pending', $3, $4, $5)
       ON CONFLICT (channel, external_id) DO NOTHING RETURNING *`,
      [input.channel, input.external_id, input.currency, input.ship_to ?? null, total],
    );
    if (!claimed) {
      await db.query('ROLLBACK');
      return [200, await existingOrder(db, input.channel, input.external_id)];
    }
    const lines = input.lines.map((l, i) => ({
      ...l,
      line_no: i + 1,
      allocations: [],
      backordered: l.quantity,
    }));
    // Row locks are taken in SKU order, so two orders over the same SKUs cannot deadlock.
    for (const line of [...lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))) {
      for (const location of ranked) {
        if ((await db.query(RESERVE, [line.quantity, line.sku, location])).rowCount === 1) {
          line.allocations.push({ location, quantity: line.quantity });
          line.backordered = 0;
          break;
        }
      }
      const {
        rows: [row],
      } = await db.query(
        `INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price, backordered)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [claimed.id, line.line_no, line.sku, line.quantity, line.unit_price, line.backordered],
      );
      for (const a of line.allocations) {
        await db.query(
          'INSERT INTO allocations (order_id, line_id, sku, location, quantity) VALUES ($1, $2, $3, $4, $5)',
          [claimed.id, row.id, line.sku, a.location, a.quantity],
        );
      }
    }
    const held = lines.filter((l) => l.allocations.length > 0).length;
    const status = held === lines.length ? 'allocated' : held > 0 ? 'partially_allocated' : 'backordered';
    await db.query('UPDATE orders SET status = $1 WHERE id = $2', [status, claimed.id]);
    await db.query('COMMIT');
    return [201, view({ ...claimed, status }, lines)];
  } catch (err) {
    await db.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    db.release();
  }
}

/** Adds received units (and the location, the first time it is named). */
async function receive(sku, { location, quantity }) {
  await pool.query('INSERT INTO locations (code) VALUES ($1) ON CONFLICT DO NOTHING', [location]);
  locations = null;
  await pool.query(
    `INSERT INTO stock (sku, location, on_hand) VALUES ($1, $2, $3)
     ON CONFLICT (sku, location) DO UPDATE SET on_hand = stock.on_hand + excluded.on_hand`,
    [sku, location, quantity],
  );
  return [201, await level(sku)];
}

async function level(sku) {
  const { rows } = await pool.query('SELECT * FROM stock WHERE sku = $1 ORDER BY location', [sku]);
  const locs = rows.map((r) => ({
    location: r.location,
    on_hand: r.on_hand,
    reserved: r.reserved,
    available: r.on_hand - r.reserved,
  }));
  return { sku, locations: locs };
}

async function route(method, path, body) {
  if (method === 'GET' && path === '/api/v1/health') return [200, { status: 'ok' }];
  if (method === 'POST' && path === '/api/v1/orders') {
    return validOrder(body) ? captureOrder(body) : [400, { error: { code: 'validation_failed' } }];
  }
  const inv = path.match(/^\/api\/v1\/inventory\/([^/]+)(\/movements)?$/);
  if (inv && method === 'GET' && !inv[2]) return [200, await level(decodeURIComponent(inv[1]))];
  if (inv && method === 'POST' && inv[2] && body?.type === 'receive' && isCount(body.quantity)) {
    return receive(decodeURIComponent(inv[1]), body);
  }
  return [404, { error: { code: 'not_found' } }];
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    let status = 500;
    let out = { error: { code: 'internal' } };
    try {
      const text = Buffer.concat(chunks).toString();
      [status, out] = await route(req.method, req.url.split('?')[0], text ? JSON.parse(text) : null);
    } catch (err) {
      if (err instanceof SyntaxError) [status, out] = [400, { error: { code: 'invalid_json' } }];
      else console.error(err);
    }
    const payload = JSON.stringify(out);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
    });
    res.end(payload);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () =>
  console.log(`peer listening on ${process.env.PORT}`),
);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => server.close(() => pool.end().finally(() => process.exit(0))));
