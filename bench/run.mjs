// `npm run bench`: Switchyard against a node:http + PostgreSQL peer on this machine, loopback only.
//   P1  hot SKU: 64 clients place one-unit orders of one SKU until its stock runs out; orders/s, p50/p99,
//       and oversell (units allocated in 2xx answers beyond stock, cross-checked with reserved).
//   P2  the ceiling: reserve RPCs per second into one InventoryDO inside workerd (vitest, no HTTP).
//   P3  mixed ingest: 3-line orders over 50 SKUs with plenty of stock.
//   L   order-to-label system time: capture, pick list, scan, pack and label against a local EasyPost.
//   P4  channel stock sync: a burst of stock movements over 50 SKUs to the first push at four local channels,
//       each held to its published limit (bench/p4).
//   P5  the phone app's first load: JS before any scan screen (gzip) and cold-load LCP on Slow 4G (bench/p5).
//   P6  the phone app at work: offline start, and scan to pick recorded online and offline (bench/p6).
// Switchyard runs under `wrangler dev` (own ports, own --persist-to, from a snapshot of the tree), and
// the load goes to the user worker's own workerd port, not wrangler's proxy: see lib/switchyard.mjs.
// Prints a table per group of steps, then one JSON line (also written to bench/results/latest.json, or to
// results/only-<steps>.json for --only).
// BENCH_SOURCE=/some/checkout benches another tree of Switchyard (e.g. `git archive HEAD` unpacked).
// `npm run bench -- --only p5,p6` runs some steps: p4, p5, p6, and p1, p2, p3 or l, which run as one group
// (they share one Switchyard and the peer); without --only every step runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { request, runLoad } from './lib/load.mjs';
import { orderToLabel } from './lib/order-to-label.mjs';
import { startPostgres } from './lib/postgres.mjs';
import {
  cleanup,
  freePort,
  onCleanup,
  runTracked,
  startTracked,
  stopTracked,
  waitForOk,
} from './lib/procs.mjs';
import { startSwitchyard } from './lib/switchyard.mjs';
import {
  allocatedUnits,
  HOT_SKU,
  hotOrder,
  LOCATION,
  MIXED_SKUS,
  mixedOrder,
  stockSwitchyard,
} from './lib/workload.mjs';
import { p4Bench } from './p4/run.mjs';
import { phoneBench } from './p5/phone-bench.mjs';

const CLIENTS = 64;
const WARM_MS = 3000;
const MEASURE_MS = 15_000;
const P3_MS = 12_000;
// P1's stock is sized from the warm-up rate so it runs out about this far into the measured window,
// whatever this machine's speed; the window then runs on until 1.2 x stock orders or MEASURE_MS.
const DRAIN_S = 10;
const WARM_SKU = 'WARM-1';
const PLENTY = 1_000_000; // the most one movement may receive

const STEPS = ['p1', 'p2', 'p3', 'l', 'p4', 'p5', 'p6'];
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt === -1 ? null : new Set((process.argv[onlyAt + 1] ?? '').toLowerCase().split(','));
if (only && (only.size === 0 || [...only].some((s) => !STEPS.includes(s)))) {
  console.error(`usage: npm run bench [-- --only ${STEPS.join(',')}] (any of them, comma-separated)`);
  process.exit(2);
}
const runs = (step) => !only || only.has(step);
const serverSteps = ['p1', 'p2', 'p3', 'l'].some(runs);
const phoneSteps = new Set(['p5', 'p6'].filter(runs));

const started = Date.now();
// What was measured: Switchyard runs from a copy of the working tree taken at the start.
const SOURCE = process.env.BENCH_SOURCE;
const git = (...args) => spawnSync('git', args, { encoding: 'utf8' }).stdout?.trim() ?? '';
const tree =
  SOURCE ??
  `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', '.', ':!bench') ? ' + uncommitted changes' : ''}`;
const log = (msg) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${msg}`);
const load1 = () => loadavg()[0].toFixed(2);

// A target is { http: { base, path, headers }, stock(skus, quantity), level(sku) }, the same for both.

/** P1 on one target: warm up on another SKU, size the stock from that rate, then drain it. */
async function p1(target, name) {
  const warm = await runLoad({
    ...target.http,
    concurrency: CLIENTS,
    durationMs: WARM_MS,
    next: hotOrder(`${name}-w`, WARM_SKU),
  });
  const stock = Math.max(100, Math.round(warm.rps * DRAIN_S));
  await target.stock([HOT_SKU], stock);
  let allocated = 0;
  let backordered = 0;
  const r = await runLoad({
    ...target.http,
    concurrency: CLIENTS,
    durationMs: MEASURE_MS,
    maxCount: Math.ceil(stock * 1.2),
    next: hotOrder(`${name}-p1`),
    onAnswer: ({ body }) => {
      const units = allocatedUnits(body, HOT_SKU);
      allocated += units;
      if (units === 0) backordered++;
    },
  });
  const level = await target.level(HOT_SKU);
  log(
    `${name} P1: ${r.rps.toFixed(0)}/s, stock ${stock}, allocated ${allocated}, reserved ${level?.reserved}`,
  );
  return {
    ...r,
    stock,
    allocated,
    backordered,
    reserved: level?.reserved,
    oversell: Math.max(0, allocated - stock),
  };
}

/** P3 on one target: warm up, then 3-line orders over 50 well-stocked SKUs for P3_MS. */
async function p3(target, name) {
  await target.stock(MIXED_SKUS, PLENTY);
  await runLoad({
    ...target.http,
    concurrency: CLIENTS,
    durationMs: WARM_MS,
    next: mixedOrder(`${name}-p3w`),
  });
  let lines = 0;
  let allocatedLines = 0;
  const r = await runLoad({
    ...target.http,
    concurrency: CLIENTS,
    durationMs: P3_MS,
    next: mixedOrder(`${name}-p3`),
    onAnswer: ({ body }) => {
      lines += body?.lines?.length ?? 0;
      allocatedLines += (body?.lines ?? []).filter((l) => l.allocations?.length > 0).length;
    },
  });
  log(`${name} P3: ${r.rps.toFixed(0)}/s`);
  return { ...r, allocatedShare: lines ? allocatedLines / lines : 0 };
}

/** What makes a run's numbers meaningless: orders that reserved nothing, or stock that does not add up. */
function problems(sy1, peer1, sy3, peer3) {
  const found = [];
  for (const [name, p1r, p3r] of [
    ['switchyard', sy1, sy3],
    ['peer', peer1, peer3],
  ]) {
    if (p1r.allocated === 0) found.push(`${name} P1 allocated nothing: the orders did not reserve stock`);
    if (p1r.reserved !== p1r.allocated)
      found.push(`${name} P1 reserved ${p1r.reserved} != allocated ${p1r.allocated}`);
    if (p1r.oversell > 0) found.push(`${name} P1 oversold ${p1r.oversell} units`);
    if (p3r.allocatedShare < 0.99)
      found.push(`${name} P3 allocated only ${(p3r.allocatedShare * 100).toFixed(1)}% of lines`);
  }
  return found;
}

/** P2: runs bench/p2 under vitest inside workerd, in the same snapshot Switchyard ran from. */
async function p2(app) {
  const { code, out } = await runTracked('npx', ['vitest', 'run', '--config', 'bench/p2/vitest.config.ts'], {
    cwd: app,
    env: { ...process.env, P2_SECONDS: '8' },
  });
  const line = out.match(/P2_RESULT (\{.*\})/);
  if (code !== 0 || !line) throw new Error(`P2 failed (${code}):\n${out.slice(-3000)}`);
  return JSON.parse(line[1]);
}

async function startPeer() {
  const url = await startPostgres();
  const port = await freePort();
  const peer = startTracked(process.execPath, [new URL('./peer/server.mjs', import.meta.url).pathname], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: url },
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForOk(`${base}/api/v1/health`, 15_000, peer);
  return { peer, base };
}

/** Stock of a SKU at the bench location, from GET /inventory/{sku} (both targets answer it). */
const levelOf = (base, headers) => async (sku) => {
  const r = await request(undefined, base, 'GET', `/api/v1/inventory/${sku}`, undefined, headers);
  return r.body.locations.find((l) => l.location === LOCATION.code);
};

function printTable(cols, rows, notes) {
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((v, i) => String(v).padEnd(widths[i])).join('  ');
  console.log(`\n${line(cols)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
  console.log(`\n${notes.join('\n')}\n`);
}

const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** P1, P3 and order-to-label on Switchyard, P1 and P3 on the peer, then P2; its table rows, JSON and notes. */
async function serverBench(tmp) {
  log('starting Switchyard (wrangler dev)');
  const sy = await startSwitchyard(join(tmp, 'sy'), SOURCE ? { source: SOURCE } : {});
  const syTarget = {
    http: { base: sy.direct, path: '/api/v1/orders', headers: sy.headers },
    stock: (skus, qty) => stockSwitchyard(sy, skus, qty),
    level: levelOf(sy.direct, sy.headers),
  };
  await syTarget.stock([WARM_SKU], PLENTY);
  const syP1 = await p1(syTarget, 'switchyard');
  const syP3 = await p3(syTarget, 'switchyard');
  log('switchyard order-to-label (local EasyPost)');
  const label = await orderToLabel(sy);
  await stopTracked(sy.dev);

  log('starting PostgreSQL and the peer');
  const { peer, base } = await startPeer();
  const peerStock = async (skus, qty) => {
    for (const sku of skus) {
      await request(undefined, base, 'POST', `/api/v1/inventory/${sku}/movements`, {
        type: 'receive',
        location: LOCATION.code,
        quantity: qty,
      });
    }
  };
  const peerTarget = { http: { base, path: '/api/v1/orders' }, stock: peerStock, level: levelOf(base) };
  await peerStock([WARM_SKU], PLENTY);
  const peerP1 = await p1(peerTarget, 'peer');
  const peerP3 = await p3(peerTarget, 'peer');
  await stopTracked(peer);

  log('P2: InventoryDO reserve RPC rate (vitest inside workerd)');
  const ceiling = await p2(sy.app);

  const invalid = problems(syP1, peerP1, syP3, peerP3);
  if (invalid.length) process.exitCode = 1;
  const json = {
    p1_rps: round(syP1.rps),
    p1_p99_ms: round(syP1.p99),
    p1_oversell: syP1.oversell,
    peer_p1_rps: round(peerP1.rps),
    p1_ratio: round(syP1.rps / peerP1.rps, 3),
    p2_ceiling_rps: round(ceiling.reserve_rps),
    p2_fraction: round(syP1.rps / ceiling.reserve_rps, 3),
    p3_rps: round(syP3.rps),
    p3_p99_ms: round(syP3.p99),
    peer_p3_rps: round(peerP3.rps),
    p3_ratio: round(syP3.rps / peerP3.rps, 3),
  };
  const answers = (r) =>
    Object.entries(r.statuses)
      .map(([s, n]) => `${s}x${n}`)
      .join(' ') + (r.failures ? ` err x${r.failures}` : '');
  const p1Note = (r) =>
    `S=${r.stock} allocated=${r.allocated} reserved=${r.reserved} backordered=${r.backordered} oversell=${r.oversell}`;
  const row = (t, w, r, note) => [t, w, round(r.rps), round(r.p50), round(r.p99), answers(r), note];
  return {
    json,
    rows: [
      row('switchyard', 'P1 hot SKU', syP1, p1Note(syP1)),
      row('peer (pg)', 'P1 hot SKU', peerP1, p1Note(peerP1)),
      row('switchyard', 'P3 3-line/50 SKUs', syP3, ''),
      row('peer (pg)', 'P3 3-line/50 SKUs', peerP3, ''),
      [
        'switchyard',
        'order-to-label',
        '-',
        round(label.p50),
        round(label.p99),
        '-',
        `${label.orders} orders, one at a time: capture, pick list, scan, pack, label (local EasyPost)`,
      ],
      [
        'InventoryDO',
        'P2 reserve RPC',
        round(ceiling.reserve_rps),
        '-',
        '-',
        '-',
        `${ceiling.in_flight} in flight; reserve+confirm ${round(ceiling.reserve_confirm_rps)}/s`,
      ],
    ],
    notes: [
      `${CLIENTS} closed-loop clients (node:http keep-alive) per target; warm-up ${WARM_MS / 1000} s; P1 until 1.2 x S orders or ${MEASURE_MS / 1000} s, P3 ${P3_MS / 1000} s.`,
      `P1 stock S = warm-up orders/s x ${DRAIN_S} s per target, so each drains its stock about ${DRAIN_S} s in.`,
      `Switchyard: wrangler dev, load sent to the user worker's workerd port (${sy.direct}), dev dashboards off.`,
      'Peer: node:http + pg Pool (max 10) over PostgreSQL 15, fsync and synchronous_commit on.',
      ...(invalid.length
        ? invalid.map((p) => `CHECK FAILED: ${p}`)
        : [
            'Checks: every P1 unit allocated in a 2xx answer is reserved, none beyond S; P3 lines all allocated.',
          ]),
    ],
  };
}

const tmp = mkdtempSync('/tmp/sy-bench-');
onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
try {
  const loadAtStart = load1();
  log(`load average ${loadAtStart}${only ? `; only ${[...only].join(', ')}` : ''}`);
  const json = {};
  const tables = [];
  if (serverSteps) {
    const r = await serverBench(tmp);
    Object.assign(json, r.json);
    tables.push([
      ['target', 'workload', 'orders/s', 'p50 ms', 'p99 ms', 'answers', 'notes'],
      r.rows,
      r.notes,
    ]);
  }
  if (runs('p4')) {
    const r = await p4Bench({ tmp, source: SOURCE, log });
    if (r.failed) process.exitCode = 1;
    Object.assign(json, r.json);
    tables.push([
      [
        'P4 channel',
        'published limit',
        'requests',
        'p50 ms',
        'p99 ms',
        'max ms',
        'busiest 1 s',
        'peak',
        'limit',
      ],
      r.rows,
      r.notes,
    ]);
  }
  if (phoneSteps.size) {
    const r = await phoneBench({ tmp, source: SOURCE, steps: phoneSteps, log });
    Object.assign(json, r.json);
    tables.push([['step', 'measure', 'median', 'runs / detail', 'budget', 'result'], r.rows, r.notes]);
  }
  const results = only ? `./results/only-${[...only].sort().join('-')}.json` : './results/latest.json';
  mkdirSync(new URL('./results', import.meta.url), { recursive: true });
  writeFileSync(new URL(results, import.meta.url), `${JSON.stringify(json, null, 2)}\n`);
  for (const [cols, rows, notes] of tables) printTable(cols, rows, notes);
  console.log(
    [
      `Tree: ${tree}.`,
      `Load average (1 min) at start ${loadAtStart}, at end ${load1()}; run took ${((Date.now() - started) / 1000).toFixed(0)} s on ${navigator.hardwareConcurrency} cores.\n`,
    ].join('\n'),
  );
  console.log(JSON.stringify(json));
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
}
