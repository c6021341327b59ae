// Where a P1 order's time goes: `node bench/probe/run.mjs` (Node 22 on PATH). Not part of `npm run bench`.
// Runs the real app behind bench/probe/worker.ts (times every D1 and DO round trip) under wrangler dev,
// and compares HTTP through wrangler's proxy with HTTP straight to the user worker's own port.
import { mkdtempSync, rmSync } from 'node:fs';
import { request, runLoad } from '../lib/load.mjs';
import { cleanup, onCleanup } from '../lib/procs.mjs';
import { cpuSeconds, startSwitchyard } from '../lib/switchyard.mjs';
import { HOT_SKU, hotOrder, stockSwitchyard } from '../lib/workload.mjs';

const tmp = mkdtempSync('/tmp/sy-probe-');
onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
const fmt = (n) => n.toFixed(1).padStart(7);

try {
  const devTools = process.argv.includes('--dev-tools');
  const sy = await startSwitchyard(tmp, { main: 'bench/probe/worker.ts', devTools });
  console.log(
    `wrangler dev dashboards (X_LOCAL_OBSERVABILITY, X_LOCAL_EXPLORER): ${devTools ? 'on' : 'off'}`,
  );
  for (const unit of ['d1', 'do']) {
    await request(undefined, sy.direct, 'GET', `/api/__probe/${unit}?n=50`);
    const cpu = cpuSeconds(sy.pids.user);
    const r = await request(undefined, sy.direct, 'GET', `/api/__probe/${unit}?n=500`);
    const label = unit === 'd1' ? 'D1 SELECT 1' : 'DO RPC levels()';
    console.log(
      `${label}, sequential in the worker: ${r.body.ms_each.toFixed(2)} ms wall, ${(((cpuSeconds(sy.pids.user) - cpu) * 1000) / 500).toFixed(2)} ms CPU each`,
    );
  }
  await stockSwitchyard(sy, [HOT_SKU], 1_000_000);
  const probe = (method) => request(undefined, sy.direct, method, '/api/__probe').then((r) => r.body);
  let run = 0;
  const order = () => hotOrder(`probe-${Date.now()}-${run++}`);
  await runLoad({
    base: sy.direct,
    path: '/api/v1/orders',
    headers: sy.headers,
    concurrency: 8,
    durationMs: 2000,
    next: order(),
  });

  for (const [label, base, concurrency] of [
    ['direct, 1 client', sy.direct, 1],
    ['proxy, 1 client', sy.proxy, 1],
    ['direct, 64 clients', sy.direct, 64],
    ['proxy, 64 clients', sy.proxy, 64],
  ]) {
    await probe('DELETE');
    const health = await runLoad({
      base,
      path: '/api/v1/health',
      method: 'GET',
      concurrency,
      durationMs: 2000,
    });
    const cpu0 = [cpuSeconds(sy.pids.user), cpuSeconds(sy.pids.proxy), process.cpuUsage()];
    const r = await runLoad({
      base,
      path: '/api/v1/orders',
      headers: sy.headers,
      concurrency,
      durationMs: 5000,
      next: order(),
    });
    const own = process.cpuUsage(cpu0[2]);
    const perOrder = (s) => ((s * 1000) / r.ok).toFixed(2);
    const { requests, totals, sample } = await probe('DELETE');
    console.log(
      `\n== ${label}: orders ${r.rps.toFixed(0)}/s p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms`,
    );
    console.log(
      `   CPU ms per order: user workerd ${perOrder(cpuSeconds(sy.pids.user) - cpu0[0])}, proxy workerd ${perOrder(cpuSeconds(sy.pids.proxy) - cpu0[1])}, load client ${perOrder((own.user + own.system) / 1e6)}`,
    );
    console.log(`   GET /health (no D1, no DO) ${health.rps.toFixed(0)}/s p50 ${health.p50.toFixed(1)} ms`);
    console.log('   per order (mean ms, calls):');
    for (const [name, t] of Object.entries(totals).sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(`   ${name.padEnd(28)} ${fmt(t.ms / requests)}  x${(t.calls / requests).toFixed(2)}`);
    }
    if (concurrency === 1)
      console.log('   one order, in order:', sample.map((s) => `${s.name} ${s.ms.toFixed(1)}`).join(' | '));
  }
} finally {
  await cleanup();
}
