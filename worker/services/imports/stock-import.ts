import { inArray } from 'drizzle-orm';
import { locations, skus } from '../../../db/schema';
import { auditInsert } from '../../repo/audit';
import { type RowError, StockCsvRow } from '../../schemas/imports';
import { allocateBackorders } from '../allocate-backorders';
import { inventoryOf } from '../stock';
import { announceStockChange } from '../stock-events';
import {
  type ApplyContext,
  emptyTally,
  type ImportHandler,
  type ImportUnit,
  lookupInSlices,
  parseRows,
  rowError,
} from './import-kind';
import { inPool } from './in-pool';

type Count = StockCsvRow;

const SKUS_IN_FLIGHT = 16;

function read(rows: Parameters<ImportHandler<Count>['read']>[0], columns: string[]) {
  const { parsed, errors } = parseRows(rows, columns, StockCsvRow);
  const seen = new Map<string, number>();
  const units: ImportUnit<Count>[] = [];
  for (const { line, row } of parsed) {
    const key = `${row.sku}\u0000${row.location}`;
    const first = seen.get(key);
    if (first !== undefined) {
      const message = `${row.sku} at ${row.location} is counted on line ${first} too`;
      errors.push(rowError(line, 'duplicate_count', message));
      continue;
    }
    seen.set(key, line);
    units.push({ lines: [line], row });
  }
  return { units, errors };
}

async function check(_env: Env, db: ApplyContext['db'], units: ImportUnit<Count>[]) {
  const [known, places] = await Promise.all([
    lookupInSlices<{ sku: string }>(
      db,
      units.map((u) => u.row.sku),
      (slice) => db.select({ sku: skus.sku }).from(skus).where(inArray(skus.sku, slice)),
    ),
    lookupInSlices<{ code: string }>(
      db,
      units.map((u) => u.row.location),
      (slice) => db.select({ code: locations.code }).from(locations).where(inArray(locations.code, slice)),
    ),
  ]);
  const skuSet = new Set(known.map((k) => k.sku));
  const locationSet = new Set(places.map((p) => p.code));
  const errors: RowError[] = [];
  for (const { lines, row } of units) {
    if (!skuSet.has(row.sku)) errors.push(rowError(lines[0]!, 'sku_not_found', `No SKU ${row.sku}`, 'sku'));
    else if (!locationSet.has(row.location))
      errors.push(rowError(lines[0]!, 'unknown_location', `No location ${row.location}`, 'location'));
  }
  return errors;
}

type CountResult = 'created' | 'updated' | 'unchanged' | RowError;

/**
 * One SKU's counts in its DO; each count carries the job and line as its reference and the DO applies a
 * reference once, so a redelivered chunk finds its own counts there (`replayed`).
 */
async function countSku(ctx: ApplyContext, sku: string, counts: ImportUnit<Count>[]): Promise<CountResult[]> {
  const stub = inventoryOf(ctx.env, sku);
  const levels = new Map((await stub.levels()).map((l) => [l.location, l]));
  const results: CountResult[] = [];
  for (const { lines, row } of counts) {
    const line = lines[0]!;
    const level = levels.get(row.location);
    const differs = (level?.on_hand ?? 0) !== row.counted;
    // a first delivery leaves matching rows alone; a redelivery asks the DO what it already did
    if (!differs && !ctx.retry) {
      results.push('unchanged');
      continue;
    }
    const ref = { actor: ctx.actor, reason: 'stock count import', reference: `import:${ctx.jobId}:${line}` };
    const change = await stub.countOnce(row.location, row.counted, ref);
    if (change.ok)
      results.push('replayed' in change || differs ? (level ? 'updated' : 'created') : 'unchanged');
    else if (change.code === 'below_reserved')
      results.push(
        rowError(
          line,
          'below_reserved',
          `${change.reserved} units are reserved there, more than counted`,
          'counted',
        ),
      );
    else results.push(rowError(line, change.code, 'The count was refused', 'counted'));
  }
  return results;
}

async function apply(ctx: ApplyContext, units: ImportUnit<Count>[]) {
  const tally = emptyTally();
  const errors: RowError[] = [];
  const bySku = [...Map.groupBy(units, (u) => u.row.sku)];
  const outcomes = await inPool(bySku, SKUS_IN_FLIGHT, ([sku, counts]) => countSku(ctx, sku, counts));
  const moved: string[] = [];
  bySku.forEach(([sku], i) => {
    const results = outcomes[i]!;
    for (const r of results) {
      if (typeof r === 'string') tally[r]++;
      else {
        tally.failed++;
        errors.push(r);
      }
    }
    if (results.some((r) => r === 'created' || r === 'updated')) moved.push(sku);
  });
  // New free stock goes to backorders, as after any count (moveStock).
  await inPool(moved, SKUS_IN_FLIGHT, (sku) => allocateBackorders(ctx.env, ctx.db, sku, ctx.actor));
  if (moved.length) await announceStockChange(ctx.env, moved);
  const data = { created: tally.created, updated: tally.updated, skus: moved.length };
  const audit = auditInsert(ctx.db, {
    actor: ctx.actor,
    action: 'stock.count_import',
    entity: 'import_job',
    entityId: ctx.jobId,
    data,
  });
  return { tally, errors, statements: moved.length ? [audit] : [] };
}

/** Stock counts: on hand of a SKU at a location set to the counted figure, in the SKU's InventoryDO. */
export const stockImport: ImportHandler<Count> = {
  layout: { required: ['sku', 'location', 'counted'], optional: [] },
  read,
  check,
  apply,
};
