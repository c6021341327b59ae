import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { database } from '../../db/client';
import { domainEvent } from '../../worker/services/domain-events';
import { dispatchEvent } from '../../worker/services/event-handlers';
import { type Caller, call, signedIn, uid } from '../helpers/api';

const receiver = inject('webhookReceiverUrl');

interface Receipt {
  status: number;
  signatureValid: boolean;
  eventId: string;
  body: string;
}

const receipts = async (key: string): Promise<Receipt[]> =>
  (await fetch(`${receiver}/__received/${key}`)).json();

describe('outbound webhooks', () => {
  let owner: Caller;

  beforeAll(async () => {
    owner = await signedIn('owner');
  });

  /** A subscription to a receiver key that answers 500 `failures` times before it accepts. */
  async function subscriber(events: string[], failures = 0) {
    const key = uid();
    const res = await call('POST', '/api/v1/webhook-subscriptions', {
      as: owner,
      body: { url: `${receiver}/hooks/${key}`, events, description: 'ERP' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_/);
    await fetch(`${receiver}/__setup/${key}`, {
      method: 'PUT',
      body: JSON.stringify({ secret: res.body.secret, failures }),
    });
    return { key, id: res.body.id as string };
  }

  const publish = (type: 'order.created' | 'order.cancelled' | 'stock.changed', subject: string) =>
    dispatchEvent(env, database(env), domainEvent(type, subject, { note: 'a "quoted" value' }));

  it('signs every delivery so the subscriber can verify it, and sends each subscribed event once', async () => {
    const { key, id } = await subscriber(['order.created', 'order.cancelled']);
    const subject = `ord_${uid()}`;
    await publish('order.created', subject);
    await publish('order.created', subject); // the events queue delivers at least once
    await publish('order.cancelled', subject);
    await publish('stock.changed', `SKU-${uid()}`); // not subscribed
    await vi.waitFor(async () => expect(await receipts(key)).toHaveLength(2), {
      timeout: 20_000,
      interval: 200,
    });
    const got = await receipts(key);
    expect(got.every((r) => r.signatureValid && r.status === 200)).toBe(true);
    expect(got.map((r) => r.eventId).sort()).toEqual([
      `order.cancelled:${subject}`,
      `order.created:${subject}`,
    ]);
    expect(JSON.parse(got[0]!.body)).toMatchObject({ data: { subject, note: 'a "quoted" value' } });
    const log = await call('GET', `/api/v1/webhook-subscriptions/${id}/deliveries`, { as: owner });
    expect(log.body.data).toHaveLength(2);
    expect(log.body.data[0]).toMatchObject({ status: 'delivered', attempts: 1, last_status: 200 });
  }, 30_000);

  it('retries a receiver that fails twice with backoff until it has the event exactly once', async () => {
    const { key, id } = await subscriber(['order.created'], 2);
    const subject = `ord_${uid()}`;
    await publish('order.created', subject);
    await vi.waitFor(async () => expect((await receipts(key)).some((r) => r.status === 200)).toBe(true), {
      timeout: 40_000,
      interval: 500,
    });
    const got = await receipts(key);
    expect(got.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(got.every((r) => r.signatureValid && r.eventId === `order.created:${subject}`)).toBe(true);
    const log = await call('GET', `/api/v1/webhook-subscriptions/${id}/deliveries`, { as: owner });
    expect(log.body.data).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 3, last_status: 200, last_error: null }),
    ]);
  }, 60_000);

  it('redelivers by hand, with a fresh signature and the same event', async () => {
    const { key, id } = await subscriber(['stock.changed']);
    await publish('stock.changed', `SKU-${uid()}`);
    await vi.waitFor(async () => expect(await receipts(key)).toHaveLength(1), {
      timeout: 20_000,
      interval: 200,
    });
    const delivery = (await call('GET', `/api/v1/webhook-subscriptions/${id}/deliveries`, { as: owner })).body
      .data[0];
    const again = await call('POST', `/api/v1/webhook-deliveries/${delivery.id}/redeliver`, { as: owner });
    expect(again.status).toBe(202);
    await vi.waitFor(async () => expect(await receipts(key)).toHaveLength(2), {
      timeout: 20_000,
      interval: 200,
    });
    const [first, second] = await receipts(key);
    expect(second).toMatchObject({
      status: 200,
      signatureValid: true,
      eventId: first!.eventId,
      body: first!.body,
    });
    const missing = await call('POST', '/api/v1/webhook-deliveries/whd_nope/redeliver', { as: owner });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
  }, 30_000);

  it('refuses plain-http URLs and unknown events, never shows the secret again, and stops after a delete', async () => {
    for (const body of [
      { url: 'http://example.com/hook', events: ['order.created'] },
      { url: 'https://example.com/hook', events: ['order.exploded'] },
      { url: 'https://example.com/hook', events: [] },
      { url: 'not a url', events: ['order.created'] },
    ]) {
      const res = await call('POST', '/api/v1/webhook-subscriptions', { as: owner, body });
      expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
    }
    const { id } = await subscriber(['order.created']);
    const list = await call('GET', '/api/v1/webhook-subscriptions', { as: owner });
    const listed = list.body.data.find((s: { id: string }) => s.id === id);
    expect(listed).toMatchObject({ events: ['order.created'], active: true });
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    const staff = await call('GET', '/api/v1/webhook-subscriptions', { as: await signedIn('staff') });
    expect(staff.status).toBe(403);
    expect((await call('DELETE', `/api/v1/webhook-subscriptions/${id}`, { as: owner })).status).toBe(204);
    expect((await call('DELETE', `/api/v1/webhook-subscriptions/${id}`, { as: owner })).status).toBe(404);
    await publish('order.created', `ord_${uid()}`);
    const rows = await env.DB.prepare(
      'select count(*) as n from webhook_deliveries where subscription_id = ?',
    )
      .bind(id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(0);
  });
});
