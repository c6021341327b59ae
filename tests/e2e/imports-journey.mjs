// The owner's CSV import on the phone: a catalog file with one bad row is checked and refused by line,
// the corrected file is applied in the background (three ~500-row chunks, so the bar moves), and the
// new SKUs are then in the catalog. SKU names carry a run id, so the numbers are exact whatever else ran.
import { join } from 'node:path';
import { devices } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/demo-users.mjs';
import { apiAs, expect, seer } from './helpers.mjs';

const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname, '.screenshots');
const ROWS = 1200;
const BAD_LINE = 4;

/** A catalog of ROWS new SKUs; `weight` gives row i's weight cell (line i + 2: the header is line 1). */
function catalog(run, weight = (i) => String(100 + i)) {
  const rows = Array.from(
    { length: ROWS },
    (_, i) => `IMP-${run}-${i},Linen napkin ${i},IMP${run}${i},${weight(i)},4.50,USD,false`,
  );
  return Buffer.from(['sku,name,barcodes,weight_grams,cost,cost_currency,final_sale', ...rows].join('\n'));
}

async function signIn(page, email) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL('**/orders');
}

/** Runs the imports journeys through `journey(name, fn)` of journey.mjs, in contexts of their own. */
export async function importsJourneys({ browser, base, journey }) {
  const owner = await apiAs(base, 'owner@example.com');
  const context = await browser.newContext({ ...devices['Pixel 7'], baseURL: base });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const see = seer(page);
  const text = (el) => el.textContent.replace(/\s+/g, ' ').trim();
  const summary = () => page.getByTestId('job-summary').evaluate(text);
  const rowErrors = () =>
    page
      .getByRole('list', { name: /^Rows (with errors|that failed)$/ })
      .getByRole('listitem')
      .evaluateAll((lis) => lis.map((li) => [...li.children].map((c) => c.textContent.trim()).join(' | ')));
  const run = Math.random().toString(36).slice(2, 8).toUpperCase();
  const badFile = {
    name: 'catalog.csv',
    mimeType: 'text/csv',
    buffer: catalog(run, (i) => (i === BAD_LINE - 2 ? 'heavy' : String(100 + i))),
  };
  const goodFile = { name: 'catalog-fixed.csv', mimeType: 'text/csv', buffer: catalog(run) };
  let appliedJob;

  async function uploadAs(file) {
    await page.getByLabel('CSV file').setInputFiles(file);
    await see(
      () => page.getByTestId('chosen-file').locator('strong').evaluate(text),
      file.name,
      'the chosen file',
    );
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.waitForURL(/\/imports\/imp_[0-9A-Z]{26}/);
  }

  await journey(
    'the owner uploads a catalog CSV and sees its bad row by line, with nothing applied',
    async () => {
      await signIn(page, 'owner@example.com');
      // straight to More: what the orders screen does under the tab bar is the orders journeys' business
      await page.goto('/more');
      await page.getByRole('link', { name: 'CSV imports' }).click();
      await page.waitForURL('**/imports');
      expect(await page.getByRole('radio', { name: 'Catalog' }).isChecked(), 'Catalog is chosen first');
      await uploadAs(badFile);
      await see(summary, '1,200 rows checked, 1 row with errors. Nothing applied.', 'the dry run');
      await see(rowErrors, [`Line ${BAD_LINE} | weight_grams: a whole number`], 'the row error by line');
      expect((await page.getByRole('button', { name: /^Apply/ }).count()) === 0, 'no Apply with row errors');
      const first = await owner('GET', `/skus/IMP-${run}-0`);
      expect(first.status === 404, `nothing applied: GET the first row's SKU answered ${first.status}`);
      await page.screenshot({ path: join(SCREENSHOTS, 'imports-dry-run.png'), fullPage: true });
    },
  );

  await journey(
    'uploads the corrected file, applies it and watches the progress reach the report',
    async () => {
      await page.getByRole('link', { name: 'Upload a corrected file' }).click();
      await page.waitForURL('**/imports?kind=catalog');
      await uploadAs(goodFile);
      appliedJob = page.url().split('/').pop();
      await see(summary, '1,200 rows checked, no errors. Nothing applied yet.', 'the clean dry run');
      await page.getByRole('button', { name: 'Apply 1,200 rows' }).click();
      const seen = [];
      const progress = page.getByTestId('progress');
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
        const shown = await progress.evaluate(text).catch(() => null);
        if (shown && seen.at(-1) !== shown) seen.push(shown);
        if (shown === '1,200 of 1,200 rows' && (await summary()) === 'Applied 1,200 rows') break;
        await page.waitForTimeout(100);
      }
      expect(seen.at(-1) === '1,200 of 1,200 rows', `progress reaches every row: ${seen.join(' → ')}`);
      const counts = seen.map((s) => Number(s.split(' of ')[0].replace(/,/g, '')));
      expect(
        counts.every((n, i) => i === 0 || n > counts[i - 1]),
        `progress only moves forward: ${seen.join(' → ')}`,
      );
      await see(summary, 'Applied 1,200 rows', 'the job is applied');
      await see(
        () =>
          page
            .locator('dl.report > div')
            .evaluateAll((ds) => ds.map((d) => d.textContent.replace(/\s+/g, ' ').trim())),
        ['Created 1,200', 'Updated 0', 'Unchanged 0', 'Failed 0'],
        'the final report',
      );
      await page.screenshot({ path: join(SCREENSHOTS, 'imports-report.png'), fullPage: true });
      const sku = await owner('GET', `/skus/IMP-${run}-${BAD_LINE - 2}`);
      expect(
        sku.status === 200 &&
          sku.body.name === `Linen napkin ${BAD_LINE - 2}` &&
          sku.body.barcodes.some((b) => b.barcode === `IMP${run}${BAD_LINE - 2}`),
        `the once-bad row's SKU is in the catalog: ${sku.status} ${JSON.stringify(sku.body)}`,
      );
    },
  );

  await journey('the same file again opens its import, and the list shows both imports', async () => {
    await page.goto('/imports');
    await uploadAs(goodFile);
    expect(page.url().includes(`/imports/${appliedJob}?again=1`), `the same import: ${page.url()}`);
    await page.getByRole('note').waitFor();
    await see(summary, 'Applied 1,200 rows', 'still applied, not applied twice');
    await page.getByRole('link', { name: 'Back' }).click();
    await page.waitForURL('**/imports');
    await see(
      () =>
        page
          .getByRole('list', { name: 'Recent imports' })
          .getByRole('link')
          .evaluateAll((as) => as.slice(0, 2).map((a) => a.querySelector('.summary').textContent.trim())),
      ['Applied 1,200 rows', '1,200 rows checked, 1 row with errors. Nothing applied.'],
      'the two imports, newest first',
    );
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SCREENSHOTS, 'imports.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: null });
  });

  await context.close();

  await journey('staff has no CSV imports entry, and the API refuses their upload', async () => {
    const staffContext = await browser.newContext({ ...devices['Pixel 7'], baseURL: base });
    staffContext.setDefaultTimeout(10_000);
    const staffPage = await staffContext.newPage();
    try {
      await signIn(staffPage, 'staff@example.com');
      await staffPage.goto('/more');
      await staffPage.getByRole('link', { name: 'Look up' }).waitFor();
      expect((await staffPage.getByRole('link', { name: 'CSV imports' }).count()) === 0, 'no imports entry');
      const refused = await staffPage.request.post('/api/v1/imports/catalog', {
        headers: { 'content-type': 'text/csv' },
        data: catalog(`STAFF${run}`),
      });
      expect(refused.status() === 403, `the API refuses a staff upload (got ${refused.status()})`);
    } finally {
      await staffContext.close();
    }
  });
}
