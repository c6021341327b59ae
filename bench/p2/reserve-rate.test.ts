// P2, the ceiling: reservations per second one InventoryDO takes over RPC inside workerd, with no HTTP
// and no D1 in the way. Prints `P2_RESULT {...}` for bench/run.mjs.
import { env } from 'cloudflare:workers';
import { it } from 'vitest';

const IN_FLIGHT = 64;
const SECONDS = Number((env as unknown as { P2_SECONDS: string }).P2_SECONDS);
const stub = env.INVENTORY.getByName('P2-HOT');
let seq = 0;

/** Keeps IN_FLIGHT callers busy for `ms`; returns completed operations per second. */
async function rate(ms: number, op: () => Promise<unknown>) {
  let done = 0;
  const t0 = performance.now();
  const end = Date.now() + ms;
  const caller = async () => {
    while (Date.now() < end) {
      await op();
      done++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, caller));
  return done / ((performance.now() - t0) / 1000);
}

const reserve = () => {
  const orderId = `p2-${seq++}`;
  return stub.reserve({
    orderId,
    lines: [{ key: `${orderId}.1`, quantity: 1, plan: [], fallback: ['WH1'] }],
    ttlMs: 120_000,
    context: { actor: 'bench', reason: 'p2' },
  });
};

it('measures how many reservations one InventoryDO takes per second', async () => {
  await stub.receive('WH1', 1_000_000_000, { actor: 'bench' });
  await rate(1000, reserve);
  const reserveRps = await rate(SECONDS * 1000, reserve);
  // What an order costs its SKU's DO today: reserve, then confirm the hold once D1 has the order.
  const pairRps = await rate((SECONDS * 1000) / 2, async () => {
    const r = await reserve();
    await stub.confirm(r.lines.flatMap((l) => l.holds.map((h) => h.id)));
  });
  console.log(
    `P2_RESULT ${JSON.stringify({ reserve_rps: reserveRps, reserve_confirm_rps: pairRps, in_flight: IN_FLIGHT })}`,
  );
});
