// Reports and data: `node bench/reports/run.mjs`. Not yet part of `npm run bench`.
//   KPI  GET /api/v1/reports/kpis over 100,000 seeded orders (180 days; 2 lines, a shipment each when shipped):
//        the last 7 days: the first answer (empty KPI day cache), then 50 sequential requests with nothing
//        written, then 50 each right after an order is captured (default, then fresh=true); p50/p99 (target
//        p99 < 200 ms).
//   IMP  a 10,000-row catalog CSV: upload (dry run) time, then apply wall time and rows/s through the queue.
// The orders are seeded as SQL into the same --persist-to state before `wrangler dev` starts (see
// lib/switchyard.mjs: migrations first, so the seed lands in the migrated D1). Prints one JSON line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS } from '../../scripts/demo-users.mjs';
import { percentile, request } from '../lib/load.mjs';
import { cleanup, onCleanup, runOrThrow } from '../lib/procs.mjs';
import { startSwitchyard } from '../lib/switchyard.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const DAYS = 180;
const KPI_REQUESTS = 50;
const CATALOG_ROWS = 10_000;
// D1 refuses a statement over 100 KB.
const ROWS_PER_INSERT = 150;
const DAY_MS = 86_400_000;

const started = Date.now();
const log = (msg) => console.error(`[reports ${((Date.now() - started) / 1000).toFixed(0)}s] ${msg}`);
const q = (v) =>
  v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`;
const iso = (ms) => new Date(ms).toISOString();

/** One multi-row INSERT per ROWS_PER_INSERT rows. */
function inserts(table, columns, rows) {
  const out = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows.slice(i, i + ROWS_PER_INSERT).map((r) => `(${r.map(q).join(',')})`);
    out.push(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${values.join(',\n')};`);
  }
  return out;
}

const CHANNELS = ['shopify-main', 'amazon-us', 'ebay', 'manual'];
const STATUSES = [
  'delivered',
  'delivered',
  'shipped',
  'shipped',
  'allocated',
  'packed',
  'cancelled',
  'backordered',
];

/** ORDERS orders spread over the last DAYS days, deterministic (seeded by index). */
function seedSql() {
  const now = Date.now();
  const orders = [];
  const lines = [];
  const shipments = [];
  for (let i = 0; i < ORDERS; i++) {
    // a fixed permutation of the indexes spreads the orders evenly over the days
    const placed = now - Math.floor((((i * 7919) % ORDERS) / ORDERS) * DAYS * DAY_MS);
    const status = STATUSES[i % STATUSES.length];
    const id = `ord_BENCH${String(i).padStart(21, '0')}`;
    const [qa, qb] = [1 + (i % 3), 1 + (i % 2)];
    const [pa, pb] = [1500 + (i % 40) * 25, 900 + (i % 13) * 50];
    const subtotal = qa * pa + qb * pb;
    const shipping = 599;
    const tax = Math.round(subtotal * 0.08);
    orders.push([
      id,
      CHANNELS[i % CHANNELS.length],
      `B-${i}`,
      status,
      'USD',
      subtotal,
      shipping,
      tax,
      0,
      subtotal + shipping + tax,
      '{}',
      iso(placed),
      iso(placed + 60_000),
      iso(placed + 2 * DAY_MS),
    ]);
    lines.push([
      `${id}.1`,
      id,
      1,
      `SKU-${i % 500}`,
      `SKU-${i % 500}`,
      qa,
      pa,
      Math.round(pa * 0.4),
      'USD',
      status === 'backordered' ? 1 : 0,
    ]);
    lines.push([
      `${id}.2`,
      id,
      2,
      `SKU-${(i + 7) % 500}`,
      `SKU-${(i + 7) % 500}`,
      qb,
      pb,
      Math.round(pb * 0.4),
      'USD',
      0,
    ]);
    if (status === 'shipped' || status === 'delivered') {
      const shipped = placed + ((i % 5) + 1) * 6 * 3_600_000;
      shipments.push([
        `shp_BENCH${String(i).padStart(21, '0')}`,
        id,
        'WH-1',
        status,
        'usps',
        `9400${String(i).padStart(18, '0')}`,
        450 + (i % 9) * 10,
        'USD',
        iso(placed),
        iso(shipped - 3_600_000),
        iso(shipped),
        iso(shipped + 3_600_000),
        status === 'delivered' ? iso(shipped + 2 * DAY_MS) : null,
      ]);
    }
  }
  return [
    ...inserts(
      'orders',
      [
        'id',
        'channel',
        'external_id',
        'status',
        'currency',
        'subtotal',
        'shipping_total',
        'tax_total',
        'discount_total',
        'total',
        'request',
        'placed_at',
        'created_at',
        'ship_by',
      ],
      orders,
    ),
    ...inserts(
      'order_lines',
      [
        'id',
        'order_id',
        'line_no',
        'sku',
        'channel_sku',
        'quantity',
        'unit_price',
        'unit_cost',
        'cost_currency',
        'backordered',
      ],
      lines,
    ),
    ...inserts(
      'shipments',
      [
        'id',
        'order_id',
        'location',
        'status',
        'carrier',
        'tracking_code',
        'label_cost',
        'label_currency',
        'order_placed_at',
        'label_purchased_at',
        'shipped_at',
        'first_scan_at',
        'delivered_at',
      ],
      shipments,
    ),
  ].join('\n');
}

/** A POST of raw bytes (the load client only sends JSON). */
function postRaw(base, path, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, base),
      { method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function signIn(base) {
  const owner = DEMO_USERS.find((u) => u.role === 'owner');
  const login = await request(undefined, base, 'POST', '/api/v1/auth/login', {
    email: owner.email,
    password: DEMO_PASSWORD,
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  return { cookie: String(login.headers['set-cookie']).split(';')[0] };
}

const summary = (ms) => {
  ms.sort((a, b) => a - b);
  return {
    p50_ms: +percentile(ms, 50).toFixed(1),
    p99_ms: +percentile(ms, 99).toFixed(1),
    requests: ms.length,
  };
};

/**
 * The dashboard for the last 7 days: the first answer (an empty KPI day cache: every day computed), then
 * KPI_REQUESTS answers with nothing written in between, then KPI_REQUESTS answers each right after an order
 * is captured (today's numbers computed again; only the GET is timed).
 */
async function kpiLatency(base, headers) {
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 6 * DAY_MS).toISOString().slice(0, 10);
  const path = `/api/v1/reports/kpis?from=${from}&to=${to}`;
  const timed = async (query = '') => {
    const t = performance.now();
    const r = await request(undefined, base, 'GET', path + query, undefined, headers);
    if (r.status !== 200) throw new Error(`kpis: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    return performance.now() - t;
  };
  const coldMs = await timed();
  log(`first KPI answer (empty cache) in ${coldMs.toFixed(0)} ms`);
  const unchanged = [];
  for (let i = 0; i < KPI_REQUESTS; i++) unchanged.push(await timed());
  // each GET right after an order is captured: by default (the day under way may be served up to 5 s old
  // while it is computed again after the answer), then with fresh=true (it waits for the new order)
  const afterWrite = async (query) => {
    const ms = [];
    for (let i = 0; i < KPI_REQUESTS; i++) {
      const order = {
        channel: 'manual',
        external_id: `BENCH-W-${query}-${i}`,
        currency: 'USD',
        lines: [{ sku: `SKU-${i % 500}`, quantity: 1, unit_price: 1500 }],
        ship_to: { name: 'Bench', line1: '1 Main St', city: 'Brooklyn', country: 'US' },
      };
      const placed = await request(undefined, base, 'POST', '/api/v1/orders', order, headers);
      if (placed.status !== 201) throw new Error(`order: ${placed.status} ${JSON.stringify(placed.body)}`);
      ms.push(await timed(query));
    }
    return summary(ms);
  };
  const revalidated = await afterWrite('');
  const fresh = await afterWrite('&fresh=true');
  return {
    cold_ms: Math.round(coldMs),
    unchanged: summary(unchanged),
    after_write: revalidated,
    after_write_fresh: fresh,
  };
}

async function catalogImport(base, headers) {
  const rows = Array.from(
    { length: CATALOG_ROWS },
    (_, i) =>
      `BENCH-${i},Bench tote ${i},BB${String(i).padStart(8, '0')},${100 + (i % 900)},${(i % 50) + 1}.25,USD,${i % 7 === 0}`,
  );
  const csv = ['sku,name,barcodes,weight_grams,cost,cost_currency,final_sale', ...rows].join('\n');
  const t0 = performance.now();
  const up = await postRaw(base, '/api/v1/imports/catalog', csv, { ...headers, 'content-type': 'text/csv' });
  const dryRunMs = performance.now() - t0;
  if (up.status !== 201 || up.body.status !== 'validated')
    throw new Error(`upload: ${up.status} ${JSON.stringify(up.body).slice(0, 500)}`);
  const t1 = performance.now();
  const apply = await request(
    undefined,
    base,
    'POST',
    `/api/v1/imports/${up.body.id}/apply`,
    undefined,
    headers,
  );
  if (apply.status !== 202) throw new Error(`apply: ${apply.status} ${JSON.stringify(apply.body)}`);
  for (;;) {
    const job = (await request(undefined, base, 'GET', `/api/v1/imports/${up.body.id}`, undefined, headers))
      .body;
    if (job.status === 'applied') {
      const applyS = (performance.now() - t1) / 1000;
      return {
        rows: CATALOG_ROWS,
        bytes: Buffer.byteLength(csv),
        dry_run_ms: Math.round(dryRunMs),
        apply_s: +applyS.toFixed(2),
        rows_per_s: Math.round(CATALOG_ROWS / applyS),
        report: job.report,
      };
    }
    if (job.status === 'failed') throw new Error(`import failed: ${JSON.stringify(job)}`);
    if (performance.now() - t1 > 300_000)
      throw new Error(`import stuck at ${job.applied_rows}/${job.total_rows}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const tmp = mkdtempSync('/tmp/sy-reports-');
onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
try {
  const state = join(tmp, 'state');
  const wrangler = (args) =>
    runOrThrow('npx', ['wrangler', ...args], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      maxBuffer: 64 * 1024 * 1024,
    });
  let t = Date.now();
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state]);
  writeFileSync(join(tmp, 'seed.sql'), seedSql());
  wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', state, '--file', join(tmp, 'seed.sql')]);
  const seedS = (Date.now() - t) / 1000;
  log(`seeded ${ORDERS} orders in ${seedS.toFixed(1)} s`);
  const sy = await startSwitchyard(tmp);
  const headers = { ...(await signIn(sy.proxy)), origin: sy.direct };
  log('measuring GET /api/v1/reports/kpis');
  const kpis = await kpiLatency(sy.direct, headers);
  log(
    `kpis unchanged p50 ${kpis.unchanged.p50_ms} ms p99 ${kpis.unchanged.p99_ms} ms; after a write p50 ${kpis.after_write.p50_ms} ms p99 ${kpis.after_write.p99_ms} ms; fresh=true after a write p50 ${kpis.after_write_fresh.p50_ms} ms p99 ${kpis.after_write_fresh.p99_ms} ms`,
  );
  t = Date.now();
  const imports = await catalogImport(sy.direct, headers);
  log(
    `catalog import: ${imports.rows_per_s} rows/s (${imports.apply_s} s apply, ${imports.dry_run_ms} ms dry run)`,
  );
  console.log(
    JSON.stringify({
      reports: {
        orders: ORDERS,
        seed_s: +seedS.toFixed(1),
        kpis: {
          ...kpis,
          target_p99_ms: 200,
          ok: kpis.unchanged.p99_ms < 200 && kpis.after_write.p99_ms < 200,
        },
        catalog_import: imports,
      },
    }),
  );
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
}
