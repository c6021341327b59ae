// P4's starting point on a fresh Switchyard: its own API token, 50 stocked SKUs, and every SKU listed on each
// fake channel with the ids that channel needs; then a poll for what the channels show.
import { DEMO_PASSWORD, DEMO_USERS } from '../../scripts/demo-users.mjs';
import { request } from '../lib/load.mjs';
import { stockSwitchyard } from '../lib/workload.mjs';
import { latestLevels } from './measure.mjs';

const SCOPES = ['inventory:read', 'inventory:write', 'catalog:write', 'locations:write', 'channels:manage'];
const PARALLEL = 8;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** An API token for P4 (the bench's own token has no channels:manage). */
async function p4Headers(sy) {
  const owner = DEMO_USERS.find((u) => u.role === 'owner');
  const login = await request(undefined, sy.proxy, 'POST', '/api/v1/auth/login', {
    email: owner.email,
    password: DEMO_PASSWORD,
  });
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const made = await request(
    undefined,
    sy.proxy,
    'POST',
    '/api/v1/tokens',
    { name: 'bench-p4', scopes: SCOPES },
    { cookie, origin: sy.proxy },
  );
  if (made.status !== 201) throw new Error(`P4 token: ${made.status} ${JSON.stringify(made.body)}`);
  return { authorization: `Bearer ${made.body.token}` };
}

/**
 * P4's view of Switchyard: `sy` with P4's token, and `call(method, path, body)`, which answers the parsed body or
 * throws naming the request when the answer is not 200 or 201.
 */
export async function p4Session(sy) {
  const headers = await p4Headers(sy);
  const call = async (method, path, body) => {
    const r = await request(undefined, sy.direct, method, path, body, headers);
    if (r.status !== 200 && r.status !== 201)
      throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  return { sy: { ...sy, headers }, call };
}

/** Creates and stocks `skus`, connects each fake channel and lists every SKU on it. */
export async function listEverywhere({ sy, call }, channels, skus, stock) {
  await stockSwitchyard(sy, skus, stock);
  for (const ch of channels) {
    const { id } = await call('POST', '/api/v1/channels', ch.body);
    const todo = skus.map((sku, index) => ({ sku, index }));
    const link = async () => {
      for (let next = todo.shift(); next; next = todo.shift()) {
        await call('POST', '/api/v1/listings', {
          channel: id,
          channel_sku: `${ch.name}-${next.sku}`,
          sku: next.sku,
          external: ch.external(next.index),
        });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, link));
  }
}

/** Polls until every channel's latest levels match `expected` ({ sku: quantity }); throws naming the laggards. */
export async function untilChannelsShow(channels, skuOf, expected, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const behind = [];
    for (const ch of channels) {
      const levels = latestLevels(await ch.received(skuOf));
      const wrong = Object.entries(expected).filter(([sku, qty]) => levels[sku] !== qty);
      if (wrong.length)
        behind.push(`${ch.name}: ${wrong.length} SKUs (e.g. ${wrong[0][0]} at ${levels[wrong[0][0]]})`);
    }
    if (behind.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`P4: channels still behind after ${timeoutMs} ms: ${behind.join('; ')}`);
    await sleep(250);
  }
}
