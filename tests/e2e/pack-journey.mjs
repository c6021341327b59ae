// The packer's journey: an order near Newark is picked through the API, then staff packs it on a phone
// (scan-to-verify by typed codes), enters tracking by hand and ships it. The demo has no carrier account,
// so "Buy label" is not offered.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { devices } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/demo-users.mjs';
import { apiAs, expect, seer } from './helpers.mjs';

const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname, '.screenshots');
const TOTE = { sku: 'TOTE-NAT', upc: '012345678905' };
const TEE_EAN = '4006381333931';
const TRACKING = '1Z999AA10123456784';

/** Runs the pack journeys through `journey(name, fn)` of journey.mjs, in a context of their own. */
export async function packJourneys({ browser, base, journey }) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const owner = await apiAs(base, 'owner@example.com');
  const context = await browser.newContext({ ...devices['Pixel 7'], baseURL: base });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const see = seer(page);
  const text = (el) => el.textContent.replace(/\s+/g, ' ').trim();
  const items = () =>
    page
      .getByRole('list', { name: 'To pack' })
      .getByRole('listitem')
      .evaluateAll((lis) =>
        lis.map((li) =>
          [...li.querySelectorAll('.name, .count')].map((el) => el.textContent.trim()).join(' | '),
        ),
      );
  const stage = () => page.getByTestId('stage').evaluate(text);
  const type = async (code) => {
    await page.getByRole('textbox', { name: 'Barcode or SKU' }).fill(code);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
  };
  const onHand = async () =>
    (await owner('GET', `/inventory/${TOTE.sku}`)).body.locations.find((l) => l.location === 'NJ-WH').on_hand;
  let order;
  let shipmentId;
  let before;

  await journey('an order near Newark is picked through the API and waits for packing', async () => {
    before = await onHand();
    const created = await owner('POST', '/orders', {
      channel: 'web',
      external_id: `PACK-${Date.now()}`,
      currency: 'USD',
      lines: [{ sku: TOTE.sku, quantity: 2, unit_price: 2400 }],
      ship_to: {
        name: 'Pat Packer',
        city: 'Newark',
        region: 'NJ',
        country: 'US',
        lat: 40.7357,
        lng: -74.1724,
      },
    });
    order = created.body;
    expect(created.status === 201, `order created (got ${created.status} ${JSON.stringify(order)})`);
    const list = await owner('POST', '/pick-lists', { location: 'NJ-WH' });
    expect(list.status === 201, `pick list created (got ${list.status} ${JSON.stringify(list.body)})`);
    expect(
      list.body.shipments.length === 1 && list.body.shipments[0].order_id === order.id,
      `the pick list holds only our shipment: ${JSON.stringify(list.body.shipments)}`,
    );
    shipmentId = list.body.shipments[0].id;
    for (const n of [1, 2]) {
      const pick = await owner('POST', `/pick-lists/${list.body.id}/picks`, {
        op_id: `pack-e2e-${Date.now()}-${n}`,
        code: TOTE.sku,
      });
      expect(
        pick.status === 200 && pick.body.applied,
        `pick ${n}: ${pick.status} ${JSON.stringify(pick.body)}`,
      );
    }
    const shipment = await owner('GET', `/shipments/${shipmentId}`);
    expect(
      shipment.body.status === 'picking' && shipment.body.lines.every((l) => l.picked === l.quantity),
      `picked and still picking: ${JSON.stringify(shipment.body)}`,
    );
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('staff@example.com');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/orders');
    await page.evaluate((id) => localStorage.setItem('switchyard.pick.list', id), list.body.id);
  });

  await journey('the Pick screen and More › Pack both lead to the picked shipment', async () => {
    await page.goto('/pick');
    const ready = page.getByRole('list', { name: 'Ready to pack' }).getByRole('link');
    await see(
      () => ready.allTextContents().then((t) => t.map((s) => s.replace(/\s+/g, ' ').trim())),
      ['2 × TOTE-NAT Pack'],
      'the Ready to pack link on Pick',
    );
    expect(
      (await ready.getAttribute('href')) === `/pack?shipment=${shipmentId}`,
      'the link opens our shipment',
    );
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'More' }).click();
    await page.getByRole('link', { name: 'Pack', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/pack' && !url.search);
    // the pick journey's shipment is picked and waiting too
    const ours = page.getByRole('list', { name: 'Ready to pack' }).locator(`a[href$="${shipmentId}"]`);
    await see(() => ours.evaluate(text), 'NJ-WH picking 2 × TOTE-NAT', 'our shipment listed');
    await ours.click();
    await page.waitForURL(`**/pack?shipment=${shipmentId}`);
    await see(items, ['Canvas tote, natural | 0/2'], 'the units to scan');
  });

  await journey('a code not in the shipment is refused at once, without asking the server', async () => {
    const calls = [];
    const count = (req) => req.url().includes('/api/') && calls.push(req.url());
    page.on('request', count);
    await type(TEE_EAN);
    await see(
      () => page.getByRole('alert').evaluate(text),
      `${TEE_EAN} is not in this shipment`,
      'the error',
    );
    page.off('request', count);
    expect(calls.length === 0, `no API call for a wrong code: ${calls}`);
    await see(items, ['Canvas tote, natural | 0/2'], 'nothing counted');
  });

  await journey('Pack before every unit is scanned names what is missing', async () => {
    await type(TOTE.upc);
    await see(items, ['Canvas tote, natural | 1/2'], 'one tote scanned');
    await page.getByRole('textbox', { name: 'Weight (g)' }).fill('500');
    await page.getByRole('button', { name: 'Pack', exact: true }).click();
    await see(
      () => page.getByTestId('mismatch').evaluate(text),
      'The scans do not match the shipment. Missing: 1 × TOTE-NAT',
      'the pack mismatch',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'pack-mismatch.png') });
    const shipment = await owner('GET', `/shipments/${shipmentId}`);
    expect(shipment.body.status === 'picking', `still not packed: ${shipment.body.status}`);
  });

  await journey('the last unit scanned by SKU, Pack says Packed', async () => {
    await type(TOTE.sku);
    await see(items, ['Canvas tote, natural | 2/2'], 'both totes scanned');
    await page.getByRole('button', { name: 'Pack', exact: true }).click();
    await see(stage, 'Packed', 'packed');
    expect(
      (await page.getByRole('button', { name: 'Buy label' }).count()) === 0,
      'no carrier account, no Buy label',
    );
  });

  await journey('tracking entered by hand, then Ship says Shipped', async () => {
    await page.getByRole('textbox', { name: 'Carrier' }).fill('UPS');
    await page.getByRole('textbox', { name: 'Tracking number' }).fill(TRACKING);
    await page.getByRole('button', { name: 'Save tracking' }).click();
    await see(stage, `Tracking saved: UPS ${TRACKING}`, 'the tracking');
    await page.screenshot({ path: join(SCREENSHOTS, 'pack-tracked.png') });
    await page.getByRole('button', { name: 'Ship', exact: true }).click();
    await see(stage, 'Shipped', 'shipped');
    await see(() => page.locator('.summary .badge').evaluate(text), 'shipped', 'the status badge');
  });

  await journey('the order is shipped and the totes left NJ-WH', async () => {
    const o = await owner('GET', `/orders/${order.id}`);
    expect(o.body.status === 'shipped', `order status ${o.body.status}`);
    const after = await onHand();
    expect(after === before - 2, `TOTE-NAT on hand at NJ-WH ${before} -> ${after}`);
    const s = await owner('GET', `/shipments/${shipmentId}`);
    expect(
      s.body.carrier === 'UPS' &&
        s.body.tracking_code === TRACKING &&
        s.body.packages[0]?.weight_grams === 500,
      `the shipment: ${JSON.stringify(s.body)}`,
    );
  });

  await context.close();
}
