import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { purchaseOrders } from '../../../db/schema';
import { parseTrackingCsv, type RowError } from '../../domain/purchase-orders/tracking-csv';
import { ApiError } from '../../http/errors';
import { shipPoRow } from './ship-dropship';

/**
 * Applies a supplier's tracking file: each valid row ships its dropship PO (a row already applied with the
 * same tracking is reported `already`, so uploading the file twice changes nothing); bad rows are reported
 * by line number with a code and do not stop the others.
 */
export async function applyTrackingCsv(env: Env, db: Database, text: string, actor: string) {
  const parsed = parseTrackingCsv(text);
  if (!parsed.ok)
    throw new ApiError(422, 'missing_columns', `The header lacks ${parsed.missing.join(', ')}`, {
      missing: parsed.missing,
    });
  const errors: RowError[] = [...parsed.errors];
  const applied: { row: number; po_number: string; already: boolean }[] = [];
  for (const row of parsed.rows) {
    const po = await db.query.purchaseOrders.findFirst({ where: eq(purchaseOrders.number, row.po_number) });
    if (po?.kind !== 'dropship') {
      errors.push({
        row: row.row,
        code: 'purchase_order_not_found',
        message: `${row.po_number} is not a dropship purchase order`,
      });
      continue;
    }
    try {
      const out = await shipPoRow(env, db, po, row, actor);
      applied.push({ row: row.row, po_number: row.po_number, already: out.already });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      errors.push({ row: row.row, code: err.code, message: err.message });
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return { applied, errors };
}
