import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { database } from '../../db/client';
import worker from '../../worker/index';
import { pollChannel } from '../../worker/services/channel-adapters/poll-channels';
import { pollChannelReturns } from '../../worker/services/returns/poll-channel-returns';
import search from '../fixtures/channels/ebay-return-search-response.json';
import { shipEverythingAt } from '../fixtures/returns/ship-channel-orders';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive } from '../helpers/factories';

const ebay = inject('ebayUrl');
const ORDER = '06-15211-22068';
const MINUTE = 60_000;
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

async function ebayChannel(behaviour = '', rateLimits?: Record<string, unknown>) {
  const refresh = `${behaviour}${uid()}`;
  const res = await call('POST', '/api/v1/channels', {
    as: owner,
    body: {
      type: 'ebay',
      name: 'eBay',
      config: {
        client_id: `SwitchYa-${uid()}-PRD`,
        client_secret: 'PRD-secret-0123',
        refresh_token: refresh,
        verification_token: 'switchyard-verification-token-0123456789',
        api_base_url: ebay,
        orders_since: '2026-01-01T00:00:00Z',
      },
      ...(rateLimits ? { rate_limits: rateLimits } : {}),
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { channel: res.body.id as string, token: `ebay-${refresh}` };
}

/** The fixture order 06-15211-22068 (two mugs, one tea towel), captured by the order poll and shipped. */
async function shippedEbayOrder(channel: string) {
  const loc = await makeLocation(owner);
  for (const channelSku of ['MUG-ESP-BLU', '325871430298/614220418871']) {
    const { sku } = await makeSku(owner);
    await receive(owner, sku, loc.code, 5);
    await call('POST', '/api/v1/listings', { as: owner, body: { channel, channel_sku: channelSku, sku } });
  }
  await pollChannel(env, database(env), channel);
  expect(await shipEverythingAt(owner, loc.code)).toHaveLength(1);
  const orders = (await call('GET', `/api/v1/orders?channel=${channel}&limit=50`, { as: owner })).body
    .data as {
    id: string;
    external_id: string;
  }[];
  return orders.find((o) => o.external_id === ORDER)!;
}

type Member = (typeof search.members)[number];

/** The fixture's returns, created an hour ago, each changed by `edit`. */
async function seedReturns(token: string, edit: (m: Member, i: number) => object = (m) => m) {
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  const members = structuredClone(search.members).map((m, i) =>
    edit({ ...m, creationInfo: { ...m.creationInfo, creationDate: { value: hourAgo } } }, i),
  );
  const res = await fetch(`${ebay}/__returns?token=${encodeURIComponent(token)}`, {
    method: 'POST',
    body: JSON.stringify({ members }),
  });
  expect(res.status).toBe(200);
}

async function tick(at: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: at }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const cursorOf = (channel: string) =>
  env.DB.prepare(`SELECT cursor, next_poll_at FROM channel_cursors WHERE channel = ? AND stream = 'returns'`)
    .bind(channel)
    .first<{ cursor: string | null; next_poll_at: string | null }>();
/** The order's returns in the order they were made (by RMA number). */
const returnsOf = async (orderId: string) =>
  (
    (await call('GET', `/api/v1/returns?order_id=${orderId}`, { as: owner })).body.data as {
      id: string;
      number: string;
      status: string;
      source: string;
    }[]
  ).sort((a, b) => a.number.localeCompare(b.number));
const detail = async (id: string) => (await call('GET', `/api/v1/returns/${id}`, { as: owner })).body;
const unmatchedOf = async (channel: string) =>
  (await call('GET', '/api/v1/exceptions?kind=return_unmatched', { as: owner })).body.data.filter(
    (e: { channel: string }) => e.channel === channel,
  ) as { order_id: string | null; message: string }[];

describe('returns from eBay return/search', () => {
  it('turns two eBay returns into two RMAs on the lines of their items, once, however often they are polled', async () => {
    const { channel, token } = await ebayChannel();
    const order = await shippedEbayOrder(channel);
    const lines = (await call('GET', `/api/v1/orders/${order.id}`, { as: owner })).body.lines as {
      id: string;
      sku: string;
    }[];
    await seedReturns(token);
    const now = Date.now();
    await tick(now);

    const [mug, towel] = await returnsOf(order.id);
    expect(mug).toMatchObject({ source: 'channel', status: 'approved' });
    expect(towel).toMatchObject({ source: 'channel', status: 'in_transit' });
    expect((await detail(mug!.id)).lines).toMatchObject([
      { order_line_id: lines[0]!.id, quantity: 1, reason: 'damaged', note: 'ARRIVED_DAMAGED' },
    ]);
    const towelRma = await detail(towel!.id);
    expect(towelRma.lines).toMatchObject([
      { order_line_id: lines[1]!.id, quantity: 1, reason: 'changed_mind', note: 'NO_LONGER_NEED_ITEM' },
    ]);
    expect(towelRma.refunds).toMatchObject([
      {
        status: 'from_channel',
        channel_amount: 1849,
        currency: 'EUR',
        external_refund_id: 'return:5000123457',
      },
    ]);
    expect(Date.parse((await cursorOf(channel))!.next_poll_at!)).toBe(now + 5 * MINUTE);

    await tick(now + MINUTE);
    await tick(now + 5 * MINUTE);
    expect(await returnsOf(order.id)).toHaveLength(2);
    expect((await detail(towel!.id)).refunds).toHaveLength(1);
    expect(await unmatchedOf(channel)).toEqual([]);
  }, 60_000);

  it('follows a later status where the status machine allows it: withdrawn on eBay is cancelled here', async () => {
    const { channel, token } = await ebayChannel();
    const order = await shippedEbayOrder(channel);
    await seedReturns(token);
    const db = database(env);
    const now = Date.now();
    expect(await pollChannelReturns(env, db, channel, now)).toMatchObject({ created: 2 });
    // the buyer closed the mug's return without a refund; the towel's refund went up
    await seedReturns(token, (m, i) =>
      i === 0
        ? { ...m, status: 'CLOSED', state: 'CLOSED' }
        : {
            ...m,
            sellerTotalRefund: {
              ...m.sellerTotalRefund,
              actualRefundAmount: { value: 20.49, currency: 'EUR' },
            },
          },
    );
    expect(await pollChannelReturns(env, db, channel, now + 5 * MINUTE)).toMatchObject({ updated: 2 });
    const [mug, towel] = await returnsOf(order.id);
    expect(mug!.status).toBe('cancelled');
    expect(towel!.status).toBe('in_transit');
    expect((await detail(towel!.id)).refunds).toMatchObject([{ channel_amount: 2049 }]);
    // seen again in the same state: nothing moves
    expect(await pollChannelReturns(env, db, channel, now + 10 * MINUTE)).toMatchObject({ unchanged: 2 });
  }, 60_000);

  it('raises one exception for a returned item that is not on the order', async () => {
    const { channel, token } = await ebayChannel();
    const order = await shippedEbayOrder(channel);
    await seedReturns(token, (m, i) =>
      i === 0
        ? {
            ...m,
            creationInfo: {
              ...m.creationInfo,
              item: { ...m.creationInfo.item, itemId: '999', transactionId: '1' },
            },
          }
        : m,
    );
    const db = database(env);
    const now = Date.now();
    expect(await pollChannelReturns(env, db, channel, now)).toMatchObject({ created: 1, unmatched: 1 });
    expect(await pollChannelReturns(env, db, channel, now + 5 * MINUTE)).toMatchObject({
      unchanged: 1,
      unmatched: 1,
    });
    const raised = await unmatchedOf(channel);
    expect(raised).toMatchObject([{ order_id: order.id }]);
    expect(raised[0]!.message).toContain('item 999 matches no line of the order');
    expect(await returnsOf(order.id)).toHaveLength(1);
  }, 60_000);

  it('waits out a 429 until its Retry-After, then searches again', async () => {
    // the account's own Post-Order budget (settings) takes precedence over the default
    const { channel, token } = await ebayChannel('throttle-', {
      'ebay.postOrder': { capacity: 5, refill_per_second: 10 },
    });
    await seedReturns(token);
    const db = database(env);
    const now = Date.now();
    await pollChannelReturns(env, db, channel, now);
    const waiting = await cursorOf(channel);
    expect(Date.parse(waiting!.next_poll_at!)).toBe(now + 1000);
    expect(waiting!.cursor).toBeNull();
    expect(await pollChannelReturns(env, db, channel, now + 500)).toMatchObject({ unmatched: 0 });
    // no order of this channel was captured: both returns wait as exceptions
    expect(await pollChannelReturns(env, db, channel, now + 2000)).toMatchObject({ unmatched: 2 });
    expect(JSON.parse((await cursorOf(channel))!.cursor!).since).toBeTruthy();
  }, 60_000);
});
