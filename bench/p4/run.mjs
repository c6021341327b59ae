// P4, channel stock sync: a burst of stock movements over 50 SKUs, each listed on four local channels (Shopify,
// WooCommerce, BigCommerce, Amazon) held to their published default limits. Per movement and channel: the time
// from the InventoryDO's commit (the movement's `at` in the SKU's ledger) to the arrival at the channel of the
// first request carrying that stock or more; and every channel's requests checked against its published budget.
// P4_RAW=<file> also writes the movements and every request each channel received, to look into a run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stopTracked } from '../lib/procs.mjs';
import { startSwitchyard } from '../lib/switchyard.mjs';
import { burst, fromLedgers } from './burst.mjs';
import { skuByChannelId, startFakeChannels } from './fake-channels.mjs';
import { publishedLimits } from './published-limits.mjs';
import { p4Report } from './report.mjs';
import { listEverywhere, p4Session, untilChannelsShow } from './setup.mjs';

const SKUS = Array.from({ length: 50 }, (_, i) => `P4-${String(i + 1).padStart(2, '0')}`);
const START_STOCK = 10;
const MOVEMENTS = 200;
// Well below what the movements route answered on a busy 2-core machine (about 12/s at load 10), so the figures
// are the sync's own delay, not a backlog of movement requests holding up the queue consumer.
const PER_SECOND = 10;
const SETTLE_MS = 45_000;
const CONVERGE_MS = 60_000;
// After the first pushes, so each channel's bucket has refilled before the burst.
const QUIET_MS = 2_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs P4 on its own Switchyard and fake channels; answers table rows, JSON fields, notes and `failed`. */
export async function p4Bench({ tmp, source, log }) {
  log('P4: starting Switchyard (wrangler dev) and four fake channels');
  const sy = await startSwitchyard(join(tmp, 'p4'), source ? { source } : {});
  const fakes = await startFakeChannels();
  try {
    log(`P4: creating ${SKUS.length} SKUs, 4 channels, ${SKUS.length * 4} listings`);
    const limits = await publishedLimits(sy.app);
    const session = await p4Session(sy);
    await listEverywhere(session, fakes.channels, SKUS, START_STOCK);
    const skuOf = skuByChannelId(SKUS);
    log('P4: waiting for the first pushes');
    const start = Object.fromEntries(SKUS.map((sku) => [sku, START_STOCK]));
    await untilChannelsShow(fakes.channels, skuOf, start, SETTLE_MS);
    await sleep(QUIET_MS);

    log(`P4: ${MOVEMENTS} movements at ${PER_SECOND}/s over ${SKUS.length} SKUs`);
    const burstAt = Date.now();
    const moves = await burst(session.call, SKUS, MOVEMENTS, PER_SECOND);
    const finals = await fromLedgers(session.call, SKUS, moves);
    await untilChannelsShow(fakes.channels, skuOf, finals, CONVERGE_MS);
    const convergedMs = Date.now() - Math.max(...moves.map((m) => m.answeredAt));

    const received = {};
    for (const ch of fakes.channels) received[ch.name] = await ch.received(skuOf);
    if (process.env.P4_RAW) writeFileSync(process.env.P4_RAW, JSON.stringify({ moves, received }));
    return p4Report(fakes.channels, received, {
      moves,
      limits,
      burstAt,
      convergedMs,
      workload: `Burst: ${MOVEMENTS} receive movements (1-3 units) sent open loop at ${PER_SECOND}/s through POST /inventory/{sku}/movements, ${MOVEMENTS / SKUS.length} to each of ${SKUS.length} SKUs (stock ${START_STOCK}), ${SKUS.length / PER_SECOND} s apart; each SKU listed on all four channels, default limits.`,
    });
  } finally {
    await fakes.close();
    await stopTracked(sy.dev);
  }
}
