// The owner's dashboard and EDI journeys: facts of a channel of its own are made through the API (a
// labelled shipment, an order no location could fill), so the numbers under that channel's filter are
// known exactly whatever the other journeys did today; a trading partner sends a real 850 for the EDI screen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { devices } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/demo-users.mjs';
import { apiAs, expect, seer } from './helpers.mjs';

const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname, '.screenshots');
const X12_850 = readFileSync(join(import.meta.dirname, '../fixtures/x12/x12-node-x12-850.edi'), 'utf8');
const rand = () => Math.random().toString(36).slice(2, 8).toUpperCase();

/** A one-unit order on `channel` picked, packed and given tracking: its order-to-label time is measured. */
async function labelledOrder(owner, channel) {
  const sku = `DASH-${rand()}`;
  const location = `DASH-${rand()}`;
  await owner('POST', '/locations', {
    code: location,
    name: 'Dashboard desk',
    kind: 'warehouse',
    address: { line1: '3 Dock St', city: 'Newark', country: 'US' },
    lat: 40.7357,
    lng: -74.1724,
  });
  await owner('POST', '/skus', { sku, name: 'Oak coaster' });
  await owner('POST', `/inventory/${sku}/movements`, { type: 'receive', location, quantity: 1 });
  const placed = await owner('POST', '/orders', {
    channel,
    external_id: `DASH-L-${rand()}`,
    currency: 'USD',
    lines: [{ sku, quantity: 1, unit_price: 1200 }],
    ship_to: { name: 'Dorothy Vaughan', city: 'Newark', country: 'US', lat: 40.7357, lng: -74.1724 },
  });
  expect(placed.status === 201, `order: ${JSON.stringify(placed.body)}`);
  const list = await owner('POST', '/pick-lists', { location });
  const shipment = list.body.shipments[0].id;
  await owner('POST', `/pick-lists/${list.body.id}/picks`, { op_id: `op-${rand()}`, code: sku, quantity: 1 });
  const packed = await owner('POST', `/shipments/${shipment}/pack`, {
    scans: [{ code: sku, quantity: 1 }],
    packages: [{ weight_grams: 120 }],
  });
  expect(packed.status === 200, `pack: ${JSON.stringify(packed.body)}`);
  const tracked = await owner('POST', `/shipments/${shipment}/tracking`, {
    carrier: 'USPS',
    tracking_code: `9400${rand()}`,
  });
  expect(tracked.status === 200, `tracking: ${JSON.stringify(tracked.body)}`);
  return Date.parse(tracked.body.label_purchased_at) - Date.parse(tracked.body.order_placed_at);
}

/** An order of 3 units of a SKU no location has: one oversell incident of 3 units. */
async function oversoldOrder(owner, channel) {
  const sku = `DASH-${rand()}`;
  await owner('POST', '/skus', { sku, name: 'Walnut tray' });
  const placed = await owner('POST', '/orders', {
    channel,
    external_id: `DASH-O-${rand()}`,
    currency: 'USD',
    lines: [{ sku, quantity: 3, unit_price: 3100 }],
    ship_to: { name: 'Dorothy Vaughan', city: 'Newark', country: 'US', lat: 40.7357, lng: -74.1724 },
  });
  expect(placed.body?.status === 'backordered', `backordered: ${JSON.stringify(placed.body)}`);
  return placed.body;
}

/** A trading partner that sent the node-x12 850 (its items are not ours: the order waits, never dropped). */
async function partnerWithPurchaseOrder(base, owner) {
  const token = `tok_${crypto.randomUUID()}`;
  const made = await owner('POST', '/channels', {
    type: 'edi',
    name: 'XYZ Retail',
    config: {
      partner: { qualifier: '12', id: '4405197800' },
      us: { qualifier: '01', id: '999999999' },
      outbound_url: 'http://127.0.0.1:9/x12',
      inbound_token: token,
      gs1_company_prefix: '0614141',
    },
  });
  expect(made.status === 201, `partner: ${JSON.stringify(made.body)}`);
  const sent = await fetch(`${base}/api/v1/edi/${made.body.id}/inbound`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/edi-x12' },
    body: X12_850,
  });
  const answer = await sent.json();
  expect(
    sent.status === 200 && answer.status === 'accepted',
    `850: ${sent.status} ${JSON.stringify(answer)}`,
  );
  // the 855 acknowledging the order is made once the order is stored, after the answer
  let types = [];
  for (const deadline = Date.now() + 10_000; Date.now() < deadline && !types.includes('855'); ) {
    types = (await owner('GET', `/edi/documents?channel=${made.body.id}`)).body.data.map((d) => d.type);
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(types.includes('855'), `the 855 was made: ${types}`);
  return { channel: made.body.id, documentId: answer.document_id };
}

const seconds = (ms) => `${Math.floor(ms / 1000)} s`;

/** Runs the dashboard and EDI journeys through `journey(name, fn)` of journey.mjs, in a context of their own. */
export async function dashboardJourneys({ browser, base, journey }) {
  const owner = await apiAs(base, 'owner@example.com');
  const context = await browser.newContext({ ...devices['Pixel 7'], baseURL: base });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const see = seer(page);
  const text = (el) => el.textContent.replace(/\s+/g, ' ').trim();
  const card = (id) => page.locator(`li.kpi[data-kpi="${id}"]`);
  const shown = (id) =>
    card(id).evaluate((li) =>
      [...li.querySelectorAll('.value, .detail')].map((el) => el.textContent.replace(/\s+/g, ' ').trim()),
    );
  const channel = `dash-${rand().toLowerCase()}`;
  let labelMs;
  let oversold;

  await journey('the owner opens the dashboard from More and sees today’s numbers', async () => {
    labelMs = await labelledOrder(owner, channel);
    oversold = await oversoldOrder(owner, channel);
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('owner@example.com');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/orders');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'More' }).click();
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL('**/dashboard');
    await see(() => page.getByRole('heading', { level: 2 }).first().evaluate(text), 'Today', 'the range');
    await card('order_to_label_time').waitFor();
    const [value] = await shown('order_to_label_time');
    expect(/^p50 \d/.test(value), `order-to-label p50 shown: ${value}`);
    // the seeded Etsy order waits for 3 candles no location has, and the Amazon order was cancelled
    const [incidents] = await shown('oversell_incidents');
    expect(Number(incidents) >= 2, `oversell incidents today: ${incidents}`);
    await see(
      () => page.getByRole('alert', { name: 'Amazon at risk' }).locator('li').first().evaluate(text),
      'Pre fulfilment cancel rate 100.0% on amazon: Pre-fulfilment cancel rate under 2.5% over 7 days; exactly 2.5% is at risk.',
      'the Amazon alert',
    );
  });

  await journey('the channel filter narrows every number to that channel', async () => {
    await page.getByRole('combobox', { name: 'Channel' }).selectOption(channel);
    await page.waitForURL((url) => url.searchParams.get('channel') === channel);
    await see(
      () => shown('order_to_label_time'),
      [`p50 ${seconds(labelMs)}`, `p90 ${seconds(labelMs)} · 1 shipment`],
      'order-to-label time of our one labelled shipment',
    );
    await see(
      () => shown('oversell_incidents'),
      ['1', '3 units · no stock at capture 1'],
      'one oversell incident of 3 units',
    );
    await card('order_to_label_time').getByText('What this counts').click();
    await see(
      () =>
        card('order_to_label_time')
          .locator('details p')
          .evaluate((p) => p.checkVisibility()),
      true,
      'the definition opens on tap',
    );
    // each chart loads uPlot when it scrolls into view
    for (const figure of await page.locator('figure').all()) await figure.scrollIntoViewIfNeeded();
    await see(
      () => page.locator('figure').evaluateAll((fs) => fs.map((f) => f.querySelector('canvas') !== null)),
      await page.locator('figure').evaluateAll((fs) => fs.map(() => true)),
      'every trend chart drawn',
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
  });

  await journey('tapping the oversell number lists the order behind it, with its CSV', async () => {
    await card('oversell_incidents').getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/dashboard/orders');
    const orders = page.getByRole('list', { name: 'Orders behind the number' }).getByRole('link');
    await see(
      () => orders.evaluateAll((as) => as.map((a) => a.querySelector('strong').textContent.trim())),
      [oversold.external_id],
      'the oversold order',
    );
    const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const csv = await page.request.get(csvHref);
    const rows = (await csv.text()).trim().split(/\r?\n/);
    expect(
      csv.status() === 200 && rows.length === 2 && rows[1].startsWith(`${oversold.id},${channel},`),
      `the CSV: ${csv.status()} ${rows}`,
    );
    await orders.first().click();
    await page.waitForURL(`**/orders/${oversold.id}`);
    await see(
      () => page.getByRole('heading', { level: 1 }).evaluate(text),
      oversold.external_id,
      'the order',
    );
  });

  await journey('the EDI screen lists a partner’s 850 and shows it parsed and raw', async () => {
    const { channel: partner, documentId } = await partnerWithPurchaseOrder(base, owner);
    await page.goto('/more');
    await page.getByRole('link', { name: 'EDI documents' }).click();
    await page.waitForURL('**/edi');
    await page.getByRole('combobox', { name: 'Partner' }).selectOption(partner);
    await page.waitForURL((url) => url.searchParams.has('channel'));
    const docs = page.getByRole('list', { name: 'EDI documents' }).getByRole('link');
    await see(
      () => docs.evaluateAll((as) => as.map((a) => a.querySelector('.row strong').textContent.trim())),
      ['↑ 855 PO acknowledgment', '↑ 997 Functional ack', '↓ 850 Purchase order'],
      'the 850, the 997 that answered it and the 855 that acknowledged the order',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'edi-documents.png') });
    await page.locator(`a[href="/edi/${documentId}"]`).click();
    await page.waitForURL(`**/edi/${documentId}`);
    const raw = page.getByLabel('Raw X12');
    await see(
      async () => (await raw.evaluate((pre) => pre.textContent)).split('\n').slice(0, 4),
      [
        'ISA*01*0000000000*01*ABCCO     *12*4405197800     *01*999999999      *101127*1719*U*00400*000003438*0*P*>',
        'GS*PO*4405197800*999999999*20101127*1719*1421*X*004010VICS',
        'ST*850*000000010',
        'BEG*00*SA*08292233294**20101127*610385385',
      ],
      'the raw X12, one segment a line',
    );
    expect(
      (await page.getByRole('region', { name: 'Parsed document' }).locator('dd').count()) > 5,
      'the parsed form is shown',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'edi-document.png'), fullPage: true });
  });

  await context.close();
}
