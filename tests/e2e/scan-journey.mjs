// The scan screens on a phone: staff receives mugs with the fake camera (then one more offline, through a
// reload), counts a shelf, looks a barcode up, and reports a short pick. Every figure is read from the API
// before and after, so these journeys hold whatever ran before them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, devices } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/demo-users.mjs';
import { writeBarcodeVideo } from '../../scripts/make-camera-frames.mjs';
import { apiAs, expect, seer } from './helpers.mjs';

const HERE = import.meta.dirname;
const FRAMES = join(HERE, '.frames');
const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? join(HERE, '.screenshots');
const MUG = { sku: 'MUG-BLK-12', name: 'Stoneware mug 12oz, black', ean13: '5901234123457' };
const TOTE = { sku: 'TOTE-NAT', name: 'Canvas tote, natural', upc: '012345678905' };
const TEE = { sku: 'TEE-ORG-M', ean13: '4006381333931' };
const UNKNOWN_EAN = '4006381333948';

/** Runs the scan journeys through `journey(name, fn)` of journey.mjs, in a browser whose camera shows a mug. */
export async function scanJourneys({ base, args, journey }) {
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
  const shot = (name) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  const level = async (sku, location) => {
    const { body } = await owner('GET', `/inventory/${sku}`);
    const at = body.locations.find((l) => l.location === location);
    return { on_hand: at?.on_hand ?? 0, reserved: at?.reserved ?? 0 };
  };
  const onHand = async (sku, location) => (await level(sku, location)).on_hand;
  // the scan box's submit button: 'Add' on most screens, 'Look up' on Lookup
  const type = async (code, submit = 'Add') => {
    await page.getByRole('textbox', { name: 'Barcode or SKU' }).fill(code);
    await page.getByRole('button', { name: submit, exact: true }).click();
  };
  // each entry as "what | sku · location | state"
  const entries = (name) =>
    page
      .getByRole('list', { name, exact: true })
      .getByRole('listitem')
      .evaluateAll((lis) =>
        lis.map((li) =>
          [...li.querySelectorAll('.what, .where, .state')]
            .map((el) => el.textContent.replace(/\s+/g, ' ').trim())
            .join(' | '),
        ),
      );
  const pending = async () =>
    (await page.getByTestId('pending').count()) ? page.getByTestId('pending').evaluate(text) : 'none';
  const tableRows = (name) =>
    page
      .getByRole('table', { name })
      .locator('tbody tr, tfoot tr')
      .evaluateAll((trs) =>
        trs.map((tr) =>
          // a location's name is a <small> under its code
          [...tr.children]
            .map((c) =>
              [...c.childNodes]
                .filter((n) => n.nodeName !== 'SMALL')
                .map((n) => n.textContent)
                .join('')
                .replace(/\s+/g, ' ')
                .trim(),
            )
            .join(' | '),
        ),
      );
  let mugsBefore;

  await journey('staff reaches Receive, Count and Look up from More', async () => {
    await page.goto('/more');
    await page.waitForURL('**/sign-in?next=%2Fmore');
    await page.getByLabel('Email').fill('staff@example.com');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/more');
    const links = page.getByRole('navigation', { name: 'Warehouse' }).getByRole('link');
    await see(
      async () => (await links.allTextContents()).map((t) => t.trim()),
      ['Receive', 'Count', 'Look up', 'Pack', 'Receive a return'],
      'the warehouse links for staff',
    );
    await page.getByRole('link', { name: 'Receive', exact: true }).click();
    await page.waitForURL('**/receive');
  });

  await journey(
    'the camera reads a mug’s EAN-13; 3 are received at BK-STORE and reach the server',
    async () => {
      mugsBefore = await onHand(MUG.sku, 'BK-STORE');
      await page.getByLabel('Location').selectOption('BK-STORE');
      const started = Date.now();
      await page.getByRole('button', { name: 'Scan with camera' }).click();
      const draft = page.getByRole('region', { name: 'Receiving' });
      await see(() => draft.locator('.name').evaluate(text), MUG.name, 'the scanned mug');
      console.log(`# the fake camera read the EAN-13 in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await page.getByRole('button', { name: 'Stop camera' }).click();
      await see(
        () => draft.locator('.level').evaluate(text),
        `${MUG.sku} · on hand at BK-STORE: ${mugsBefore}`,
        'what is on the shelf now',
      );
      const units = draft.getByRole('spinbutton', { name: 'Units received' });
      await see(() => units.inputValue(), '1', 'one unit to start with');
      await draft.getByRole('button', { name: 'One more' }).click();
      await draft.getByRole('button', { name: 'One more' }).click();
      await see(() => units.inputValue(), '3', 'three units');
      await shot('receive-draft');
      await draft.getByRole('button', { name: 'Receive 3' }).click();
      await see(
        () => entries('Received'),
        [`3 × ${MUG.name} | ${MUG.sku} · BK-STORE | Synced · on hand ${mugsBefore + 3}`],
        'the receive synced',
      );
      await see(pending, 'none', 'nothing waiting');
      await see(() => onHand(MUG.sku, 'BK-STORE'), mugsBefore + 3, 'on hand on the server');
    },
  );

  await journey(
    'offline, one more mug is received, kept through a reload and synced once online',
    async () => {
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
        timeout: 10_000,
      });
      await context.setOffline(true);
      await type(MUG.ean13);
      const draft = page.getByRole('region', { name: 'Receiving' });
      await see(() => draft.locator('.name').evaluate(text), MUG.name, 'the mug known offline');
      await draft.getByRole('button', { name: 'Receive 1' }).click();
      const offline = [
        `1 × ${MUG.name} | ${MUG.sku} · BK-STORE | Waiting to sync`,
        `3 × ${MUG.name} | ${MUG.sku} · BK-STORE | Synced · on hand ${mugsBefore + 3}`,
      ];
      await see(() => entries('Received'), offline, 'the offline receive waits');
      await see(pending, '1 receive waiting to sync', 'the pending count');
      await page.reload();
      await page.getByTestId('offline-banner').waitFor();
      await see(() => entries('Received'), offline, 'the receives after an offline reload');
      await see(() => page.getByLabel('Location').inputValue(), 'BK-STORE', 'the remembered location');
      await shot('receive-offline');
      await see(() => onHand(MUG.sku, 'BK-STORE'), mugsBefore + 3, 'the server before');
      await context.setOffline(false);
      await see(pending, 'none', 'the outbox emptied');
      await see(
        () => entries('Received'),
        [
          `1 × ${MUG.name} | ${MUG.sku} · BK-STORE | Synced · on hand ${mugsBefore + 4}`,
          `3 × ${MUG.name} | ${MUG.sku} · BK-STORE | Synced · on hand ${mugsBefore + 3}`,
        ],
        'both synced',
      );
      await page.reload();
      await see(() => entries('Received').then((e) => e.length), 2, 'the list after an online reload');
      await see(() => onHand(MUG.sku, 'BK-STORE'), mugsBefore + 4, 'exactly 4 more on hand');
      const ledger = await owner('GET', `/inventory/${MUG.sku}/movements`);
      const received = ledger.body.data.filter(
        (m) => m.type === 'receive' && m.location === 'BK-STORE' && m.reason === 'received on the phone',
      );
      expect(
        JSON.stringify(received.map((m) => m.on_hand_delta)) === '[1,3]',
        `two receive entries in the ledger: ${JSON.stringify(received)}`,
      );
      await shot('receive-synced');
    },
  );

  await journey('a cycle count at BK-STORE: differences reviewed, one applied, one refused', async () => {
    const tee = await level(TEE.sku, 'BK-STORE');
    const tote = await level(TOTE.sku, 'BK-STORE');
    expect(tee.on_hand >= 2 && tote.reserved > 0, `BK-STORE holds tees and reserved totes: ${[tee, tote]}`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'More' }).click();
    await page.getByRole('link', { name: 'Count', exact: true }).click();
    await page.waitForURL('**/count');
    await page.getByLabel('Location').selectOption('BK-STORE');
    await type(TEE.ean13);
    const teeCount = page.getByRole('spinbutton', { name: /^Counted Organic tee/ });
    await see(() => teeCount.inputValue(), '1', 'a scan counts one');
    await teeCount.fill(String(tee.on_hand - 2));
    await type(TOTE.sku);
    const toteCount = page.getByRole('group', { name: `Counted ${TOTE.name}` });
    await see(() => toteCount.getByRole('spinbutton').inputValue(), '1', 'the tote counted once');
    await toteCount.getByRole('button', { name: 'One fewer' }).click();
    await see(
      () =>
        page
          .getByRole('list', { name: 'Count sheet' })
          .getByRole('listitem')
          .evaluateAll((lis) => lis.map((li) => li.querySelector('.counted').textContent.trim())),
      [String(tee.on_hand - 2), '0'],
      'the sheet',
    );
    expect(await page.getByLabel('Location').isDisabled(), 'the location is fixed while counting');
    await page.reload();
    await see(
      () => page.locator('.sheet .counted').allTextContents(),
      [String(tee.on_hand - 2), '0'],
      'the sheet survives a reload',
    );
    await page.getByRole('button', { name: 'Review differences' }).click();
    await see(
      () => tableRows('Differences'),
      [
        `${TEE.sku} | ${tee.on_hand} | ${tee.on_hand - 2} | -2`,
        `${TOTE.sku} | ${tote.on_hand} | 0 | -${tote.on_hand}`,
      ],
      'the differences',
    );
    await see(
      () => page.getByTestId('count-summary').evaluate(text),
      '2 of 2 items differ from on hand',
      'the summary',
    );
    await shot('count-review');
    await page.getByRole('button', { name: 'Submit 2 counts' }).click();
    await see(
      () => entries('Counts').then((e) => e.sort()),
      [
        `Canvas tote, natural: counted 0 (-${tote.on_hand}) | ${TOTE.sku} · BK-STORE | Refused: The count is below what is reserved for orders there`,
        `Organic tee, medium: counted ${tee.on_hand - 2} (-2) | ${TEE.sku} · BK-STORE | Synced · on hand ${tee.on_hand - 2}`,
      ],
      'one count applied, one refused',
    );
    await see(
      () => level(TEE.sku, 'BK-STORE'),
      { ...tee, on_hand: tee.on_hand - 2 },
      'the tees on the server',
    );
    await see(() => level(TOTE.sku, 'BK-STORE'), tote, 'the totes unchanged');
    expect((await page.locator('.sheet').count()) === 0, 'the sheet is empty after submitting');
    await shot('count-submitted');
  });

  await journey('looking up the tote’s UPC shows what it is and its stock per location', async () => {
    await page.goto('/lookup');
    await type(TOTE.upc, 'Look up');
    const item = page.getByRole('region', { name: 'Item' });
    await see(
      () => item.locator('.name, .sku, .scanned').evaluateAll((els) => els.map((e) => e.textContent.trim())),
      [TOTE.name, TOTE.sku, `Scanned ${TOTE.upc}: a UPC-A barcode`],
      'what it is',
    );
    const { body } = await owner('GET', `/inventory/${TOTE.sku}`);
    const sum = (k) => body.locations.reduce((s, l) => s + l[k], 0);
    await see(
      () => tableRows('Stock by location'),
      [
        ...body.locations.map((l) => `${l.location} | ${l.on_hand} | ${l.reserved} | ${l.available}`),
        `All | ${sum('on_hand')} | ${sum('reserved')} | ${sum('available')}`,
      ],
      'stock per location as the API has it',
    );
    await shot('lookup');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('lookup-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await journey('an unknown barcode says nothing has it', async () => {
    await type(UNKNOWN_EAN, 'Look up');
    await see(
      () => page.getByTestId('unknown').locator('strong').evaluate(text),
      `Nothing has the code ${UNKNOWN_EAN}.`,
      'the unknown code',
    );
    expect((await page.getByRole('table').count()) === 0, 'no stock table');
    await shot('lookup-unknown');
  });

  await journey(
    'a short pick: 1 of 2 totes found, the line shows short and the API has the exception',
    async () => {
      const created = await owner('POST', '/orders', {
        channel: 'web',
        external_id: `SHORT-${Date.now()}`,
        currency: 'USD',
        lines: [{ sku: TOTE.sku, quantity: 2, unit_price: 2400 }],
        ship_to: {
          name: 'Sam Short',
          city: 'Newark',
          region: 'NJ',
          country: 'US',
          lat: 40.7357,
          lng: -74.1724,
        },
      });
      expect(created.status === 201, `order created (got ${created.status} ${JSON.stringify(created.body)})`);
      const waiting = await owner('GET', '/shipments?location=NJ-WH&status=allocated');
      expect(
        waiting.body.data.length === 1 && waiting.body.data[0].order_id === created.body.id,
        `the only shipment waiting at NJ-WH is ours: ${JSON.stringify(waiting.body.data)}`,
      );
      const njBefore = await onHand(TOTE.sku, 'NJ-WH');
      const exceptionsBefore = (await owner('GET', '/exceptions?kind=short_pick')).body.data.length;

      await page.goto('/pick');
      await page.getByLabel('Location').selectOption('NJ-WH');
      await page.getByRole('button', { name: 'Start picking' }).click();
      const row = page.getByRole('list', { name: 'Pick list' }).getByRole('listitem', { name: TOTE.name });
      await see(() => row.locator('.count').evaluate(text), '0/2', 'the tote line');
      await row.getByRole('button', { name: "Can't find it" }).click();
      await row.getByRole('button', { name: 'One more' }).click();
      await see(() => row.getByRole('spinbutton', { name: 'Units found' }).inputValue(), '1', 'one found');
      await row.getByRole('button', { name: 'Report 1 missing' }).click();
      const message = `1 of ${TOTE.sku} were not on the shelf at NJ-WH; stock there was corrected`;
      const shortRow = page.getByRole('list', { name: 'Picked' }).getByRole('listitem', { name: TOTE.name });
      await see(
        () => shortRow.locator('.count, .short').evaluateAll((els) => els.map((e) => e.textContent.trim())),
        ['1/1', `Short 1 · Exception: ${message}`],
        'the line is short and names its exception',
      );
      await see(pending, 'none', 'nothing left to sync');
      await shot('pick-short');

      const listId = await page.evaluate(() => localStorage.getItem('switchyard.pick.list'));
      const list = await owner('GET', `/pick-lists/${listId}`);
      const line = list.body.lines.find((l) => l.sku === TOTE.sku);
      expect(line.quantity === 1 && line.picked === 1, `the server's line: ${JSON.stringify(line)}`);
      const inbox = (await owner('GET', '/exceptions?kind=short_pick')).body.data;
      expect(
        inbox.length === exceptionsBefore + 1 && inbox[0].message === message && inbox[0].sku === TOTE.sku,
        `one new short_pick exception: ${JSON.stringify(inbox[0])}`,
      );
      expect(
        inbox[0].order_id === created.body.id,
        `the exception names our order: ${inbox[0].order_id} vs ${created.body.id}`,
      );
      await see(() => onHand(TOTE.sku, 'NJ-WH'), njBefore - 1, 'the missing tote left NJ-WH on hand');
    },
  );

  await context.close();
}
