// Shared by the journeys: API calls as a demo person, polling the page, plain assertions.
import { DEMO_PASSWORD } from '../../scripts/demo-users.mjs';

/** `call(method, path, body)` against /api/v1 signed in as a demo person; answers `{ status, body }`. */
export async function apiAs(base, email) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`sign-in as ${email}: ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  return async (method, path, body) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
}

/** Polls `read` until it gives `expected`; what it gave last is in the error. */
export function seer(page) {
  return async (read, expected, what) => {
    const want = JSON.stringify(expected);
    let got;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      got = JSON.stringify(await read().catch((e) => `error: ${e.message.split('\n')[0]}`));
      if (got === want) return;
      await page.waitForTimeout(100);
    }
    throw new Error(`${what}\n  expected ${want}\n  saw      ${got}`);
  };
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Delivers `body` to the Worker as Shopify would: the exact bytes, signed with the channel's webhook secret. */
export async function deliverShopifyWebhook(base, { channel, secret, topic, body }) {
  const { createHmac, randomUUID } = await import('node:crypto');
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${base}/api/v1/webhooks/shopify/${channel}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(raw).digest('base64'),
      'x-shopify-webhook-id': randomUUID(),
      'x-shopify-shop-domain': 'switchyard-e2e.myshopify.com',
    },
    body: raw,
  });
  if (res.status !== 200) throw new Error(`${topic} webhook: ${res.status} ${await res.text()}`);
}
