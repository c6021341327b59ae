// The phone step of `npm run bench` (P5 and P6): the built app served by Switchyard under `wrangler dev`
// (its own snapshot, ports and state, as the other steps) with the demo data, driven by Debian's Chromium.
import { join } from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS } from '../../scripts/demo-users.mjs';
import { seedDemo } from '../../scripts/seed-demo.mjs';
import { runOrThrow, stopTracked } from '../lib/procs.mjs';
import { startSwitchyard } from '../lib/switchyard.mjs';
import { OFFLINE_START_BUDGET_MS, p6 } from '../p6/field-work.mjs';
import { FIRST_LOAD_BUDGET_BYTES, LCP_BUDGET_MS, p5 } from './first-load.mjs';
import { launchPhoneBrowser } from './phone.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const RUNS = 5;

const ms = (n) => `${Math.round(n)} ms`;
const list = (runs) => runs.map((n) => Math.round(n)).join(', ');
const verdict = (value, budget) => (value < budget ? 'pass' : 'FAIL');

/**
 * Runs P5 and/or P6 (`steps`, a Set) and answers table rows, JSON fields and notes. Builds the app first when
 * its sources changed (not for BENCH_SOURCE, whose own web/build is served).
 */
export async function phoneBench({ tmp, source, steps, log }) {
  if (!source) runOrThrow('sh', [join(ROOT, 'scripts/build-web.sh'), '--if-needed'], { cwd: ROOT });
  log('P5/P6: starting Switchyard with the demo data (wrangler dev)');
  const sy = await startSwitchyard(join(tmp, 'phone'), source ? { source } : {});
  const browser = await launchPhoneBrowser();
  try {
    const owner = DEMO_USERS.find((u) => u.role === 'owner');
    await seedDemo(sy.direct, owner.email, DEMO_PASSWORD);
    const rows = [];
    const json = {};
    let lcpElements = [];
    if (steps.has('p5')) {
      log('P5: first-load JavaScript and cold-load LCP (Slow 4G, CPU / 4)');
      const r = await p5(browser, sy.direct, { runs: RUNS });
      const kb = r.firstLoad.gzipBytes / 1000;
      const scannerFree = r.firstLoad.scanner.length === 0;
      rows.push(
        [
          'P5',
          'first-load JS before any scan screen (sign-in + orders), gzip',
          `${kb.toFixed(1)} kB`,
          `${r.firstLoad.files} files, ${(r.firstLoad.rawBytes / 1000).toFixed(0)} kB raw${scannerFree ? '' : `; scanner chunk loaded: ${r.firstLoad.scanner}`}`,
          '< 100 kB, no scanner chunk',
          scannerFree ? verdict(r.firstLoad.gzipBytes, FIRST_LOAD_BUDGET_BYTES) : 'FAIL',
        ],
        [
          'P5',
          'cold-load LCP of /orders (not before the order list painted), Slow 4G + CPU / 4',
          ms(r.lcp.median),
          `${list(r.lcp.runs)}; LCP ${ms(r.lcp.browserLcp)}, list painted ${ms(r.lcp.listPaintedAt)}, in the DOM ${ms(r.lcp.listedAt)}`,
          '< 2500 ms',
          verdict(r.lcp.median, LCP_BUDGET_MS),
        ],
      );
      Object.assign(json, {
        p5_first_load_js_gzip_kb: Math.round(kb * 10) / 10,
        p5_scanner_chunk_in_first_load: !scannerFree,
        p5_lcp_ms: Math.round(r.lcp.median),
        p5_browser_lcp_ms: Math.round(r.lcp.browserLcp),
        p5_orders_painted_ms: Math.round(r.lcp.listPaintedAt),
        p5_orders_listed_ms: Math.round(r.lcp.listedAt),
      });
      lcpElements = r.lcp.elements;
    }
    if (steps.has('p6')) {
      log('P6: offline start and scan to pick recorded');
      const r = await p6(browser, sy.direct, { runs: RUNS });
      rows.push(
        [
          'P6',
          'offline start: reload offline to the app shell (tab bar)',
          ms(r.offlineStart.median),
          list(r.offlineStart.runs),
          '< 500 ms',
          verdict(r.offlineStart.median, OFFLINE_START_BUDGET_MS),
        ],
        [
          'P6',
          "scan to pick recorded, online (the server's answer stored)",
          ms(r.scanOnline.median),
          list(r.scanOnline.runs),
          'none set',
          '-',
        ],
        [
          'P6',
          'scan to pick recorded, offline (stored in the IndexedDB outbox)',
          ms(r.scanOffline.median),
          list(r.scanOffline.runs),
          'none set',
          '-',
        ],
      );
      Object.assign(json, {
        p6_offline_start_ms: Math.round(r.offlineStart.median),
        p6_scan_to_pick_online_ms: Math.round(r.scanOnline.median),
        p6_scan_to_pick_offline_ms: Math.round(r.scanOffline.median),
      });
    }
    const notes = [
      `P5/P6: Chromium ${browser.version()} emulating a Pixel 7, against the user worker's port (${sy.direct}); median of ${RUNS} runs (first-load JS: one run; one build always fetches the same files).`,
      'P5 LCP: a signed-in person, empty cache and no service worker; Slow 4G as Lighthouse defines it (150 ms RTT, 1.6 Mbps down, 750 kbps up) by DevTools emulation, CPU throttled 4x.',
      "P5 LCP counts from navigation start to the later of the browser's LCP and the first paint of the order list (Element Timing on the first order), so a bigger element painted earlier does not stand in for the orders.",
      ...(lcpElements.length ? [`P5 LCP element: ${lcpElements.join('; ')}.`] : []),
      'P6: no throttling. Offline start: the service worker installed by a first visit answers the reload. Scan: the code goes through the scan box to the Pick screen, the same handler the camera calls.',
    ];
    return { rows, json, notes };
  } finally {
    await browser.close().catch(() => {});
    await stopTracked(sy.dev);
  }
}
