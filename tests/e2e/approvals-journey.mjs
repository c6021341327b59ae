// The owner's phone journeys. A Shopify customer's return (the fixture order, returned on the shop) arrives
// as a signed returns/request webhook and waits for approval: the owner gets the push (the payload the
// Worker really sent, decrypted at a local push service, handed to the service worker over CDP because
// headless Chromium has no push service), opens the return from it and approves it (two taps); staff at a
// store scan it in and restock, and the local Shopify receives the new stock level; an unmatched
// channel SKU is linked from the exception inbox by scanning our barcode (typed into the scan box, the
// same handler the camera calls); a passkey is added on Settings and signs the owner in (Chromium's
// virtual authenticator, on http://localhost: WebAuthn refuses an IP address as the site).
import { readFileSync } from 'node:fs';
import { devices } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/demo-users.mjs';
import { startPushEndpoint } from '../node/push-endpoint.ts';
import { startFakeShopify } from '../node/shopify-server.ts';
import { apiAs, deliverShopifyWebhook, expect, seer } from './helpers.mjs';
import { receiveByScanning } from './return-receive-journey.mjs';

const fixture = (name) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

const OWNER = 'owner@example.com';
const rand = () => Math.random().toString(36).slice(2, 8).toUpperCase();

/** Runs the approvals journeys through `journey(name, fn)` of journey.mjs, in contexts of their own. */
export async function approvalsJourneys({ browser, base, journey }) {
  const [pushService, shopify] = await Promise.all([startPushEndpoint(), startFakeShopify()]);
  try {
    await run(browser, base, journey, pushService.url, shopify.url);
  } finally {
    await Promise.all([pushService.close(), shopify.close()]);
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

/**
 * A Shopify channel at the local Shopify, our three SKUs listed as the fixture order's (stock at a new
 * warehouse only), and the fixture order captured from its orders/create webhook, then picked, packed and
 * shipped. Answers what the journey needs to return it.
 */
async function shippedShopifyOrder(owner, base, shopify) {
  const tag = rand();
  const token = `shpat_e2e_${tag}`;
  const secret = `shpss_e2e_${tag}`;
  const ok = (what, res, status = [200, 201]) =>
    expect(status.includes(res.status), `${what}: ${res.status} ${JSON.stringify(res.body)}`);
  const channel = await owner('POST', '/channels', {
    type: 'shopify',
    name: 'Shopify (local)',
    config: {
      shop_domain: 'switchyard-e2e.myshopify.com',
      webhook_secret: secret,
      access_token: token,
      api_base_url: shopify,
    },
  });
  ok('channel', channel);
  const warehouse = `RET-${tag}`;
  ok(
    'location',
    await owner('POST', '/locations', {
      code: warehouse,
      name: 'Returns desk',
      kind: 'warehouse',
      address: { line1: '2 Dock St', city: 'Newark', country: 'US' },
      lat: 40.7357,
      lng: -74.1724,
    }),
  );
  const order = JSON.parse(fixture('shopify-rest-order.json')).order;
  const skus = {};
  for (const [i, line] of order.line_items.entries()) {
    const sku = `NANO-${tag}-${i}`;
    skus[line.sku] = { sku, item: String(700_000_000 + i), lineItem: line.id };
    ok('sku', await owner('POST', '/skus', { sku, name: line.name }));
    ok(
      'stock',
      await owner('POST', `/inventory/${sku}/movements`, {
        type: 'receive',
        location: warehouse,
        quantity: 2,
      }),
    );
    ok(
      'listing',
      await owner('POST', '/listings', {
        channel: channel.body.id,
        channel_sku: line.sku,
        sku,
        external: { inventory_item_id: skus[line.sku].item, location_id: '905684977' },
      }),
    );
  }
  // the shop has the order, and sends us its orders/create
  await fetch(`${shopify}/__orders?token=${token}`, { method: 'POST', body: JSON.stringify(order) });
  await deliverShopifyWebhook(base, {
    channel: channel.body.id,
    secret,
    topic: 'orders/create',
    body: JSON.stringify(order),
  });
  let captured;
  for (const deadline = Date.now() + 15_000; !captured && Date.now() < deadline; ) {
    const found = (await owner('GET', `/orders?q=${order.id}`)).body?.data ?? [];
    captured = found.find((o) => o.channel === channel.body.id && o.status === 'allocated');
    if (!captured) await new Promise((r) => setTimeout(r, 200));
  }
  expect(captured, `the fixture order ${order.id} was not captured and allocated`);
  const list = await owner('POST', '/pick-lists', { location: warehouse });
  ok('pick list', list);
  for (const { sku } of Object.values(skus))
    ok(
      'pick',
      await owner('POST', `/pick-lists/${list.body.id}/picks`, { op_id: `op-${rand()}`, code: sku }),
    );
  const shipment = list.body.shipments[0].id;
  ok(
    'pack',
    await owner('POST', `/shipments/${shipment}/pack`, {
      scans: Object.values(skus).map(({ sku }) => ({ code: sku })),
      packages: [{ weight_grams: 600 }],
    }),
  );
  ok(
    'tracking',
    await owner('POST', `/shipments/${shipment}/tracking`, { carrier: 'USPS', tracking_code: `9400${tag}` }),
  );
  const shipped = await owner('POST', `/shipments/${shipment}/ship`);
  expect(shipped.body?.status === 'shipped', `ship: ${JSON.stringify(shipped.body)}`);
  return { channel: channel.body.id, secret, token, order, orderId: captured.id, skus };
}

/** The returns/request Shopify sends when the customer asks to return these line items of the order. */
function returnRequest(order, lineItems) {
  const id = 5_000_000 + Math.floor(Math.random() * 1e6);
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Return/${id}`,
    status: 'requested',
    order: { id: order.id, admin_graphql_api_id: `gid://shopify/Order/${order.id}` },
    total_return_line_items: lineItems.length,
    name: `${order.name}-R1`,
    return_line_items: lineItems.map((item, i) => ({
      id: id + i + 1,
      admin_graphql_api_id: `gid://shopify/ReturnLineItem/${id + i + 1}`,
      fulfillment_line_item: {
        id: id + i + 100,
        admin_graphql_api_id: `gid://shopify/FulfillmentLineItem/${id + i + 100}`,
        line_item: { id: item, admin_graphql_api_id: `gid://shopify/LineItem/${item}` },
      },
      quantity: 1,
      return_reason: 'defective',
      return_reason_note: '',
      customer_note: 'it broke during shipping',
    })),
  };
}

async function run(browser, base, journey, pushService, shopify) {
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
    "a Shopify customer's return reaches the owner as a push and two taps approve it; staff scan it in at a store, restock, and Shopify gets the new stock level",
    async () => {
      // the owner's phone, as the Worker knows it: a subscription at the local push service
      const sub = await fetch(`${pushService}/__subscriptions`, { method: 'POST', body: '{}' }).then((r) =>
        r.json(),
      );
      const subscribed = await owner('POST', '/push/subscriptions', { ...sub, device: 'Pixel 7' });
      expect(subscribed.status === 201, `subscribe: ${JSON.stringify(subscribed.body)}`);

      const shop = await shippedShopifyOrder(owner, base, shopify);
      const levels = async () =>
        (await fetch(`${shopify}/__levels?token=${shop.token}`).then((r) => r.json())).levels;
      // the fixture refund's two line items come back: worth 398.00, more than the policy approves alone
      const refund = JSON.parse(fixture('shopify-rest-refund.json')).refund;
      const returned = refund.refund_line_items.map((l) =>
        Object.values(shop.skus).find((s) => s.lineItem === l.line_item_id),
      );
      const inventoryItem = (s) => `gid://shopify/InventoryItem/${s.item}`;
      // each SKU: 2 received, 1 shipped; Shopify shows what is left
      await see(
        async () => {
          const now = await levels();
          return returned.map((s) => now[inventoryItem(s)]);
        },
        [1, 1],
        'Shopify levels before the return',
      );
      const request = returnRequest(
        shop.order,
        returned.map((s) => s.lineItem),
      );
      await deliverShopifyWebhook(base, {
        channel: shop.channel,
        secret: shop.secret,
        topic: 'returns/request',
        body: request,
      });
      let made;
      await see(
        async () => {
          const [rma] = (await owner('GET', `/returns?order_id=${shop.orderId}`)).body.data;
          made = rma && (await owner('GET', `/returns/${rma.id}`)).body;
          return made && [made.source, made.status, made.lines.map((l) => l.sku)];
        },
        ['channel', 'requested', returned.map((s) => s.sku)],
        'the return made from the Shopify returns/request',
      );

      // the minute cron's notifier sends it; the local push service decrypts what the Worker sent
      await fetch(`${base}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`);
      let payload;
      await see(
        async () => {
          const { accepted } = await fetch(`${pushService}/__messages/${sub.endpoint.split('/').pop()}`).then(
            (r) => r.json(),
          );
          payload = accepted.find((m) => m.data.url === `/returns/${made.id}`)?.data;
          return payload?.title;
        },
        `Return ${made.number} waits for your approval`,
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
      await see(shown, [[payload.title, payload.body, `/returns/${made.id}`]], 'the notification shown');

      // tap 1: the notification. Headless Chromium cannot click a system notification, so its
      // notificationclick handler runs on the shown notification from inside the service worker.
      const [worker] = context.serviceWorkers();
      await worker.evaluate(async () => {
        const [notification] = await self.registration.getNotifications();
        self.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
      });
      await page.waitForURL(`**/returns/${made.id}`);
      await see(
        () => page.getByText('Waits because:').textContent(),
        `Waits because: ${made.approval.reasons.join('; ')}`,
        'why it waits',
      );
      // tap 2: Approve
      await page.getByRole('button', { name: 'Approve' }).click();
      await see(() => page.locator('.summary .badge').textContent(), 'approved', 'the status on screen');
      const after = await owner('GET', `/returns/${made.id}`);
      expect(after.body.status === 'approved', `API status: ${after.body.status}`);

      // staff at the Brooklyn store scan the parcel in and keep both units on sale there
      const store = await browser.newContext({ ...devices['Pixel 7'], baseURL: base });
      store.setDefaultTimeout(10_000);
      try {
        const staff = await store.newPage();
        await staff.goto('/receive-return');
        await staff.waitForURL('**/sign-in?next=%2Freceive-return');
        await signIn(staff, 'staff@example.com');
        await staff.waitForURL('**/receive-return');
        await receiveByScanning(staff, seer(staff), {
          number: made.number,
          location: 'BK-STORE',
          skus: returned.map((s) => s.sku),
        });
      } finally {
        await store.close();
      }
      const received = await owner('GET', `/returns/${made.id}`);
      expect(
        received.body.status === 'inspected' && received.body.lines.every((l) => l.restocked === 1),
        `after the receipt: ${JSON.stringify(received.body)}`,
      );
      // the restock reaches Shopify as inventorySetQuantities with the new level
      await see(
        async () => {
          const now = await levels();
          return returned.map((s) => now[inventoryItem(s)]);
        },
        [2, 2],
        'Shopify levels after the restock',
      );
      const { arrivals } = await fetch(`${shopify}/__levels?token=${shop.token}`).then((r) => r.json());
      for (const s of returned)
        expect(
          arrivals.some((a) => a.set[inventoryItem(s)] === 2),
          `no inventorySetQuantities set ${s.sku} to 2: ${JSON.stringify(arrivals)}`,
        );

      // Shopify's refund for the return (the fixture refunds/create) is linked, not made twice, and closes it
      await deliverShopifyWebhook(base, {
        channel: shop.channel,
        secret: shop.secret,
        topic: 'refunds/create',
        body: refund,
      });
      await see(
        async () => {
          const r = (await owner('GET', `/returns/${made.id}`)).body;
          return [r.status, r.refunds.map((f) => [f.status, f.channel_amount])];
        },
        ['closed', [['from_channel', 20900]]],
        'the return after the Shopify refund',
      );
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
