// The picker's journey on a phone with a (fake) camera: the browser's camera shows the EAN-13 of
// MUG-BLK-12, drawn by scripts/make-camera-frames.mjs. The test makes its own order near Newark, so the pick
// list at NJ-WH holds exactly its shipment; the demo orders ship from BK-STORE and LA-3PL.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, devices } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/demo-users.mjs';
import { writeBarcodeVideo } from '../../scripts/make-camera-frames.mjs';
import { apiAs, expect, seer } from './helpers.mjs';

const HERE = import.meta.dirname;
const FRAMES = join(HERE, '.frames');
const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? join(HERE, '.screenshots');
const MUG = { sku: 'MUG-BLK-12', ean13: '5901234123457' };
const TOTE = { sku: 'TOTE-NAT', upc: '012345678905' };
const TEE_EAN = '4006381333931';

/** Runs the pick journeys through `journey(name, fn)` of journey.mjs, in a browser of their own. */
export async function pickJourneys({ base, args, journey }) {
  rmSync(FRAMES, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const video = writeBarcodeVideo(FRAMES, 'ean13', MUG.ean13);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      ...args,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    await run(browser, base, journey);
  } finally {
    await browser.close().catch(() => {});
  }
}

async function run(browser, base, journey) {
  const owner = await apiAs(base, 'owner@example.com');
  const context = await browser.newContext({ ...devices['Pixel 7'], baseURL: base, permissions: ['camera'] });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const see = seer(page);
  const text = (el) => el.textContent.replace(/\s+/g, ' ').trim();
  // each row as "name | picked/quantity | sku | bin | pending"; done rows show less
  const rows = (name) =>
    page
      .getByRole('list', { name, exact: true })
      .getByRole('listitem')
      .evaluateAll((items) =>
        items.map((li) =>
          [...li.querySelectorAll('.name, .count, .sku, .bin, .pending')]
            .map((el) => el.textContent.replace(/\s+/g, ' ').trim())
            .join(' | '),
        ),
      );
  const both = async () => ({ todo: await rows('Pick list'), done: await rows('Picked') });
  const pending = async () =>
    (await page.getByTestId('pending').count()) ? page.getByTestId('pending').evaluate(text) : 'none';
  const codeBox = page.getByRole('textbox', { name: 'Barcode or SKU' });
  const type = async (code) => {
    await codeBox.fill(code);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
  };
  let order;
  let pickListId;

  await journey('a new order near Newark is allocated to NJ-WH and its shipment waits there', async () => {
    const created = await owner('POST', '/orders', {
      channel: 'web',
      external_id: `PICK-${Date.now()}`,
      currency: 'USD',
      lines: [
        { sku: TOTE.sku, quantity: 2, unit_price: 2400 },
        { sku: MUG.sku, quantity: 1, unit_price: 1800 },
      ],
      ship_to: {
        name: 'Pat Picker',
        city: 'Newark',
        region: 'NJ',
        country: 'US',
        lat: 40.7357,
        lng: -74.1724,
      },
    });
    order = created.body;
    expect(created.status === 201, `order created (got ${created.status} ${JSON.stringify(order)})`);
    const where = order.lines.map((l) => `${l.sku}:${l.allocations.map((a) => a.location).join(',')}`);
    expect(JSON.stringify(where.sort()) === '["MUG-BLK-12:NJ-WH","TOTE-NAT:NJ-WH"]', `allocated at ${where}`);
    const waiting = await owner('GET', '/shipments?location=NJ-WH&status=allocated');
    expect(
      waiting.body.data.length === 1 && waiting.body.data[0].order_id === order.id,
      `the only shipment waiting at NJ-WH is ours: ${JSON.stringify(waiting.body.data)}`,
    );
  });

  await journey('staff opens Pick, starts a list at NJ-WH and sees it in bin order', async () => {
    await page.goto('/pick');
    await page.waitForURL('**/sign-in?next=%2Fpick');
    await page.getByLabel('Email').fill('staff@example.com');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/pick');
    const tabs = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    await see(
      async () => (await tabs.allTextContents()).map((t) => t.trim()),
      ['Orders', 'Stock', 'Pick', 'More'],
      'the tabs for staff',
    );
    await page.getByLabel('Location').selectOption('NJ-WH');
    await page.getByRole('button', { name: 'Start picking' }).click();
    await see(
      both,
      {
        todo: [
          'Stoneware mug 12oz, black | 0/1 | MUG-BLK-12 | No bin',
          'Canvas tote, natural | 0/2 | TOTE-NAT | No bin',
        ],
        done: [],
      },
      'the new pick list',
    );
    pickListId = await page.evaluate(() => localStorage.getItem('switchyard.pick.list'));
    expect(/^pck_/.test(pickListId ?? ''), `the pick list id is kept (${pickListId})`);
  });

  await journey('the camera scans the mug: it beeps into place and the server counts it', async () => {
    const started = Date.now();
    await page.getByRole('button', { name: 'Scan with camera' }).click();
    await see(
      both,
      {
        todo: ['Canvas tote, natural | 0/2 | TOTE-NAT | No bin'],
        done: ['Stoneware mug 12oz, black | 1/1'],
      },
      'the mug counted',
    );
    console.log(`# the fake camera read the EAN-13 in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await page.screenshot({ path: join(SCREENSHOTS, 'pick-scanned.png') });
    await page.getByRole('button', { name: 'Stop camera' }).click();
    await see(
      () => page.locator('.notice').evaluate(text),
      'Picked 1 × Stoneware mug 12oz, black',
      'the notice',
    );
    await see(pending, 'none', 'nothing left to sync');
    await see(
      async () => picked(await owner('GET', `/pick-lists/${pickListId}`)),
      { [MUG.sku]: 1, [TOTE.sku]: 0 },
      'the server',
    );
  });

  await journey('a wrong item shows the server’s reason and is kept under Needs attention', async () => {
    await type(TEE_EAN);
    await see(
      () => page.getByRole('alert').evaluate(text),
      'TEE-ORG-M is not on this pick list',
      'the wrong-item error',
    );
    const attention = page.getByRole('list', { name: 'Needs attention' }).getByRole('listitem');
    await see(
      () => attention.evaluateAll((li) => li.map((el) => el.querySelector('span').textContent)),
      [`${TEE_EAN} · TEE-ORG-M is not on this pick list`],
      'needs attention',
    );
    await attention.getByRole('button', { name: 'Dismiss' }).click();
    await attention.waitFor({ state: 'detached' });
  });

  await journey('offline: a typed pick is kept through a reload and synced once back online', async () => {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10_000 });
    await context.setOffline(true);
    await type(TOTE.upc);
    const offlineView = {
      todo: ['Canvas tote, natural | 1/2 | TOTE-NAT | No bin | 1 waiting to sync'],
      done: ['Stoneware mug 12oz, black | 1/1'],
    };
    await see(both, offlineView, 'the tote counted on the phone');
    await see(pending, '1 pick waiting to sync', 'the pending count');
    await page.reload();
    await page.getByTestId('offline-banner').waitFor();
    await see(both, offlineView, 'the list after an offline reload');
    await see(pending, '1 pick waiting to sync', 'the pending count after the reload');
    await page.screenshot({ path: join(SCREENSHOTS, 'pick-offline.png') });
    await see(
      async () => picked(await owner('GET', `/pick-lists/${pickListId}`)),
      { [MUG.sku]: 1, [TOTE.sku]: 0 },
      'the server before',
    );
    await context.setOffline(false);
    await see(pending, 'none', 'the outbox emptied');
    await see(
      both,
      { todo: ['Canvas tote, natural | 1/2 | TOTE-NAT | No bin'], done: ['Stoneware mug 12oz, black | 1/1'] },
      'the list from the server',
    );
    await see(
      async () => picked(await owner('GET', `/pick-lists/${pickListId}`)),
      { [MUG.sku]: 1, [TOTE.sku]: 1 },
      'each pick once on the server',
    );
    expect((await page.getByRole('list', { name: 'Needs attention' }).count()) === 0, 'nothing refused');
    await page.screenshot({ path: join(SCREENSHOTS, 'pick-synced.png') });
  });

  await journey('a pick another phone beat to the last unit comes back under Needs attention', async () => {
    await context.setOffline(true);
    await type(TOTE.upc);
    await see(
      both,
      {
        todo: [],
        done: ['Stoneware mug 12oz, black | 1/1', 'Canvas tote, natural | 2/2 | 1 waiting to sync'],
      },
      'the last tote counted on this phone',
    );
    const other = { op_id: `other-phone-${Date.now()}`, code: TOTE.sku };
    const first = await owner('POST', `/pick-lists/${pickListId}/picks`, other);
    const again = await owner('POST', `/pick-lists/${pickListId}/picks`, other);
    expect(
      first.body.applied && again.body.replayed && !again.body.applied,
      `the other phone's pick applied once, then replayed: ${JSON.stringify([first.body.applied, again.body])}`,
    );
    await context.setOffline(false);
    await see(
      () => page.getByRole('alert').evaluate(text),
      'All 2 of TOTE-NAT are already picked',
      'the refusal',
    );
    await see(
      () =>
        page
          .getByRole('list', { name: 'Needs attention' })
          .getByRole('listitem')
          .evaluateAll((li) => li.map((el) => el.querySelector('span').textContent)),
      ['TOTE-NAT · All 2 of TOTE-NAT are already picked'],
      'needs attention',
    );
    await see(pending, 'none', 'the outbox emptied');
    await see(
      both,
      { todo: [], done: ['Stoneware mug 12oz, black | 1/1', 'Canvas tote, natural | 2/2'] },
      'the list from the server',
    );
    await see(
      async () => picked(await owner('GET', `/pick-lists/${pickListId}`)),
      { [MUG.sku]: 1, [TOTE.sku]: 2 },
      'no tote picked twice',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'pick-attention.png') });
  });

  await journey('with nothing left waiting, a new list says so at the remembered location', async () => {
    await page.getByRole('button', { name: 'Start another list' }).click();
    await see(() => page.getByLabel('Location').inputValue(), 'NJ-WH', 'the last location');
    await page.getByRole('button', { name: 'Start picking' }).click();
    await see(() => page.getByRole('alert').evaluate(text), 'Nothing to pick at NJ-WH.', 'the 409');
  });

  await journey('signing out deletes what the phone kept for the person (pick lists, outbox)', async () => {
    const stores = () =>
      page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).join(','));
    expect((await stores()).includes('switchyard'), 'pick data is on the phone before signing out');
    await page.goto('/more');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await see(stores, '', 'no local data left');
  });

  await context.close();
}

const picked = ({ body }) => Object.fromEntries(body.lines.map((l) => [l.sku, l.picked]));
