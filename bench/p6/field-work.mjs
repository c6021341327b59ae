// P6, the phone app at work against the seeded Worker:
//   (c) offline start: after a first visit (service worker installed), offline, reload until the app shell is
//       up (the tab bar, which the app renders once it has started and knows who is signed in);
//   (d) scan to pick recorded on the Pick screen: from the scan event until the server's answer is stored on
//       the phone (online), or until the pick is stored in the IndexedDB outbox (offline).
import { median, PIXEL_7, sessionCookie } from '../p5/phone.mjs';

export const OFFLINE_START_BUDGET_MS = 500;
const PERSON = 'staff@example.com';
const LOCATION = 'NJ-WH';
const MUG = { sku: 'MUG-BLK-12', ean13: '5901234123457' };

/** API calls as the demo owner, for setting up and checking what the phone did. */
async function ownerApi(base) {
  const cookie = await sessionCookie(base, 'owner@example.com');
  return async (method, path, body) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        cookie: `${cookie.name}=${cookie.value}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
}

/** A signed-in phone that has opened `path` once and has its service worker (and the precached shell) in control. */
async function installedPhone(browser, base, path) {
  const context = await browser.newContext({ ...PIXEL_7, baseURL: base });
  await context.addCookies([await sessionCookie(base, PERSON)]);
  await context.addInitScript(() => {
    window.__shellAt = null;
    const shellUp = () => {
      if (!document.querySelector('nav[aria-label="Main"]')) return;
      window.__shellAt = performance.now();
      observer.disconnect();
    };
    const observer = new MutationObserver(shellUp);
    observer.observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  await page.goto(path);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  return { context, page };
}

/** (c) `runs` offline reloads of /orders; each: ms from navigation start to the shell. */
async function offlineStart(browser, base, runs) {
  const { context, page } = await installedPhone(browser, base, '/orders');
  // while offline nothing may reach the server: every answer must come from the service worker's cache
  const fromNetwork = [];
  try {
    await context.setOffline(true);
    context.on('requestfinished', async (req) => {
      const res = await req.response();
      if (res && !res.fromServiceWorker()) fromNetwork.push(req.url());
    });
    const times = [];
    for (let i = 0; i < runs; i++) {
      const doc = await page.reload();
      await page.waitForFunction(() => window.__shellAt !== null);
      const { shellAt, online } = await page.evaluate(() => ({
        shellAt: window.__shellAt,
        online: navigator.onLine,
      }));
      if (online || !doc?.fromServiceWorker())
        throw new Error(
          `the reload was not offline (onLine ${online}, from the service worker ${doc?.fromServiceWorker()})`,
        );
      times.push(shellAt);
    }
    if (fromNetwork.length) throw new Error(`offline reloads fetched ${fromNetwork.join(', ')}`);
    return times;
  } finally {
    await context.close();
  }
}

/**
 * Types the code into the Pick screen's scan box (the camera hands its reads to the same handler) and polls
 * IndexedDB every 2 ms until `until`: the list as the server answered it has `want` picked of `sku`
 * ('server'), or the outbox holds `want` picks ('outbox'). Answers the ms from the scan event.
 */
const scanAndWait = (page, args) =>
  page.evaluate(async ({ code, listId, sku, want, until }) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('switchyard');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const read = (store, op) =>
      new Promise((resolve, reject) => {
        const req = op(db.transaction(store).objectStore(store));
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const reached =
      until === 'server'
        ? async () =>
            ((await read('pick_lists', (s) => s.get(listId)))?.lines.find((l) => l.sku === sku)?.picked ??
              0) >= want
        : async () => (await read('outbox', (s) => s.count())) >= want;
    const input = document.querySelector('input[name="code"]');
    input.value = code;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const scannedAt = performance.now();
    input.form.requestSubmit();
    while (!(await reached())) {
      if (performance.now() - scannedAt > 10_000) throw new Error(`no ${until} record of pick ${want}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    const ms = performance.now() - scannedAt;
    db.close();
    return ms;
  }, args);

/** (d) One warm-up pick, then `runs` picks online and `runs` offline of one pick list; the server checks the total. */
async function scanToPick(browser, base, runs) {
  const owner = await ownerApi(base);
  const units = 1 + 2 * runs;
  const order = await owner('POST', '/orders', {
    channel: 'web',
    external_id: `BENCH-P6-${Date.now()}`,
    currency: 'USD',
    lines: [{ sku: MUG.sku, quantity: units, unit_price: 1800 }],
    ship_to: { name: 'Pat Picker', city: 'Newark', region: 'NJ', country: 'US', lat: 40.7357, lng: -74.1724 },
  });
  const where = order.body?.lines?.[0]?.allocations?.map((a) => a.location);
  if (order.status !== 201 || String(where) !== LOCATION)
    throw new Error(`P6 order: ${order.status}, allocated at ${where}`);

  const { context, page } = await installedPhone(browser, base, '/pick');
  try {
    await page.getByLabel('Location').selectOption(LOCATION);
    await page.getByRole('button', { name: 'Start picking' }).click();
    await page.getByRole('list', { name: 'Pick list' }).getByRole('listitem').first().waitFor();
    const listId = await page.evaluate(() => localStorage.getItem('switchyard.pick.list'));
    const scan = (want, until) => scanAndWait(page, { code: MUG.ean13, listId, sku: MUG.sku, want, until });

    await scan(1, 'server');
    const online = [];
    for (let i = 0; i < runs; i++) online.push(await scan(2 + i, 'server'));
    await context.setOffline(true);
    const offline = [];
    for (let i = 0; i < runs; i++) offline.push(await scan(1 + i, 'outbox'));
    await context.setOffline(false);

    // back online the outbox drains: every pick, timed or not, must be on the server exactly once
    let picked = 0;
    for (const deadline = Date.now() + 15_000; picked !== units && Date.now() < deadline; ) {
      await page.waitForTimeout(200);
      const list = await owner('GET', `/pick-lists/${listId}`);
      picked = list.body?.lines?.find((l) => l.sku === MUG.sku)?.picked ?? 0;
    }
    if (picked !== units) throw new Error(`the server has ${picked} of the ${units} picks`);
    return { online, offline };
  } finally {
    await context.close();
  }
}

/** P6: (c) and (d), `runs` times each; medians and each run. */
export async function p6(browser, base, { runs = 5 } = {}) {
  const starts = await offlineStart(browser, base, runs);
  const picks = await scanToPick(browser, base, runs);
  return {
    offlineStart: { median: median(starts), runs: starts },
    scanOnline: { median: median(picks.online), runs: picks.online },
    scanOffline: { median: median(picks.offline), runs: picks.offline },
  };
}
