// P4's burst of stock movements, and when each one committed in its SKU's InventoryDO.
import { LOCATION } from '../lib/workload.mjs';

// Movement i goes to SKU (i x 17) mod the SKU count: 17 shares no factor with 50, so each SKU gets one movement
// in every 50, evenly spread.
const STRIDE = 17;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `count` receive movements (1-3 units) sent open loop, `perSecond`: movement i leaves at i / perSecond s,
 * whatever the earlier ones are doing. Answers each { sku, quantity, reason, sentAt, answeredAt }.
 */
export async function burst(call, skus, count, perSecond) {
  const moves = Array.from({ length: count }, (_, i) => ({
    sku: skus[(i * STRIDE) % skus.length],
    quantity: 1 + (i % 3),
    reason: `p4-${i}`,
  }));
  const t0 = Date.now() + 50;
  await Promise.all(
    moves.map(async (m, i) => {
      await sleep(t0 + (i * 1000) / perSecond - Date.now());
      m.sentAt = Date.now();
      await call('POST', `/api/v1/inventory/${m.sku}/movements`, {
        type: 'receive',
        location: LOCATION.code,
        quantity: m.quantity,
        reason: m.reason,
      });
      m.answeredAt = Date.now();
    }),
  );
  return moves;
}

/**
 * Adds to each movement its commit time (`committedAt`, its ledger `at`) and the SKU's stock right after it
 * (`atp`: nothing is reserved and there is no safety stock, so that is on hand). Answers each SKU's final stock.
 */
export async function fromLedgers(call, skus, moves) {
  const byReason = new Map(moves.map((m) => [m.reason, m]));
  const finals = {};
  for (const sku of skus) {
    const { data } = await call('GET', `/api/v1/inventory/${sku}/movements?limit=500`);
    let onHand = 0;
    for (const entry of [...data].sort((a, b) => a.seq - b.seq)) {
      onHand += entry.on_hand_delta;
      const m = byReason.get(entry.reason);
      if (m) Object.assign(m, { committedAt: Date.parse(entry.at), atp: onHand });
    }
    finals[sku] = onHand;
  }
  const missing = moves.filter((m) => m.committedAt === undefined);
  if (missing.length) throw new Error(`P4: ${missing.length} movements not in their SKU's ledger`);
  return finals;
}
