import { and, eq, inArray, isNotNull, isNull, like } from 'drizzle-orm';
import { runBatch } from '../../db/batch';
import type { Database } from '../../db/client';
import { channels, exceptions, listings } from '../../db/schema';
import { quantityToList } from '../domain/channels/listed-quantity';
import { ApiError } from '../http/errors';
import { auditInsert } from '../repo/audit';
import { adapterOf } from './channel-adapters';
import type { ListingRow, ShownStock } from './channel-adapters/types';
import { settingsOf } from './channels';
import { RetryLater } from './retry-later';
import { inventoryOf } from './stock';
import { announceStockChange } from './stock-events';
import { syncStock } from './sync-stock';

export interface ReconcileReport {
  channel: string;
  /** Listings whose channel quantity was read. */
  checked: number;
  /** Listings where the channel showed something other than what we last pushed. */
  drifted: { channel_sku: string; sku: string; expected: number | null; found: number }[];
  /** Listings the channel does not stock at the mapped location (nothing to compare). */
  missing: string[];
}

const FAILED = 'Stock reconcile failed: ';
const DO_READS_AT_ONCE = 50;

type ChannelRow = typeof channels.$inferSelect;

/**
 * Reads what the channel shows for every linked listing and repairs drift: where it differs from what we
 * last pushed (an edit in the channel's admin, a lost push), our record takes the channel's number so the
 * next compare-and-set starts from the truth, the open stock conflicts of those listings are resolved, and
 * every listing that does not show what its InventoryDO says it should is pushed again. Stock itself is
 * never taken from the channel. Returns null for a channel that is paused or cannot be read back; refuses
 * with 503 `channel_unavailable` or 502 `channel_read_failed` (kept as the channel's last error) when the
 * read fails.
 */
export async function reconcileChannelStock(
  env: Env,
  db: Database,
  channelId: string,
  actor = 'system:reconcile',
): Promise<ReconcileReport | null> {
  const channel = await db.query.channels.findFirst({ where: eq(channels.code, channelId) });
  const readStock = channel && adapterOf(channel.type)?.readStock;
  if (channel?.status !== 'active' || !readStock) return null;
  const rows = await db
    .select()
    .from(listings)
    .where(and(eq(listings.channel, channelId), isNotNull(listings.external)));
  let shown: ShownStock;
  try {
    shown = await readStock(env, db, channelId, rows);
  } catch (err) {
    throw await recordFailure(db, channelId, actor, err);
  }
  const report = compare(channelId, rows, shown);
  await recordReconcile(db, report, actor);
  const read = rows.filter((r) => typeof shown.get(r.channelSku) === 'number');
  const listed = await listedNow(env, channel, read);
  await repush(env, db, [
    ...report.drifted.map((d) => d.sku),
    ...read.filter((r) => listed.get(r.sku) !== shown.get(r.channelSku)).map((r) => r.sku),
  ]);
  return report;
}

/** The drifted listings take the channel's number as their compare base; their stock conflicts are settled. */
async function recordReconcile(db: Database, report: ReconcileReport, actor: string) {
  const { channel: channelId, drifted } = report;
  const now = new Date().toISOString();
  await runBatch(db, [
    ...drifted.map((d) =>
      db
        .update(listings)
        .set({ pushedQuantity: d.found, pushedAt: now })
        .where(
          and(
            eq(listings.channel, channelId),
            eq(listings.channelSku, d.channel_sku),
            // a push that landed while we read already moved the base on: keep it
            d.expected === null ? isNull(listings.pushedQuantity) : eq(listings.pushedQuantity, d.expected),
          ),
        ),
    ),
    ...(drifted.length
      ? [
          db
            .update(exceptions)
            .set({ status: 'resolved', resolvedAt: now })
            .where(
              and(
                eq(exceptions.channel, channelId),
                eq(exceptions.kind, 'sync_conflict'),
                eq(exceptions.status, 'open'),
                inArray(
                  exceptions.sku,
                  drifted.map((d) => d.sku),
                ),
              ),
            ),
        ]
      : []),
    db.update(channels).set({ lastSyncedAt: now }).where(eq(channels.code, channelId)),
    db
      .update(channels)
      .set({ lastError: null })
      .where(and(eq(channels.code, channelId), like(channels.lastError, `${FAILED}%`))),
    auditInsert(db, {
      actor,
      action: 'channel.reconcile',
      entity: 'channel',
      entityId: channelId,
      data: { checked: report.checked, drifted, missing: report.missing },
    }),
  ]);
}

/** Listing by listing, in the order read: what the channel showed against what we last pushed. */
function compare(channelId: string, rows: ListingRow[], shown: ShownStock): ReconcileReport {
  const report: ReconcileReport = { channel: channelId, checked: 0, drifted: [], missing: [] };
  for (const row of rows) {
    const found = shown.get(row.channelSku);
    if (found === undefined) continue;
    if (found === null) {
      report.missing.push(row.channelSku);
      continue;
    }
    report.checked++;
    if (found !== row.pushedQuantity) {
      report.drifted.push({ channel_sku: row.channelSku, sku: row.sku, expected: row.pushedQuantity, found });
    }
  }
  return report;
}

/**
 * What each listed SKU should show on the channel now, from its InventoryDO under the channel's stock rules:
 * a stock message or a push that was lost leaves the channel behind without any drift from what we pushed.
 */
async function listedNow(env: Env, channel: ChannelRow, rows: ListingRow[]) {
  const rules = { ...settingsOf(channel).stock_rules, buffer: channel.stockBuffer };
  const skus = [...new Set(rows.map((r) => r.sku))];
  const listed = new Map<string, number>();
  for (let i = 0; i < skus.length; i += DO_READS_AT_ONCE) {
    await Promise.all(
      skus.slice(i, i + DO_READS_AT_ONCE).map(async (sku) => {
        const atp = (await inventoryOf(env, sku).levels()).reduce((sum, l) => sum + l.atp, 0);
        listed.set(sku, quantityToList(atp, rules));
      }),
    );
  }
  return listed;
}

/** The stock sync for these SKUs; when it cannot start now, the stock sync queue retries it with backoff. */
async function repush(env: Env, db: Database, skus: string[]) {
  const unique = [...new Set(skus)];
  if (unique.length === 0) return;
  await syncStock(env, db, unique).catch(async (err) => {
    console.error(JSON.stringify({ level: 'warn', message: 'reconcile push queued', error: String(err) }));
    await announceStockChange(env, unique);
  });
}

/** Keeps why the read failed on the channel (its health shows it) and in the audit; returns the refusal. */
async function recordFailure(db: Database, channelId: string, actor: string, err: unknown) {
  const reason =
    err instanceof RetryLater
      ? `the channel is unavailable or throttling us (retry in ${err.seconds} s)`
      : String(err instanceof Error ? err.message : err).slice(0, 300);
  await runBatch(db, [
    db
      .update(channels)
      .set({ lastError: `${FAILED}${reason}` })
      .where(eq(channels.code, channelId)),
    auditInsert(db, {
      actor,
      action: 'channel.reconcile_failed',
      entity: 'channel',
      entityId: channelId,
      data: { reason },
    }),
  ]);
  return err instanceof RetryLater
    ? new ApiError(503, 'channel_unavailable', `The channel could not be read: ${reason}`, {
        retry_after: err.seconds,
      })
    : new ApiError(502, 'channel_read_failed', `The channel could not be read: ${reason}`);
}

/**
 * The nightly pass over every active channel that can be read back, side by side: a channel that is down
 * fails alone (recorded on it) and the others are reconciled all the same.
 */
export async function reconcileAllChannels(env: Env, db: Database) {
  const active = (await db.select().from(channels).where(eq(channels.status, 'active'))).filter(
    (c) => adapterOf(c.type)?.readStock,
  );
  const results = await Promise.allSettled(active.map((c) => reconcileChannelStock(env, db, c.code)));
  const reconciled: ReconcileReport[] = [];
  const failed: { channel: string; error: string }[] = [];
  for (const [i, result] of results.entries()) {
    if (result.status === 'fulfilled') {
      if (result.value) reconciled.push(result.value);
      continue;
    }
    const error = result.reason instanceof Error ? result.reason.message : String(result.reason);
    failed.push({ channel: active[i]!.code, error });
    console.error(
      JSON.stringify({ level: 'error', message: 'reconcile failed', channel: active[i]!.code, error }),
    );
  }
  return { reconciled, failed };
}
