// Phone journeys through the built SPA against the real Worker (`wrangler dev`) with the demo seed of
// scripts/seed-demo.mjs in a fresh state directory, so every figure below is known exactly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, devices } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/demo-users.mjs';
import { freePort, startLocalWorker } from '../../scripts/local-worker.mjs';
import { approvalsJourneys } from './approvals-journey.mjs';
import { dashboardJourneys } from './dashboard-journey.mjs';
import { importsJourneys } from './imports-journey.mjs';
import { packJourneys } from './pack-journey.mjs';
import { pickJourneys } from './pick-journey.mjs';
import { returnReceiveJourneys } from './return-receive-journey.mjs';
import { scanJourneys } from './scan-journey.mjs';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = process.env.E2E_SCREENSHOT ?? '/tmp/orders.png';
const OWNER = 'owner@example.com';
const STAFF = 'staff@example.com';

// The seed, newest first, as an order card reads: number | total | customer | channel | status.
const EBAY = '12-34567-89012 | $15.00 | Katherine Johnson | ebay | on hold';
const POS = 'BK-0001 | $32.00 | Walk-in | pos | allocated';
const ETSY = '3099123456 | $66.00 | Alan Turing | etsy | backordered';
const AMAZON = '113-4455667-1234567 | $42.00 | Grace Hopper | amazon | allocated';
const SHOPIFY = '#1001 | $48.00 | Ada Lovelace | shopify | allocated';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
let worker;
let browser;
let cleaning;
const cleanUp = () =>
  (cleaning ??= (async () => {
    await browser?.close().catch(() => {});
    await worker?.stop();
    rmSync(dir, { recursive: true, force: true });
  })());
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    interrupted = true;
    console.log(`# ${signal}: stopping the Worker`);
    cleanUp().finally(() => process.exit(130));
  });
}

let passed = 0;
let failed = 0;
try {
  const started = Date.now();
  const [w, b] = await Promise.allSettled([
    startLocalWorker({ port: await freePort(), persistTo: dir }),
    chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS }),
  ]);
  [worker, browser] = [w.value, b.value];
  for (const r of [w, b]) if (r.status === 'rejected') throw r.reason;
  console.log(`# Worker with demo data at ${worker.url} in ${seconds(started)}`);
  await journeys(browser, worker.url);
  if (!interrupted) await pickJourneys({ base: worker.url, args: ARGS, journey });
  if (!interrupted) await packJourneys({ browser, base: worker.url, journey });
  if (!interrupted) await scanJourneys({ base: worker.url, args: ARGS, journey });
  if (!interrupted) await returnReceiveJourneys({ browser, base: worker.url, journey });
  if (!interrupted) await approvalsJourneys({ browser, base: worker.url, journey });
  if (!interrupted) await dashboardJourneys({ browser, base: worker.url, journey });
  if (!interrupted) await importsJourneys({ browser, base: worker.url, journey });
} catch (error) {
  failed++;
  if (!interrupted) console.log(`not ok - setup\n  ${String(error?.stack ?? error)}`);
} finally {
  await cleanUp();
}
if (!interrupted) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

async function journeys(browser, base) {
  const context = await browser.newContext({ ...devices['Pixel 7'], baseURL: base });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();

  /** Polls `read` until it gives `expected`; what the page showed last is in the error. */
  async function see(read, expected, what) {
    const want = JSON.stringify(expected);
    let got;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      got = JSON.stringify(await read());
      if (got === want) return;
      await page.waitForTimeout(100);
    }
    throw new Error(`${what}\n  expected ${want}\n  saw      ${got}`);
  }

  const ordersList = page.getByRole('list', { name: 'Orders' });
  const orderCards = ordersList.getByRole('link');
  const tab = (name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
  const chip = (name) =>
    page.getByRole('navigation', { name: 'Filter by status' }).getByRole('link', { name, exact: true });
  const search = page.getByRole('searchbox', { name: 'Search orders' });
  const loadMore = page.getByRole('button', { name: 'Load more' });
  const cancelButton = page.getByRole('button', { name: 'Cancel order' });
  // "a | b | c" per card, row or line; textContent, so the CSS capitalisation does not count
  const rowsOf = (locator, selector) =>
    locator.evaluateAll(
      (els, sel) =>
        els.map((el) =>
          [...el.querySelectorAll(sel)]
            .map((c) => c.textContent.replace(/\s+/g, ' ').trim())
            .filter(Boolean)
            .join(' | '),
        ),
      selector,
    );
  const listed = async () =>
    (await ordersList.getAttribute('aria-busy')) === 'false'
      ? rowsOf(orderCards, '.row > :not(small)')
      : 'loading';
  const lines = () =>
    rowsOf(
      page.getByRole('list', { name: 'Lines' }).getByRole('listitem'),
      '.row > *, :scope > div:not(.row)',
    );
  const text = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ').trim();
  const summary = () => text(page.locator('.summary'));
  const stockRows = () => rowsOf(page.getByRole('table').locator('tbody tr'), 'th, td');
  const orderIds = {};

  async function signIn(email, password) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function lookUp(sku) {
    await page.getByRole('textbox', { name: 'SKU' }).fill(sku);
    await page.getByRole('button', { name: 'Look up' }).click();
  }

  async function searchFor(text) {
    await search.fill(text);
    await page.waitForURL((url) => url.searchParams.get('q') === text);
  }

  await journey('a signed-out visit lands on sign-in and a wrong password shows the error', async () => {
    await page.goto('/orders');
    await page.waitForURL('**/sign-in?next=%2Forders');
    await signIn(OWNER, 'not-the-password');
    await see(() => page.getByRole('alert').textContent(), 'The email or password is wrong', 'sign-in error');
  });

  await journey('the owner signs in and sees the 5 seeded orders with channels and statuses', async () => {
    await signIn(OWNER, DEMO_PASSWORD);
    await page.waitForURL('**/orders');
    await see(listed, [EBAY, POS, ETSY, AMAZON, SHOPIFY], 'the orders list');
    expect((await loadMore.count()) === 0, 'no Load more with 5 orders');
    for (const [external, href] of await orderCards.evaluateAll((cards) =>
      cards.map((a) => [a.querySelector('strong').textContent.trim(), a.getAttribute('href')]),
    )) {
      orderIds[external] = href.split('/').pop();
    }
    await page.screenshot({ path: SCREENSHOT });
  });

  await journey('filters by status', async () => {
    for (const [status, expected] of [
      ['backordered', [ETSY]],
      ['on hold', [EBAY]],
      ['allocated', [POS, AMAZON, SHOPIFY]],
      ['cancelled', []],
    ]) {
      await chip(status).click();
      await page.waitForURL(`**/orders?status=${status.replace(' ', '_')}`);
      await see(listed, expected, `orders that are ${status}`);
    }
    await page.getByText('No orders match.').waitFor();
    await chip('All').click();
    await page.waitForURL((url) => !url.search);
    await see(listed, [EBAY, POS, ETSY, AMAZON, SHOPIFY], 'all orders again');
  });

  await journey('searches by order number and by customer', async () => {
    await searchFor('113-4455667');
    await see(listed, [AMAZON], 'search by order number');
    await searchFor('#1001');
    await see(listed, [SHOPIFY], 'search by order number with #');
    await searchFor('hopper');
    await see(listed, [AMAZON], 'search by customer, any case');
    await searchFor('turing');
    await see(listed, [ETSY], 'search by customer');
    await searchFor('nobody-like-this');
    await see(listed, [], 'search with no match');
    await search.fill('');
    await page.waitForURL((url) => !url.search);
    await see(listed, [EBAY, POS, ETSY, AMAZON, SHOPIFY], 'all orders after clearing the search');
  });

  await journey(
    'opens the Amazon order: both lines, their locations and the routing explanation',
    async () => {
      await page.getByRole('link', { name: /113-4455667-1234567/ }).click();
      await page.waitForURL(`**/orders/${orderIds['113-4455667-1234567']}`);
      await see(
        () => page.getByRole('heading', { level: 1 }).textContent(),
        '113-4455667-1234567',
        'heading',
      );
      await see(
        lines,
        ['MUG-BLK-12 | 1 × $18.00 | 1 from LA-3PL', 'TOTE-NAT | 1 × $24.00 | 1 from LA-3PL'],
        'the lines and where they ship from',
      );
      await see(
        () => page.getByTestId('routing').textContent(),
        'Ships from Los Angeles 3PL: nearest with stock',
        'the routing explanation',
      );
      await see(summary, 'allocated amazon', 'status and channel');
      await see(() => page.locator('dd.total').textContent(), '$42.00', 'the total');
    },
  );

  await journey('looks up TOTE-NAT stock per location', async () => {
    await tab('Stock').click();
    await lookUp('TOTE-NAT');
    await see(
      stockRows,
      ['BK-STORE | 12 | 2 | 10', 'LA-3PL | 40 | 1 | 39', 'NJ-WH | 120 | 0 | 120'],
      'TOTE-NAT on hand | reserved | available',
    );
  });

  await journey('cancels the Amazon order after confirming, and its stock is released', async () => {
    await tab('Orders').click();
    await page.getByRole('link', { name: /113-4455667-1234567/ }).click();
    await cancelButton.click();
    const dialog = page.getByRole('dialog', { name: 'Cancel 113-4455667-1234567?' });
    await dialog.getByRole('button', { name: 'Keep order' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await see(summary, 'allocated amazon', 'kept the order');
    await cancelButton.click();
    await dialog.getByRole('button', { name: 'Cancel order' }).click();
    await see(summary, 'cancelled amazon', 'status after cancel');
    await see(
      () => rowsOf(page.locator('.timeline li'), 'span'),
      [
        'Captured from amazon as 113-4455667-1234567',
        'Ships from Los Angeles 3PL: nearest with stock',
        'Cancelled',
      ],
      'the timeline',
    );
    await see(lines, ['MUG-BLK-12 | 1 × $18.00', 'TOTE-NAT | 1 × $24.00'], 'lines hold no stock now');
    expect((await cancelButton.count()) === 0, 'the Cancel button is gone');
    await page.getByRole('link', { name: 'Back' }).click();
    await see(
      listed,
      [EBAY, POS, ETSY, AMAZON.replace('allocated', 'cancelled'), SHOPIFY],
      'the list shows it cancelled',
    );
    await tab('Stock').click();
    await lookUp('TOTE-NAT');
    await see(
      stockRows,
      ['BK-STORE | 12 | 2 | 10', 'LA-3PL | 40 | 0 | 40', 'NJ-WH | 120 | 0 | 120'],
      'TOTE-NAT reserved at LA-3PL drops from 1 to 0',
    );
    await lookUp('MUG-BLK-12');
    await see(stockRows, ['LA-3PL | 25 | 0 | 25', 'NJ-WH | 60 | 0 | 60'], 'MUG-BLK-12 released too');
  });

  await journey('an unknown SKU shows the error', async () => {
    await lookUp('NOPE-404');
    await see(() => page.getByRole('alert').textContent(), 'No SKU NOPE-404', 'the lookup error');
    expect((await page.getByRole('table').count()) === 0, 'no stock table');
  });

  await journey('loads more orders with the next cursor', async () => {
    // 50 more orders through the API as the signed-in owner: 55 in all, one page is 50
    const created = [];
    for (let n = 1; n <= 50; n += 10) {
      const batch = Array.from({ length: 10 }, (_, i) =>
        page.request.post('/api/v1/orders', {
          data: {
            channel: 'web',
            external_id: `W-${String(n + i).padStart(3, '0')}`,
            currency: 'USD',
            lines: [{ sku: 'E2E-UNLISTED', quantity: 1, unit_price: 100 }],
            ship_to: { name: 'Load More', country: 'US' },
          },
        }),
      );
      created.push(...(await Promise.all(batch)).map((r) => r.status()));
    }
    expect(
      created.every((s) => s === 201),
      `created 50 orders, got ${[...new Set(created)]}`,
    );
    await tab('Orders').click();
    await page.waitForURL('**/orders');
    await see(async () => (await listed()).length, 50, 'the first page');
    await loadMore.click();
    await see(async () => (await listed()).length, 55, 'both pages');
    const all = await listed();
    expect(new Set(all).size === 55, 'no order listed twice');
    await see(
      async () => (await listed()).slice(-5),
      [EBAY, POS, ETSY, AMAZON.replace('allocated', 'cancelled'), SHOPIFY],
      'the oldest orders come last',
    );
    await loadMore.waitFor({ state: 'detached' });
  });

  await journey('reloads offline into the cached shell with the offline banner', async () => {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10_000 });
    await context.setOffline(true);
    await page.reload();
    await see(
      () => page.getByTestId('offline-banner').textContent(),
      "You're offline. Showing what this phone already has.",
      'the offline banner',
    );
    await see(() => page.getByRole('heading', { level: 1 }).textContent(), 'Orders', 'the shell');
    await see(
      () => page.getByRole('alert').locator('p').textContent(),
      'You are offline. Check your connection and try again.',
      'the orders error',
    );
    await context.setOffline(false);
    await page.getByTestId('offline-banner').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Try again' }).click();
    await see(async () => (await listed()).length, 50, 'orders back online');
  });

  await journey('signs out, and a deep link then asks to sign in', async () => {
    await tab('More').click();
    await see(
      () => rowsOf(page.locator('.user'), 'strong, span'),
      ['Olivia Owner | owner@example.com | owner'],
      'who is signed in',
    );
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in' && !url.search);
    await page.goto(`/orders/${orderIds['#1001']}`);
    await page.waitForURL(`**/sign-in?next=%2Forders%2F${orderIds['#1001']}`);
  });

  await journey('staff signs in to the deep link, sees orders but no Cancel button', async () => {
    await signIn(STAFF, DEMO_PASSWORD);
    await page.waitForURL(`**/orders/${orderIds['#1001']}`);
    await see(lines, ['TOTE-NAT | 2 × $24.00 | 2 from BK-STORE'], 'the #1001 line');
    await see(summary, 'allocated shopify', 'a cancellable order');
    await see(() => page.locator('.timeline li').count(), 2, 'the page is fully shown');
    expect((await cancelButton.count()) === 0, 'staff sees no Cancel order button');
    const refused = await page.request.post(`/api/v1/orders/${orderIds['#1001']}/cancel`);
    expect(refused.status() === 403, `the API refuses a staff cancel (got ${refused.status()})`);
    await tab('Orders').click();
    await chip('allocated').click();
    await see(listed, [POS, SHOPIFY], 'staff sees the allocated orders');
    await tab('More').click();
    await see(
      () => rowsOf(page.locator('.user'), 'strong, span'),
      ['Sam Staff | staff@example.com | staff'],
      'who is signed in',
    );
  });

  await journey(
    'on a network that hangs, the orders screen shows itself, says so, then lists the orders',
    async () => {
      // staff is signed in: the first request for orders after a cold start takes 6 s
      await page.route(
        (url) => url.pathname === '/api/v1/orders',
        (route) => setTimeout(() => route.continue(), 6_000),
        {
          times: 1,
        },
      );
      const started = Date.now();
      await page.goto('/orders');
      await page.getByText('The network is slow').waitFor({ timeout: 5_500 });
      const shownAfter = Date.now() - started;
      expect(shownAfter < 5_500, `the screen showed before the orders came (${shownAfter} ms)`);
      expect((await tab('Orders').count()) === 1, 'the tab bar is there while the orders are on their way');
      await see(
        async () => ((await listed())[0] ?? '').startsWith('W-050 |'),
        true,
        'the late orders listed, newest first (the load-more journey added W-001 to W-050)',
      );
      expect((await page.getByText('The network is slow').count()) === 0, 'the slow-network note is gone');
    },
  );

  await context.close();
}

async function journey(name, fn) {
  if (interrupted) return;
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok - ${name} (${seconds(started)})`);
  } catch (error) {
    if (interrupted) return;
    failed++;
    const detail = String(error?.message ?? error)
      .split('\n')
      .slice(0, 8);
    console.log(`not ok - ${name}\n  ${detail.join('\n  ')}`);
  }
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}
