import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { database } from '../../db/client';
import { domainEvent } from '../../worker/services/domain-events';
import { dispatchEvent } from '../../worker/services/event-handlers';
import { notify } from '../../worker/services/push/notify';
import { returnBody, shippedOrder } from '../fixtures/returns/shipped-order';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, orderBody, receive } from '../helpers/factories';

const pushService = inject('pushEndpointUrl');
const { VAPID_PUBLIC_KEY } = env as unknown as { VAPID_PUBLIC_KEY: string };

interface BrowserSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}
interface Arrived {
  accepted: { data: { title: string; body: string; url: string; tag: string }; vapid: { k: string } }[];
  refused: string[];
}

/** A subscription as the phone's browser would make it at the local push service. */
async function browserSubscription(answer = 201): Promise<BrowserSubscription> {
  const res = await fetch(`${pushService}/__subscriptions`, {
    method: 'POST',
    body: JSON.stringify({ answer }),
  });
  return (await res.json()) as BrowserSubscription;
}
const arrived = async (sub: BrowserSubscription): Promise<Arrived> =>
  (await fetch(`${pushService}/__messages/${sub.endpoint.split('/').pop()}`)).json() as Promise<Arrived>;

/** A person of the role with one subscribed phone. */
async function phoneOf(role: 'owner' | 'manager' | 'staff' | 'seller', answer = 201) {
  const as = await signedIn(role);
  const sub = await browserSubscription(answer);
  const res = await call('POST', '/api/v1/push/subscriptions', { as, body: { ...sub, device: 'Pixel 7' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { as, sub, device: res.body.id as string };
}

const db = () => database(env);
const subscriptionRow = (id: string) =>
  env.DB.prepare('SELECT failures, last_success_at FROM push_subscriptions WHERE id = ?')
    .bind(id)
    .first<{ failures: number; last_success_at: string | null }>();

let owner: Awaited<ReturnType<typeof phoneOf>>;
let seller: Awaited<ReturnType<typeof phoneOf>>;
let staff: Awaited<ReturnType<typeof phoneOf>>;
beforeAll(async () => {
  [owner, seller, staff] = await Promise.all([phoneOf('owner'), phoneOf('seller'), phoneOf('staff')]);
});

describe('push subscriptions and alert preferences', () => {
  it('hands out the VAPID public key to signed-in people only', async () => {
    const key = await call('GET', '/api/v1/push/key', { as: staff.as });
    expect(key.body).toEqual({ public_key: VAPID_PUBLIC_KEY });
    expect((await call('GET', '/api/v1/push/key')).status).toBe(401);
  });

  it('refuses a subscription with a plain http endpoint or keys of the wrong size, storing nothing', async () => {
    const as = await signedIn('owner');
    const sub = await browserSubscription();
    const badKeys = [
      { ...sub, endpoint: 'http://push.example.com/x' },
      { ...sub, keys: { ...sub.keys, p256dh: sub.keys.p256dh.slice(0, 40) } },
      { ...sub, keys: { ...sub.keys, auth: 'AAAA' } },
    ];
    for (const body of badKeys) {
      const res = await call('POST', '/api/v1/push/subscriptions', { as, body });
      expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
    }
    expect((await call('GET', '/api/v1/push/subscriptions', { as })).body.data).toEqual([]);
  });

  it('moves a re-subscribed endpoint to whoever subscribed it last, and unsubscribes only your own', async () => {
    const first = await signedIn('manager');
    const second = await signedIn('manager');
    const sub = await browserSubscription();
    await call('POST', '/api/v1/push/subscriptions', { as: first, body: sub });
    await call('POST', '/api/v1/push/subscriptions', { as: second, body: sub });
    expect((await call('GET', '/api/v1/push/subscriptions', { as: first })).body.data).toEqual([]);
    const notMine = await call('DELETE', '/api/v1/push/subscriptions', {
      as: first,
      body: { endpoint: sub.endpoint },
    });
    expect(notMine.body).toEqual({ removed: false });
    const mine = await call('DELETE', '/api/v1/push/subscriptions', {
      as: second,
      body: { endpoint: sub.endpoint },
    });
    expect(mine.body).toEqual({ removed: true });
    expect((await call('GET', '/api/v1/push/subscriptions', { as: second })).body.data).toEqual([]);
  });

  it('starts each role on its defaults: sellers new orders, owners returns, exceptions and low stock, staff nothing', async () => {
    const on = async (as: Caller) =>
      (await call('GET', '/api/v1/push/preferences', { as })).body.alerts
        .filter((a: { enabled: boolean }) => a.enabled)
        .map((a: { kind: string }) => a.kind);
    expect(await on(seller.as)).toEqual(['new_order']);
    expect(await on(owner.as)).toEqual(['return_waiting', 'exception_opened', 'low_stock']);
    expect(await on(staff.as)).toEqual([]);
  });

  it('saves a choice, and refuses an alert the role may not receive without changing anything', async () => {
    const as = await signedIn('staff');
    const saved = await call('PUT', '/api/v1/push/preferences', {
      as,
      body: { alerts: { low_stock: true } },
    });
    expect(saved.body.alerts).toContainEqual({ kind: 'low_stock', allowed: true, enabled: true });
    const refused = await call('PUT', '/api/v1/push/preferences', {
      as,
      body: { alerts: { return_waiting: true, exception_opened: true } },
    });
    expect([refused.status, refused.body.error]).toEqual([
      403,
      expect.objectContaining({ code: 'alert_not_allowed', details: { kinds: ['return_waiting'] } }),
    ]);
    const after = (await call('GET', '/api/v1/push/preferences', { as })).body.alerts;
    expect(after).toContainEqual({ kind: 'exception_opened', allowed: true, enabled: false });
    expect(after).toContainEqual({ kind: 'return_waiting', allowed: false, enabled: false });
    const unknown = await call('PUT', '/api/v1/push/preferences', {
      as,
      body: { alerts: { weather: true } },
    });
    expect(unknown.status).toBe(400);
  });
});

/** A return the policy leaves for an owner or manager to decide. */
async function waitingReturn() {
  const policy = (await call('GET', '/api/v1/return-policy', { as: owner.as })).body;
  await call('PUT', '/api/v1/return-policy', { as: owner.as, body: { ...policy, auto_approve: false } });
  try {
    const { order } = await shippedOrder(owner.as, [1]);
    const made = await call('POST', '/api/v1/returns', {
      as: staff.as,
      body: returnBody(order, [{ line: 0, quantity: 1 }]),
    });
    expect(made.body.status).toBe('requested');
    return made.body as { id: string; number: string };
  } finally {
    await call('PUT', '/api/v1/return-policy', { as: owner.as, body: policy });
  }
}

describe('the notifier', () => {
  it('pushes a return waiting for approval to owners, encrypted and VAPID-signed, opening the return', async () => {
    const made = await waitingReturn();

    const tally = await notify(env, db(), Date.now());
    expect(tally?.sent).toBeGreaterThanOrEqual(1);
    const got = await arrived(owner.sub);
    const alert = got.accepted.find((a) => a.data.url === `/returns/${made.id}`);
    expect(alert?.data).toMatchObject({ title: `Return ${made.number} waits for your approval` });
    expect(alert?.vapid.k).toBe(VAPID_PUBLIC_KEY);
    expect(got.refused).toEqual([]);
    const others = [...(await arrived(seller.sub)).accepted, ...(await arrived(staff.sub)).accepted];
    expect(others.map((a) => a.data.url)).not.toContain(`/returns/${made.id}`);
    expect((await subscriptionRow(owner.device))?.last_success_at).not.toBeNull();

    await notify(env, db(), Date.now());
    const again = (await arrived(owner.sub)).accepted.filter((a) => a.data.url === `/returns/${made.id}`);
    expect(again).toHaveLength(1);
  });

  it('does not push a return someone decided before the notifier ran', async () => {
    const made = await waitingReturn();
    await call('POST', `/api/v1/returns/${made.id}/approve`, { as: owner.as, body: {} });
    await notify(env, db(), Date.now());
    const urls = (await arrived(owner.sub)).accepted.map((a) => a.data.url);
    expect(urls).not.toContain(`/returns/${made.id}`);
  });

  it('pushes a new order to sellers as soon as it is captured', async () => {
    const loc = await makeLocation(owner.as);
    const { sku } = await makeSku(owner.as);
    await receive(owner.as, sku, loc.code, 3);
    const placed = await call('POST', '/api/v1/orders', {
      as: seller.as,
      body: orderBody([{ sku, quantity: 1 }], { customer: { name: 'Ada Lovelace' } }),
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    await vi.waitFor(
      async () => {
        const alert = (await arrived(seller.sub)).accepted.find(
          (a) => a.data.url === `/orders/${placed.body.id}`,
        );
        expect(alert?.data.title).toBe(`New order ${placed.body.external_id}`);
        expect(alert?.data.body).toMatch(/^15\.00 USD on manual/);
      },
      { timeout: 10_000, interval: 200 },
    );
    const ownerUrls = (await arrived(owner.sub)).accepted.map((a) => a.data.url);
    expect(ownerUrls).not.toContain(`/orders/${placed.body.id}`);
  }, 20_000);

  it('pushes an exception opened anywhere, once, to the owner', async () => {
    const id = `exc_${uid()}`;
    await env.DB.prepare(
      `INSERT INTO exceptions (id, kind, status, channel, message) VALUES (?, 'unmatched_sku', 'open', 'shop', ?)`,
    )
      .bind(id, 'Channel SKU TEE-XL has no listing')
      .run();
    await notify(env, db(), Date.now());
    await notify(env, db(), Date.now());
    const alerts = (await arrived(owner.sub)).accepted.filter((a) => a.data.url === `/exceptions?id=${id}`);
    expect(alerts.map((a) => a.data)).toEqual([
      expect.objectContaining({
        title: 'Exception: unmatched sku',
        body: 'Channel SKU TEE-XL has no listing',
      }),
    ]);
  });

  it('alerts once when a SKU falls to its safety stock, and again only after it recovered', async () => {
    const loc = await makeLocation(owner.as);
    const { sku } = await makeSku(owner.as);
    await receive(owner.as, sku, loc.code, 3);
    await call('PUT', `/api/v1/inventory/${sku}/safety-stock`, {
      as: owner.as,
      body: { location: loc.code, quantity: 3 },
    });
    const changed = (n: number) =>
      dispatchEvent(env, db(), domainEvent('stock.changed', sku, { sku }, `${n}`));
    const lowAlerts = async () =>
      (await arrived(owner.sub)).accepted.filter((a) => a.data.title === `Low stock: ${sku}`);
    await changed(1);
    await changed(2);
    expect((await lowAlerts()).map((a) => a.data.body)).toEqual(['3 available against a safety stock of 3']);
    await receive(owner.as, sku, loc.code, 5);
    await changed(3);
    expect(await lowAlerts()).toHaveLength(1);
    await call('PUT', `/api/v1/inventory/${sku}/safety-stock`, {
      as: owner.as,
      body: { location: loc.code, quantity: 8 },
    });
    await changed(4);
    expect(await lowAlerts()).toHaveLength(2);
  });

  it('deletes a subscription the push service says is gone, and counts other failures', async () => {
    const gone = await phoneOf('owner', 410);
    const broken = await phoneOf('owner', 500);
    const id = `exc_${uid()}`;
    await env.DB.prepare(
      `INSERT INTO exceptions (id, kind, status, message) VALUES (?, 'sync_failure', 'open', 'Shop refused')`,
    )
      .bind(id)
      .run();
    const tally = await notify(env, db(), Date.now());
    expect(tally).toMatchObject({ gone: 1, failed: 1 });
    expect(await subscriptionRow(gone.device)).toBeNull();
    expect(await subscriptionRow(broken.device)).toMatchObject({ failures: 1 });
    expect((await arrived(broken.sub)).refused).toEqual([]);
  });
});
