// The owner's phone journeys: a return waiting for approval arrives as a push (the payload the Worker
// really sent, decrypted at a local push service, handed to the service worker over CDP because headless
// Chromium has no push service), the notification opens the return and one tap approves it; an unmatched
// channel SKU is linked from the exception inbox by scanning our barcode (typed into the scan box, the
// same handler the camera calls); a passkey is added on Settings and signs the owner in (Chromium's
// virtual authenticator, on http://localhost: WebAuthn refuses an IP address as the site).
import { devices } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/demo-users.mjs';
import { startPushEndpoint } from '../node/push-endpoint.ts';
import { apiAs, expect, seer } from './helpers.mjs';

const OWNER = 'owner@example.com';
const rand = () => Math.random().toString(36).slice(2, 8).toUpperCase();

/** Runs the approvals journeys through `journey(name, fn)` of journey.mjs, in contexts of their own. */
export async function approvalsJourneys({ browser, base, journey }) {
  const pushService = await startPushEndpoint();
  try {
    await run(browser, base, journey, pushService.url);
  } finally {
    await pushService.close();
  }
}

async function signIn(page, email) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** An EAN-13 with its check digit, starting 20 (a number kept for in-store use). */
function ean13() {
  const body = `20${String(Date.now()).slice(-10)}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** A shipped one-unit order of a new SKU at a new location (through the API: no seeded figure changes). */
async function shippedOrder(owner) {
  const sku = `RET-${rand()}`;
  const location = `RET-${rand()}`;
  await owner('POST', '/locations', {
    code: location,
    name: 'Returns desk',
    kind: 'warehouse',
    address: { line1: '2 Dock St', city: 'Newark', country: 'US' },
    lat: 40.7357,
    lng: -74.1724,
  });
  await owner('POST', '/skus', { sku, name: 'Linen napkin set' });
  await owner('POST', `/inventory/${sku}/movements`, { type: 'receive', location, quantity: 2 });
  const placed = await owner('POST', '/orders', {
    channel: 'manual',
    external_id: `RET-${rand()}`,
    currency: 'USD',
    lines: [{ sku, quantity: 1, unit_price: 2900 }],
    ship_to: { name: 'Mary Jackson', city: 'Newark', country: 'US', lat: 40.7357, lng: -74.1724 },
  });
  expect(placed.status === 201, `order: ${JSON.stringify(placed.body)}`);
  const list = await owner('POST', '/pick-lists', { location });
  const shipment = list.body.shipments[0].id;
  await owner('POST', `/pick-lists/${list.body.id}/picks`, { op_id: `op-${rand()}`, code: sku, quantity: 1 });
  const packed = await owner('POST', `/shipments/${shipment}/pack`, {
    scans: [{ code: sku, quantity: 1 }],
    packages: [{ weight_grams: 300 }],
  });
  expect(packed.status === 200, `pack: ${JSON.stringify(packed.body)}`);
  await owner('POST', `/shipments/${shipment}/tracking`, { carrier: 'USPS', tracking_code: `9400${rand()}` });
  const shipped = await owner('POST', `/shipments/${shipment}/ship`);
  expect(shipped.body?.status === 'shipped', `ship: ${JSON.stringify(shipped.body)}`);
  return placed.body;
}

async function run(browser, base, journey, pushService) {
  const owner = await apiAs(base, OWNER);

  const context = await browser.newContext({
    ...devices['Pixel 7'],
    baseURL: base,
    permissions: ['notifications'],
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const see = seer(page);

  await journey(
    'a return waiting for approval reaches the owner as a push, opens from it, and one tap approves it',
    async () => {
      // the owner's phone, as the Worker knows it: a subscription at the local push service
      const sub = await fetch(`${pushService}/__subscriptions`, { method: 'POST', body: '{}' }).then((r) =>
        r.json(),
      );
      const subscribed = await owner('POST', '/push/subscriptions', { ...sub, device: 'Pixel 7' });
      expect(subscribed.status === 201, `subscribe: ${JSON.stringify(subscribed.body)}`);

      const order = await shippedOrder(owner);
      const policy = (await owner('GET', '/return-policy')).body;
      await owner('PUT', '/return-policy', { ...policy, auto_approve: false });
      const made = await owner('POST', '/returns', {
        order_id: order.id,
        lines: [{ order_line_id: order.lines[0].id, quantity: 1, reason: 'damaged' }],
      });
      await owner('PUT', '/return-policy', policy);
      expect(made.body?.status === 'requested', `return: ${JSON.stringify(made.body)}`);

      // the minute cron's notifier sends it; the local push service decrypts what the Worker sent
      await fetch(`${base}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`);
      let payload;
      await see(
        async () => {
          const { accepted } = await fetch(`${pushService}/__messages/${sub.endpoint.split('/').pop()}`).then(
            (r) => r.json(),
          );
          payload = accepted.find((m) => m.data.url === `/returns/${made.body.id}`)?.data;
          return payload?.title;
        },
        `Return ${made.body.number} waits for your approval`,
        'the push the Worker sent',
      );

      await page.goto('/orders');
      await page.waitForURL('**/sign-in**');
      await signIn(page, OWNER);
      await page.waitForURL('**/orders');
      await page.evaluate(() => navigator.serviceWorker.ready);
      await see(
        () => page.evaluate(() => navigator.serviceWorker.controller !== null),
        true,
        'the service worker controls the page',
      );

      const cdp = await context.newCDPSession(page);
      const origin = new URL(base).origin;
      const registered = new Promise((resolve) =>
        cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
          const r = registrations.find((x) => x.scopeURL.startsWith(origin) && !x.isDeleted);
          if (r) resolve(r.registrationId);
        }),
      );
      await cdp.send('ServiceWorker.enable');
      const registrationId = await registered;
      await cdp.send('ServiceWorker.deliverPushMessage', {
        origin,
        registrationId,
        data: JSON.stringify(payload),
      });
      const shown = () =>
        page.evaluate(async () =>
          (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => [
            n.title,
            n.body,
            n.data?.url,
          ]),
        );
      await see(shown, [[payload.title, payload.body, `/returns/${made.body.id}`]], 'the notification shown');

      // tap 1: the notification. Headless Chromium cannot click a system notification, so its
      // notificationclick handler runs on the shown notification from inside the service worker.
      const [worker] = context.serviceWorkers();
      await worker.evaluate(async () => {
        const [notification] = await self.registration.getNotifications();
        self.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
      });
      await page.waitForURL(`**/returns/${made.body.id}`);
      await see(
        () => page.getByText('Waits because:').textContent(),
        `Waits because: ${made.body.approval.reasons.join('; ')}`,
        'why it waits',
      );
      // tap 2: Approve
      await page.getByRole('button', { name: 'Approve' }).click();
      await see(() => page.locator('.summary .badge').textContent(), 'approved', 'the status on screen');
      const after = await owner('GET', `/returns/${made.body.id}`);
      expect(after.body.status === 'approved', `API status: ${after.body.status}`);
      await cdp.detach();
    },
  );

  await journey(
    'an unmatched channel SKU is linked by scanning our barcode in the exception inbox',
    async () => {
      const sku = `NAP-${rand()}`;
      const barcode = ean13();
      const made = await owner('POST', '/skus', { sku, name: 'Napkin ring', barcodes: [barcode] });
      expect(made.status === 201, `sku: ${JSON.stringify(made.body)}`);
      await owner('POST', `/inventory/${sku}/movements`, { type: 'receive', location: 'NJ-WH', quantity: 5 });
      const channelSku = `EBAY-LISTING-${rand()}`;
      const order = await owner('POST', '/orders', {
        channel: 'ebay',
        external_id: `EB-${rand()}`,
        currency: 'USD',
        lines: [{ sku: channelSku, quantity: 1, unit_price: 1500 }],
        ship_to: { name: 'Dorothy Vaughan', city: 'Hampton', country: 'US', lat: 37.0299, lng: -76.3452 },
      });
      const open = (await owner('GET', '/exceptions?kind=unmatched_sku&limit=200')).body.data;
      const exception = open.find((e) => e.sku === channelSku);
      expect(exception, `no exception for ${channelSku}`);

      await page.goto(`/exceptions?id=${exception.id}`);
      await see(
        () => page.getByRole('heading', { name: `Link ${channelSku}` }).isVisible(),
        true,
        'the link panel',
      );
      await page.getByRole('textbox', { name: 'Barcode or SKU' }).fill(barcode);
      await page.getByRole('button', { name: 'Link', exact: true }).click();
      await see(
        () =>
          page
            .getByRole('status')
            .textContent()
            .then((t) => t.trim()),
        `${channelSku} on ebay is now ${sku}: 1 order released.`,
        'the link confirmation',
      );
      const listings = (await owner('GET', '/listings?channel=ebay')).body.data;
      expect(
        listings.some((l) => l.channel_sku === channelSku && l.sku === sku),
        'listing stored',
      );
      const released = await owner('GET', `/orders/${order.body.id}`);
      expect(released.body.status === 'allocated', `order is ${released.body.status}`);
      const still = (await owner('GET', '/exceptions?kind=unmatched_sku&limit=200')).body.data;
      expect(!still.some((e) => e.id === exception.id), 'the exception is resolved');
    },
  );
  await context.close();

  await journey('the owner adds a passkey on Settings and signs in with it', async () => {
    const local = base.replace('127.0.0.1', 'localhost');
    const ctx = await browser.newContext({ ...devices['Pixel 7'], baseURL: local });
    ctx.setDefaultTimeout(10_000);
    const p = await ctx.newPage();
    const look = seer(p);
    try {
      const cdp = await ctx.newCDPSession(p);
      await cdp.send('WebAuthn.enable');
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });
      await p.goto('/settings');
      await p.waitForURL('**/sign-in**');
      await signIn(p, OWNER);
      await p.waitForURL('**/settings');
      await p.getByRole('button', { name: 'Add a passkey' }).click();
      await look(() => p.getByText('Passkey added.').isVisible(), true, 'passkey added');
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(credentials.length === 1 && credentials[0].isResidentCredential, 'one discoverable credential');

      await p.goto('/more');
      await p.getByRole('button', { name: 'Sign out' }).click();
      await p.waitForURL('**/sign-in**');
      await p.getByRole('button', { name: 'Use a passkey' }).click();
      await p.waitForURL('**/orders');
      const me = await p.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.json()));
      expect(me.user?.email === OWNER, `signed in as ${JSON.stringify(me)}`);
      const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      const stored = (await owner('GET', '/passkeys')).body.data;
      expect(stored.length === 1 && stored[0].last_used_at, `passkey used: ${JSON.stringify(stored)}`);
      expect(after.credentials[0].signCount >= 1, 'the authenticator counted the sign-in');
    } finally {
      await ctx.close();
    }
  });
}
