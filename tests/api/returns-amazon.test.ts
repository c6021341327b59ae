import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { database } from '../../db/client';
import worker from '../../worker/index';
import { pollChannel } from '../../worker/services/channel-adapters/poll-channels';
import { pollChannelReturns } from '../../worker/services/returns/poll-channel-returns';
import report from '../fixtures/channels/amazon-returns-report.tsv?raw';
import { shipEverythingAt } from '../fixtures/returns/ship-channel-orders';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive } from '../helpers/factories';

const amazon = inject('amazonUrl');
const UNSHIPPED = ['902-1845936-5435065', '902-8745147-1934268'];
const SANDBOX_SKU = 'NABetaASINB00551Q3CS';
const MINUTE = 60_000;
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

async function amazonChannel(behaviour = '') {
  const refresh = `${behaviour}${uid()}`;
  const res = await call('POST', '/api/v1/channels', {
    as: owner,
    body: {
      type: 'amazon',
      name: 'Amazon US',
      config: {
        seller_id: 'A2SELLER01',
        marketplace_ids: ['ATVPDKIKX0DER'],
        refresh_token: `Atzr|${refresh}`,
        client_id: 'amzn1.application-oa2-client.test',
        client_secret: 'amzn1.oa2-cs.v1.secret',
        api_base_url: amazon,
        auth_base_url: amazon,
        orders_since: '1970-01-01T00:00:00Z',
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { channel: res.body.id as string, token: `Atza|${refresh}` };
}

/** The channel's two Unshipped sandbox orders, captured by its order poll and shipped from a new location. */
async function shippedAmazonOrders(channel: string) {
  const loc = await makeLocation(owner);
  const { sku } = await makeSku(owner);
  await receive(owner, sku, loc.code, 5);
  await call('POST', '/api/v1/listings', { as: owner, body: { channel, channel_sku: SANDBOX_SKU, sku } });
  await pollChannel(env, database(env), channel);
  expect((await shipEverythingAt(owner, loc.code)).length).toBe(2);
  const orders = (await call('GET', `/api/v1/orders?channel=${channel}&limit=50`, { as: owner })).body
    .data as {
    id: string;
    external_id: string;
  }[];
  return UNSHIPPED.map((id) => orders.find((o) => o.external_id === id)!);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const today = () => {
  const d = new Date();
  return `${d.getUTCDate()}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()}`;
};

/** The fixture report with every return asked for today, and cells replaced per row (by column name). */
async function seedReport(token: string, cells: Record<string, string>[] = []) {
  const [header, ...rows] = report.trimEnd().split('\n') as [string, ...string[]];
  const columns = header.split('\t');
  const edited = rows.map((row, r) =>
    row
      .split('\t')
      .map((v, i) => ({ 'Return request date': today(), ...cells[r] })[columns[i]!] ?? v)
      .join('\t'),
  );
  const res = await fetch(`${amazon}/__returns-report?token=${encodeURIComponent(token)}`, {
    method: 'POST',
    body: [header, ...edited].join('\n'),
  });
  expect(res.status).toBe(200);
}

async function tick(at: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: at }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const cursorOf = (channel: string) =>
  env.DB.prepare(
    `SELECT cursor, next_poll_at, last_error FROM channel_cursors WHERE channel = ? AND stream = 'returns'`,
  )
    .bind(channel)
    .first<{ cursor: string | null; next_poll_at: string | null; last_error: string | null }>();

const returnsOf = async (orderId: string) =>
  (await call('GET', `/api/v1/returns?order_id=${orderId}`, { as: owner })).body.data as {
    id: string;
    source: string;
    status: string;
  }[];
const detail = async (id: string) => (await call('GET', `/api/v1/returns/${id}`, { as: owner })).body;
const unmatchedOf = async (channel: string) =>
  (await call('GET', '/api/v1/exceptions?kind=return_unmatched', { as: owner })).body.data.filter(
    (e: { channel: string }) => e.channel === channel,
  ) as { order_id: string | null; message: string }[];

describe('returns from the Amazon returns report', () => {
  it('turns a report with two returns into two RMAs, and a second report of the same returns into nothing new', async () => {
    const { channel, token } = await amazonChannel();
    const [first, second] = await shippedAmazonOrders(channel);
    await seedReport(token);
    const now = Date.now();

    await tick(now);
    expect(await returnsOf(first!.id)).toEqual([]);
    const pending = await cursorOf(channel);
    expect(JSON.parse(pending!.cursor!).report_id).toBeTruthy();
    expect(Date.parse(pending!.next_poll_at!)).toBe(now + MINUTE);

    await tick(now + MINUTE);
    const [a] = await returnsOf(first!.id);
    const [b] = await returnsOf(second!.id);
    expect(a).toMatchObject({ source: 'channel', status: 'approved' });
    // the second one was delivered back: the buyer shipped it, our own scan still receives it
    expect(b).toMatchObject({ source: 'channel', status: 'in_transit' });
    const rmaA = await detail(a!.id);
    expect(rmaA.lines).toMatchObject([{ quantity: 1, reason: 'damaged', note: 'CR-DEFECTIVE' }]);
    expect(rmaA.refunds).toEqual([]);
    const rmaB = await detail(b!.id);
    expect(rmaB.lines).toMatchObject([{ quantity: 1, reason: 'changed_mind', note: 'CR-UNWANTED_ITEM' }]);
    expect(rmaB.refunds).toMatchObject([
      {
        status: 'from_channel',
        channel_amount: 1000,
        currency: 'USD',
        external_refund_id: 'return:DkCq2TbSSRMA',
      },
    ]);
    expect(JSON.parse((await cursorOf(channel))!.cursor!).report_id).toBeUndefined();

    // the next report (half an hour later) reaches back over the same days: the same returns, nothing new
    await tick(now + 2 * MINUTE);
    expect((await cursorOf(channel))!.cursor).not.toContain('report_id');
    await tick(now + 31 * MINUTE);
    await tick(now + 32 * MINUTE);
    expect(JSON.parse((await cursorOf(channel))!.cursor!).report_id).toBeUndefined();
    expect(await returnsOf(first!.id)).toHaveLength(1);
    expect(await returnsOf(second!.id)).toHaveLength(1);
    expect((await detail(b!.id)).refunds).toHaveLength(1);
    expect(await unmatchedOf(channel)).toEqual([]);
  }, 60_000);

  it('raises one exception for a returned SKU that is not on the order, however often it is reported', async () => {
    const { channel, token } = await amazonChannel();
    const [first, second] = await shippedAmazonOrders(channel);
    const unknown = `UNKNOWN-${uid()}`;
    await seedReport(token, [{ 'Merchant SKU': unknown }]);
    const db = database(env);
    const now = Date.now();
    await pollChannelReturns(env, db, channel, now);
    expect(await pollChannelReturns(env, db, channel, now + MINUTE)).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      unmatched: 1,
    });
    expect(await returnsOf(first!.id)).toEqual([]);
    expect(await returnsOf(second!.id)).toHaveLength(1);
    const raised = await unmatchedOf(channel);
    expect(raised).toMatchObject([{ order_id: first!.id }]);
    expect(raised[0]!.message).toContain(unknown);

    await pollChannelReturns(env, db, channel, now + 31 * MINUTE);
    expect(await pollChannelReturns(env, db, channel, now + 32 * MINUTE)).toMatchObject({
      unchanged: 1,
      unmatched: 1,
    });
    expect(await unmatchedOf(channel)).toHaveLength(1);
  }, 60_000);

  it('waits out a 429 on createReport until its Retry-After, then asks for the report', async () => {
    // `fast`: the account's own rate (10 a second, from x-amzn-RateLimit-Limit) refills the emptied bucket
    const { channel, token } = await amazonChannel('throttle-fast-');
    await seedReport(token);
    const db = database(env);
    const now = Date.now();
    await pollChannelReturns(env, db, channel, now);
    const waiting = await cursorOf(channel);
    expect(Date.parse(waiting!.next_poll_at!)).toBe(now + 1000);
    expect(waiting!.cursor).toBeNull();
    await pollChannelReturns(env, db, channel, now + 500);
    expect((await cursorOf(channel))!.cursor).toBeNull();
    await pollChannelReturns(env, db, channel, now + 2000);
    expect(JSON.parse((await cursorOf(channel))!.cursor!).report_id).toBeTruthy();
    // no order of this channel was captured: each return of the report waits as an exception
    await pollChannelReturns(env, db, channel, now + 2000 + MINUTE);
    expect((await unmatchedOf(channel)).map((e) => e.message.includes('no such order'))).toEqual([
      true,
      true,
    ]);
  }, 60_000);
});
