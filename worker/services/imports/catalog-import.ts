import { inArray, sql } from 'drizzle-orm';
import type { Statement } from '../../../db/batch';
import type { Database } from '../../../db/client';
import { skuBarcodes, skus } from '../../../db/schema';
import { barcodeKind } from '../../domain/barcodes';
import { MoneyFormatError, toMinorUnits } from '../../domain/money';
import { auditInsert } from '../../repo/audit';
import { CatalogCsvRow, type RowError } from '../../schemas/imports';
import {
  type ApplyContext,
  emptyTally,
  type ImportHandler,
  type ImportUnit,
  lookupInSlices,
  parseRows,
  rowError,
} from './import-kind';

/** A SKU as the file states it; an undefined field is a column the file leaves out (kept as stored). */
export interface CatalogRecord {
  sku: string;
  name: string;
  barcodes?: string[];
  weightGrams?: number | null;
  cost?: number | null;
  costCurrency?: string | null;
  finalSale?: boolean;
}

type SkuRow = typeof skus.$inferSelect;
type Stored = { row: SkuRow; barcodes: string[] };

function toRecord(line: number, r: CatalogCsvRow, has: (c: string) => boolean): CatalogRecord | RowError {
  const rec: CatalogRecord = { sku: r.sku, name: r.name };
  if (has('barcodes')) rec.barcodes = r.barcodes ?? [];
  if (has('weight_grams')) rec.weightGrams = r.weight_grams ?? null;
  if (has('final_sale')) rec.finalSale = r.final_sale ?? false;
  if (has('cost_currency')) rec.costCurrency = r.cost_currency ?? null;
  if (has('cost')) {
    if (r.cost === undefined) rec.cost = null;
    else if (!r.cost_currency)
      return rowError(line, 'missing_currency', 'cost needs a cost_currency', 'cost');
    else {
      try {
        rec.cost = toMinorUnits(r.cost, r.cost_currency, 'cost');
      } catch (err) {
        if (err instanceof MoneyFormatError) return rowError(line, 'invalid_value', err.message, 'cost');
        throw err;
      }
    }
  }
  return rec;
}

function read(rows: Parameters<ImportHandler<CatalogRecord>['read']>[0], columns: string[]) {
  const { parsed, errors } = parseRows(rows, columns, CatalogCsvRow);
  const has = (c: string) => columns.includes(c);
  const units: ImportUnit<CatalogRecord>[] = [];
  const skuLines = new Map<string, number>();
  const barcodeLines = new Map<string, number>();
  for (const { line, row } of parsed) {
    const rec = toRecord(line, row, has);
    if ('code' in rec) {
      errors.push(rec);
      continue;
    }
    const firstSku = skuLines.get(rec.sku);
    if (firstSku !== undefined) {
      errors.push(rowError(line, 'duplicate_sku', `SKU ${rec.sku} is on line ${firstSku} too`, 'sku'));
      continue;
    }
    const repeated = rec.barcodes?.find((b) => barcodeLines.has(b));
    if (repeated) {
      const message = `Barcode ${repeated} is on line ${barcodeLines.get(repeated)} too`;
      errors.push(rowError(line, 'duplicate_barcode', message, 'barcodes'));
      continue;
    }
    skuLines.set(rec.sku, line);
    for (const b of rec.barcodes ?? []) barcodeLines.set(b, line);
    units.push({ lines: [line], row: rec });
  }
  return { units, errors };
}

/** Barcodes of the file that belong to another SKU: an import never moves a barcode between SKUs. */
async function barcodeConflicts(db: Database, units: ImportUnit<CatalogRecord>[]) {
  const owners = await lookupInSlices<{ barcode: string; sku: string }>(
    db,
    units.flatMap((u) => u.row.barcodes ?? []),
    (slice) => db.select().from(skuBarcodes).where(inArray(skuBarcodes.barcode, slice)),
  );
  const ownerOf = new Map(owners.map((o) => [o.barcode, o.sku]));
  const errors = new Map<number, RowError>();
  for (const u of units) {
    const taken = u.row.barcodes?.find((b) => ownerOf.has(b) && ownerOf.get(b) !== u.row.sku);
    if (!taken) continue;
    const message = `Barcode ${taken} belongs to SKU ${ownerOf.get(taken)}`;
    errors.set(u.lines[0]!, rowError(u.lines[0]!, 'barcode_in_use', message, 'barcodes'));
  }
  return errors;
}

async function storedSkus(db: Database, names: string[]): Promise<Map<string, Stored>> {
  const [rows, codes] = await Promise.all([
    lookupInSlices<SkuRow>(db, names, (slice) => db.select().from(skus).where(inArray(skus.sku, slice))),
    lookupInSlices<{ barcode: string; sku: string }>(db, names, (slice) =>
      db
        .select({ barcode: skuBarcodes.barcode, sku: skuBarcodes.sku })
        .from(skuBarcodes)
        .where(inArray(skuBarcodes.sku, slice)),
    ),
  ]);
  const bySku = Map.groupBy(codes, (c) => c.sku);
  return new Map(
    rows.map((r) => [r.sku, { row: r, barcodes: (bySku.get(r.sku) ?? []).map((c) => c.barcode) }]),
  );
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The SKU row the file asks for, over what is stored: what it leaves out stays as it is. */
function merged(rec: CatalogRecord, stored: SkuRow | undefined) {
  return {
    sku: rec.sku,
    name: rec.name,
    weightGrams: rec.weightGrams !== undefined ? rec.weightGrams : (stored?.weightGrams ?? null),
    cost: rec.cost !== undefined ? rec.cost : (stored?.cost ?? null),
    costCurrency: rec.costCurrency !== undefined ? rec.costCurrency : (stored?.costCurrency ?? null),
    finalSale: rec.finalSale ?? stored?.finalSale ?? false,
  };
}

const changed = (next: ReturnType<typeof merged>, stored: SkuRow) =>
  next.name !== stored.name ||
  next.weightGrams !== stored.weightGrams ||
  next.cost !== stored.cost ||
  next.costCurrency !== stored.costCurrency ||
  next.finalSale !== stored.finalSale;

// D1 binds at most 100 parameters per statement: 8 per SKU row (drizzle binds archived's default), 3 per
// barcode row.
const SKU_ROWS_PER_INSERT = 12;
const BARCODE_ROWS_PER_INSERT = 33;

function upserts(db: Database, rows: (ReturnType<typeof merged> & { updatedAt: string | null })[]) {
  const out: Statement[] = [];
  for (let i = 0; i < rows.length; i += SKU_ROWS_PER_INSERT) {
    out.push(
      db
        .insert(skus)
        .values(rows.slice(i, i + SKU_ROWS_PER_INSERT))
        .onConflictDoUpdate({
          target: skus.sku,
          set: {
            name: sql`excluded.name`,
            weightGrams: sql`excluded.weight_grams`,
            cost: sql`excluded.cost`,
            costCurrency: sql`excluded.cost_currency`,
            finalSale: sql`excluded.final_sale`,
            updatedAt: sql`excluded.updated_at`,
          },
        }),
    );
  }
  return out;
}

async function apply(ctx: ApplyContext, units: ImportUnit<CatalogRecord>[]) {
  const { db } = ctx;
  const tally = emptyTally();
  const conflicts = await barcodeConflicts(db, units);
  const stored = await storedSkus(
    db,
    units.map((u) => u.row.sku),
  );
  const now = new Date().toISOString();
  const rows: (ReturnType<typeof merged> & { updatedAt: string | null })[] = [];
  const rebarcoded: CatalogRecord[] = [];
  for (const u of units) {
    if (conflicts.has(u.lines[0]!)) {
      tally.failed++;
      continue;
    }
    const before = stored.get(u.row.sku);
    const next = merged(u.row, before?.row);
    const newCodes = u.row.barcodes !== undefined && !sameSet(u.row.barcodes, before?.barcodes ?? []);
    if (!before) tally.created++;
    else if (changed(next, before.row) || newCodes) tally.updated++;
    else {
      tally.unchanged++;
      continue;
    }
    rows.push({ ...next, updatedAt: before ? now : null });
    if (newCodes) rebarcoded.push(u.row);
  }
  const statements = upserts(db, rows);
  const names = rebarcoded.map((r) => r.sku);
  for (let i = 0; i < names.length; i += 90) {
    statements.push(db.delete(skuBarcodes).where(inArray(skuBarcodes.sku, names.slice(i, i + 90))));
  }
  const codes = rebarcoded.flatMap((r) =>
    (r.barcodes ?? []).map((barcode) => ({ barcode, sku: r.sku, kind: barcodeKind(barcode) })),
  );
  for (let i = 0; i < codes.length; i += BARCODE_ROWS_PER_INSERT) {
    statements.push(db.insert(skuBarcodes).values(codes.slice(i, i + BARCODE_ROWS_PER_INSERT)));
  }
  if (statements.length) {
    const data = {
      created: tally.created,
      updated: tally.updated,
      lines: [units[0]?.lines[0], units.at(-1)?.lines[0]],
    };
    statements.push(
      auditInsert(db, {
        actor: ctx.actor,
        action: 'catalog.import',
        entity: 'import_job',
        entityId: ctx.jobId,
        data,
      }),
    );
  }
  return { tally, errors: [...conflicts.values()], statements };
}

/** Catalog rows: SKUs created or updated (name, barcodes, weight, cost, final sale) when they differ. */
export const catalogImport: ImportHandler<CatalogRecord> = {
  layout: {
    required: ['sku', 'name'],
    optional: ['barcodes', 'weight_grams', 'cost', 'cost_currency', 'final_sale'],
  },
  read,
  check: async (_env, db, units) => [...(await barcodeConflicts(db, units)).values()],
  apply,
};
