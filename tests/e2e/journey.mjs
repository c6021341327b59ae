// Phone journeys through the built SPA. Uses E2E_BASE_URL (a real Worker with demo data), or starts fake-api.mjs.
// Exact figures are asserted only against the fake, whose data is known.
import { chromium, devices } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USER, startFakeApi } from './fake-api.mjs';

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
const EMAIL = process.env.E2E_EMAIL ?? DEMO_USER.email;
const PASSWORD = process.env.E2E_PASSWORD ?? DEMO_PASSWORD;

const fake = process.env.E2E_BASE_URL ? null : await startFakeApi();
const base = process.env.E2E_BASE_URL ?? fake.url;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
const context = await browser.newContext({ ...devices['Pixel 7'], baseURL: base });
context.setDefaultTimeout(5000);
const page = await context.newPage();

let passed = 0;
let failed = 0;
async function journey(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (error) {
    failed++;
    const detail = String(error?.message ?? error)
      .split('\n')
      .slice(0, 6);
    console.log(`not ok - ${name}\n  ${detail.join('\n  ')}`);
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const ordersList = page.getByRole('list', { name: 'Orders' });
const orderCards = ordersList.getByRole('link');
const tab = (name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
const chip = (name) =>
  page.getByRole('navigation', { name: 'Filter by status' }).getByRole('link', { name, exact: true });
const settled = () => page.locator('ul[aria-label="Orders"][aria-busy="false"]').waitFor();
const badges = async () =>
  (await orderCards.locator('.badge').allTextContents()).map((s) => s.trim().toLowerCase());

async function signIn(password) {
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const picked = { orderId: '', externalId: '', sku: '' };

await journey('a signed-out visit lands on sign-in and a wrong password shows the error', async () => {
  await page.goto('/orders');
  await page.waitForURL('**/sign-in?next=**');
  await signIn('not-the-password');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  if (fake)
    expect((await alert.textContent()).includes('Email or password is incorrect.'), 'the server message');
});

await journey('signs in and sees orders', async () => {
  await signIn(PASSWORD);
  await page.waitForURL('**/orders');
  await orderCards.first().waitFor();
  if (fake) {
    expect((await orderCards.count()) === 5, 'expected the first page of 5 orders');
    await page
      .getByRole('link', { name: /SY-1007/ })
      .filter({ hasText: '$72.95' })
      .waitFor();
  }
  await page.screenshot({ path: SCREENSHOT });
});

await journey('loads more orders with the next cursor', async () => {
  const more = page.getByRole('button', { name: 'Load more' });
  if (!fake && !(await more.isVisible())) return;
  const before = await orderCards.count();
  await more.click();
  await orderCards.nth(before).waitFor();
  if (fake) {
    expect((await orderCards.count()) === 7, 'expected all 7 orders');
    await more.waitFor({ state: 'detached' });
  }
});

await journey('filters by status', async () => {
  await chip('backordered').click();
  await page.waitForURL('**/orders?status=backordered');
  await settled();
  if (fake) await page.getByRole('link', { name: /SY-1006/ }).waitFor();
  expect(
    (await badges()).every((s) => s === 'backordered'),
    'only backordered orders are listed',
  );
  await chip('All').click();
  await page.waitForURL((url) => !url.search);
  await orderCards.first().waitFor();
});

await journey('searches by order number and customer', async () => {
  const search = page.getByRole('searchbox', { name: 'Search orders' });
  const first = (await orderCards.first().locator('strong').first().textContent()).trim();
  await search.fill(first);
  await page.waitForURL(`**/orders?q=${encodeURIComponent(first)}`);
  await settled();
  const texts = await orderCards.allTextContents();
  expect(texts.length > 0 && texts.every((t) => t.includes(first)), `every result mentions ${first}`);
  if (fake) {
    await search.fill('hopper');
    await page.waitForURL('**/orders?q=hopper');
    await settled();
    expect((await orderCards.count()) === 1, 'one order for Grace Hopper');
  }
  await search.fill('');
  await page.waitForURL((url) => !url.search);
});

await journey('opens an order and sees its lines and routing explanation', async () => {
  await chip('allocated').click();
  await page.waitForURL('**/orders?status=allocated');
  await settled();
  await (fake ? page.getByRole('link', { name: /SY-1007/ }) : orderCards.first()).click();
  await page.waitForURL('**/orders/*');
  picked.orderId = new URL(page.url()).pathname.split('/').pop();
  const lines = page.getByRole('list', { name: 'Lines' });
  await lines.getByRole('listitem').first().waitFor();
  picked.sku = (await lines.getByRole('listitem').first().locator('strong').textContent()).trim();
  picked.externalId = (await page.getByRole('heading', { level: 1 }).textContent()).trim();
  await page.getByTestId('routing').waitFor();
  if (fake) {
    await lines.getByText('2 from WH-EAST').waitFor();
    await page.getByTestId('routing').filter({ hasText: 'Split across WH-EAST and WH-WEST' }).waitFor();
    await page.getByText('$72.95').waitFor();
  }
});

await journey('cancels an order after confirming', async () => {
  await page.getByRole('button', { name: 'Cancel order' }).click();
  const dialog = page.getByRole('dialog', { name: `Cancel ${picked.externalId}?` });
  await dialog.getByRole('button', { name: 'Keep order' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const events = await page.locator('.timeline li').count();
  await page.getByRole('button', { name: 'Cancel order' }).click();
  await dialog.getByRole('button', { name: 'Cancel order' }).click();
  await page.locator('.summary .badge').filter({ hasText: 'cancelled' }).waitFor();
  expect((await page.locator('.timeline li').count()) > events, 'the timeline records the cancellation');
  expect((await page.getByRole('button', { name: 'Cancel order' }).count()) === 0, 'cancel button is gone');
  await page.getByRole('link', { name: 'Back' }).click();
  await chip('All').click();
  await page
    .getByRole('link', { name: new RegExp(picked.externalId) })
    .filter({ hasText: 'cancelled' })
    .waitFor();
});

await journey('looks up stock for a SKU', async () => {
  await tab('Stock').click();
  await page.getByRole('textbox', { name: 'SKU' }).fill(picked.sku);
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByRole('table').getByRole('row').nth(1).waitFor();
  if (fake) {
    const cells = await page
      .getByRole('row', { name: /WH-EAST/ })
      .getByRole('cell')
      .allTextContents();
    expect(cells.join(' ') === '40 1 39', 'WH-EAST: 40 on hand, 1 reserved after the cancel, 39 available');
  }
  await page.getByRole('textbox', { name: 'SKU' }).fill('NOPE-404');
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByRole('alert').waitFor();
});

await journey('reloads offline into the cached shell with the offline banner', async () => {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10_000 });
  await page.goto('/orders');
  await orderCards.first().waitFor();
  const hitsBefore = fake?.stats.hits;
  await context.setOffline(true);
  await page.reload();
  await page.getByTestId('offline-banner').waitFor();
  await tab('Orders').waitFor();
  await page.getByRole('alert').filter({ hasText: 'offline' }).waitFor();
  expect(!fake || fake.stats.hits === hitsBefore, 'the server saw no requests while offline');
  await context.setOffline(false);
  await page.getByTestId('offline-banner').waitFor({ state: 'detached' });
});

await journey('signs out and returns to sign-in', async () => {
  await tab('More').click();
  await page.getByText(EMAIL).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in' && !url.search);
  await page.goto(`/orders/${picked.orderId}`);
  await page.waitForURL(`**/sign-in?next=%2Forders%2F${picked.orderId}`);
});

await journey('signing in again returns to the deep link that needed it', async () => {
  await signIn(PASSWORD);
  await page.waitForURL(`**/orders/${picked.orderId}`);
  await page.getByRole('list', { name: 'Lines' }).waitFor();
});

await browser.close();
await fake?.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
