// A customer's return received at a store other than the one that shipped it: staff find the return by
// the RMA number on its label, scan the item, keep "Restock", and the store's stock goes up by one.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { devices } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/demo-users.mjs';
import { apiAs, expect, seer } from './helpers.mjs';

const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname, '.screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** An order shipped from a new warehouse through the API, and an approved return of its one unit. */
async function shippedAndReturned(owner) {
  const tag = Date.now().toString(36).toUpperCase();
  const warehouse = `RET-${tag}`;
  const sku = `LAMP-${tag}`;
  const ok = (what, res, status = [200, 201]) =>
    expect(status.includes(res.status), `${what}: ${res.status} ${JSON.stringify(res.body)}`);
  ok(
    'location',
    await owner('POST', '/locations', {
      code: warehouse,
      name: 'Returns test warehouse',
      kind: 'warehouse',
      address: { line1: '3 Quay St', city: 'Baltimore', region: 'MD', country: 'US' },
      lat: 39.2904,
      lng: -76.6122,
    }),
  );
  ok('sku', await owner('POST', '/skus', { sku, name: 'Desk lamp' }));
  ok(
    'stock',
    await owner('POST', `/inventory/${sku}/movements`, { type: 'receive', location: warehouse, quantity: 2 }),
  );
  const order = await owner('POST', '/orders', {
    channel: 'manual',
    external_id: `RET-${tag}`,
    currency: 'USD',
    lines: [{ sku, quantity: 1, unit_price: 4500 }],
    ship_to: { name: 'Grace Hopper', line1: '1 Navy Way', city: 'Arlington', country: 'US' },
  });
  ok('order', order);
  const list = await owner('POST', '/pick-lists', { location: warehouse });
  ok('pick list', list);
  ok('pick', await owner('POST', `/pick-lists/${list.body.id}/picks`, { op_id: `op-${tag}`, code: sku }));
  const shipment = list.body.shipments[0].id;
  ok(
    'pack',
    await owner('POST', `/shipments/${shipment}/pack`, {
      scans: [{ code: sku }],
      packages: [{ weight_grams: 900 }],
    }),
  );
  ok(
    'tracking',
    await owner('POST', `/shipments/${shipment}/tracking`, { carrier: 'USPS', tracking_code: `9400${tag}` }),
  );
  ok('ship', await owner('POST', `/shipments/${shipment}/ship`));
  const rma = await owner('POST', '/returns', {
    order_id: order.body.id,
    lines: [{ order_line_id: order.body.lines[0].id, quantity: 1, reason: 'damaged' }],
  });
  ok('return', rma);
  if (rma.body.status === 'requested')
    ok('approve', await owner('POST', `/returns/${rma.body.id}/approve`, {}));
  return { sku, rma: rma.body };
}

/**
 * On /receive-return, signed in as staff: finds the return by the number on its label, picks the store,
 * scans each SKU once, chooses Restock for each, and sends the receipt.
 */
export async function receiveByScanning(page, see, { number, location, skus }) {
  await page.getByRole('textbox', { name: 'Barcode or SKU' }).fill(number);
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await see(
    () => page.getByText(number.toUpperCase(), { exact: true }).count(),
    1,
    'the return found by its number',
  );
  await page.getByLabel('Location').selectOption(location);
  for (const sku of skus) {
    await page.getByRole('textbox', { name: 'Barcode or SKU' }).fill(sku);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const choices = page.getByRole('radiogroup', { name: `What to do with ${sku}` });
    expect(await choices.getByRole('radio', { name: 'Restock' }).isChecked(), 'restock is the default');
    await choices.getByRole('radio', { name: 'Restock' }).check();
  }
  await page.screenshot({ path: join(SCREENSHOTS, 'receive-return.png') });
  await page.getByRole('button', { name: `Receive ${skus.length} unit(s)` }).click();
  await see(
    () => page.getByRole('status').textContent(),
    `Received ${skus.length} unit(s) into ${location}.`,
    'the receipt',
  );
}

export async function returnReceiveJourneys({ browser, base, journey }) {
  const owner = await apiAs(base, 'owner@example.com');
  const context = await browser.newContext({ ...devices['Pixel 7'], baseURL: base });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const see = seer(page);
  const onHand = async (sku, location) =>
    (await owner('GET', `/inventory/${sku}`)).body.locations.find((l) => l.location === location)?.on_hand ??
    0;
  try {
    await journey('staff receive a return at a store by its RMA number and restock it there', async () => {
      const { sku, rma } = await shippedAndReturned(owner);
      const before = await onHand(sku, 'BK-STORE');
      await page.goto('/receive-return');
      await page.waitForURL('**/sign-in?next=%2Freceive-return');
      await page.getByLabel('Email').fill('staff@example.com');
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/receive-return');
      await receiveByScanning(page, see, {
        number: rma.number.toLowerCase(),
        location: 'BK-STORE',
        skus: [sku],
      });
      await see(() => onHand(sku, 'BK-STORE'), before + 1, 'BK-STORE on hand after the restock');
      const after = await owner('GET', `/returns/${rma.id}`);
      expect(after.body.lines[0].restocked === 1, `restocked: ${JSON.stringify(after.body.lines[0])}`);
    });
  } finally {
    await context.close();
  }
}
