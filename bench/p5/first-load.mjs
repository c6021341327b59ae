// P5, the phone app's first load against the seeded Worker:
//   (a) the JavaScript a person downloads to sign in and see the orders list, gzip-compressed, and
//       whether the barcode scanner's chunk stayed out of it (it should load only on a scan screen);
//   (b) cold-load LCP of the orders list on Lighthouse's Slow 4G phone with a 4x slower CPU.
import { gzipSync } from 'node:zlib';
import { CPU_SLOWDOWN, median, PIXEL_7, SLOW_4G, sessionCookie, signInOnScreen } from './phone.mjs';

export const FIRST_LOAD_BUDGET_BYTES = 100_000;
export const LCP_BUDGET_MS = 2500;
const PERSON = 'staff@example.com';
// html5-qrcode's own chunk names its package in messages and element ids; the app's code never does
const isScannerChunk = (body) => body.includes('html5-qrcode');

/** The orders list shows the seeded orders. */
const ordersShown = (page) =>
  page.getByRole('list', { name: 'Orders' }).getByRole('listitem').first().waitFor();

/** (a) Every same-origin script the page fetched from opening the app to the orders list, gzipped (level 6). */
export async function firstLoadJs(browser, base) {
  // the service worker would precache every chunk in the background; only what the page needs counts
  const context = await browser.newContext({ ...PIXEL_7, baseURL: base, serviceWorkers: 'block' });
  const page = await context.newPage();
  const bodies = [];
  const onResponse = (res) => {
    const url = new URL(res.url());
    if (url.origin === new URL(base).origin && url.pathname.endsWith('.js'))
      bodies.push(res.body().then((body) => ({ path: url.pathname, body })));
  };
  page.on('response', onResponse);
  try {
    await page.goto('/');
    await page.waitForURL('**/sign-in**');
    await signInOnScreen(page, PERSON);
    await page.waitForURL('**/orders');
    await ordersShown(page);
    await page.waitForLoadState('networkidle');
    // a script fetched after this is not part of the first load, and closing would cut its body off mid-read
    page.off('response', onResponse);
    const files = await Promise.all(bodies);
    const gzipBytes = files.reduce((sum, f) => sum + gzipSync(f.body, { level: 6 }).length, 0);
    const rawBytes = files.reduce((sum, f) => sum + f.body.length, 0);
    const scanner = files.filter((f) => isScannerChunk(f.body.toString())).map((f) => f.path);
    return { files: files.length, gzipBytes, rawBytes, scanner };
  } finally {
    await context.close();
  }
}

/**
 * (b) One cold load of /orders for a signed-in person: empty cache, no service worker yet, Slow 4G, CPU / 4.
 * Answers LCP as the browser reports it and what its element was, when the order list was first painted
 * (Element Timing on the first order, marked as it enters the DOM, before it can paint) and when it entered
 * the DOM, all in ms from navigation start. The measure is the later of LCP and the list's paint: a bigger
 * element painted earlier (a placeholder, the search box's hint) cannot stand in for the orders.
 */
async function coldLcp(browser, base, cookie) {
  const context = await browser.newContext({ ...PIXEL_7, baseURL: base });
  await context.addCookies([cookie]);
  await context.addInitScript(() => {
    window.__lcp = null;
    window.__listedAt = null;
    window.__listPaintedAt = null;
    // the element may be gone by the time the page's main thread delivers the entry
    const describe = (el) =>
      el
        ? `${el.closest('ul[aria-label="Orders"]') ? 'the order list: ' : ''}<${el.localName}> ${el.textContent.trim().slice(0, 40)}`
        : 'an element no longer in the page, or in a shadow tree (such as an input placeholder)';
    new PerformanceObserver((list) => {
      const entry = list.getEntries().at(-1);
      window.__lcp = { at: entry.startTime, element: describe(entry.element) };
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        if (entry.identifier === 'first-order') window.__listPaintedAt ??= entry.renderTime;
    }).observe({ type: 'element', buffered: true });
    const listed = new MutationObserver(() => {
      const first = document.querySelector('ul[aria-label="Orders"] > li');
      if (!first) return;
      window.__listedAt = performance.now();
      // a mutation observer runs before the next frame, so the first order is marked before it paints
      for (const el of [first, ...first.querySelectorAll('*')])
        el.setAttribute('elementtiming', 'first-order');
      listed.disconnect();
    });
    listed.observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.goto('/orders');
    await ordersShown(page);
    // LCP and element timing are reported after the frame that painted them
    await page.waitForTimeout(500);
    const { lcp, listedAt, listPaintedAt } = await page.evaluate(() => ({
      lcp: window.__lcp,
      listedAt: window.__listedAt,
      listPaintedAt: window.__listPaintedAt,
    }));
    if (!lcp) throw new Error('no largest-contentful-paint entry');
    if (!listPaintedAt) throw new Error('no element timing entry for the first order');
    if (!page.url().endsWith('/orders')) throw new Error(`the cold load ended on ${page.url()}`);
    return {
      measure: Math.max(lcp.at, listPaintedAt),
      lcp: lcp.at,
      lcpElement: lcp.element,
      listPaintedAt,
      listedAt,
    };
  } finally {
    await context.close();
  }
}

/** P5: (a) once (one build always fetches the same files), (b) `runs` times; medians and each run. */
export async function p5(browser, base, { runs = 5 } = {}) {
  const firstLoad = await firstLoadJs(browser, base);
  const cookie = await sessionCookie(base, PERSON);
  const loads = [];
  for (let i = 0; i < runs; i++) loads.push(await coldLcp(browser, base, cookie));
  const ms = loads.map((l) => l.measure);
  const medianOf = (key) => median(loads.map((l) => l[key]));
  return {
    firstLoad,
    lcp: {
      median: median(ms),
      runs: ms,
      browserLcp: medianOf('lcp'),
      listPaintedAt: medianOf('listPaintedAt'),
      listedAt: medianOf('listedAt'),
      elements: [...new Set(loads.map((l) => l.lcpElement))],
    },
  };
}
