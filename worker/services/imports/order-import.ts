import { and, eq, inArray } from 'drizzle-orm';
import { listings, skuBarcodes, skus } from '../../../db/schema';
import { MoneyFormatError, toMinorUnits } from '../../domain/money';
import { ApiError } from '../../http/errors';
import { skuMapFrom } from '../../repo/catalog';
import { OrderCsvRow, type RowError } from '../../schemas/imports';
import { CreateOrderBody, type CreateOrderInput } from '../../schemas/orders';
import { captureOrder } from '../capture-order';
import { RetryLater } from '../retry-later';
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

const ORDERS_IN_FLIGHT = 4;

type Line = { line: number; row: OrderCsvRow };

const compact = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** The canonical order of a group of lines, or the error of the line that breaks it. */
function toOrder(group: Line[]): CreateOrderInput | RowError {
  const first = group[0]!.row;
  const odd = group.find((l) => l.row.currency !== first.currency || l.row.placed_at !== first.placed_at);
  if (odd) {
    const message = `Lines of order ${first.external_id} disagree on currency or placed_at (see line ${group[0]!.line})`;
    return rowError(odd.line, 'inconsistent_order', message);
  }
  const lines = [];
  for (const { line, row } of group) {
    try {
      lines.push({
        sku: row.sku,
        quantity: row.quantity,
        unit_price: toMinorUnits(row.unit_price, row.currency),
      });
    } catch (err) {
      if (err instanceof MoneyFormatError) return rowError(line, 'invalid_value', err.message, 'unit_price');
      throw err;
    }
  }
  const customer = compact({ name: first.customer_name, email: first.customer_email });
  const input = {
    channel: first.channel,
    external_id: first.external_id,
    currency: first.currency,
    placed_at: first.placed_at,
    customer: Object.keys(customer).length ? customer : undefined,
    lines,
    ship_to: compact({
      name: first.ship_to_name ?? first.customer_name,
      line1: first.ship_to_line1,
      city: first.ship_to_city,
      region: first.ship_to_region,
      postal_code: first.ship_to_postal_code,
      country: first.ship_to_country?.toUpperCase(),
    }),
  };
  const parsed = CreateOrderBody.safeParse(compact(input));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  return rowError(group[0]!.line, 'invalid_order', `${issue.path.join('.')}: ${issue.message}`);
}

function read(rows: Parameters<ImportHandler<CreateOrderInput>['read']>[0], columns: string[]) {
  const { parsed, errors } = parseRows(rows, columns, OrderCsvRow);
  const groups = Map.groupBy(parsed, (l) => `${l.row.channel}\u0000${l.row.external_id}`);
  const units: ImportUnit<CreateOrderInput>[] = [];
  for (const group of groups.values()) {
    const order = toOrder(group);
    if ('code' in order) errors.push(order);
    else units.push({ lines: group.map((l) => l.line), row: order });
  }
  return { units, errors };
}

/** Every line's SKU maps to ours (the SKU, the channel's listing, or a barcode), per channel. */
async function check(_env: Env, db: ApplyContext['db'], units: ImportUnit<CreateOrderInput>[]) {
  const errors: RowError[] = [];
  for (const [channel, orders] of Map.groupBy(units, (u) => u.row.channel)) {
    const names = orders.flatMap((o) => o.row.lines.map((l) => l.sku));
    const [exact, listed, coded] = await Promise.all([
      lookupInSlices<{ sku: string }>(db, names, (s) =>
        db.select({ sku: skus.sku }).from(skus).where(inArray(skus.sku, s)),
      ),
      lookupInSlices<{ from: string; sku: string }>(db, names, (s) =>
        db
          .select({ from: listings.channelSku, sku: listings.sku })
          .from(listings)
          .where(and(eq(listings.channel, channel), inArray(listings.channelSku, s))),
      ),
      lookupInSlices<{ from: string; sku: string }>(db, names, (s) =>
        db
          .select({ from: skuBarcodes.barcode, sku: skuBarcodes.sku })
          .from(skuBarcodes)
          .where(inArray(skuBarcodes.barcode, s)),
      ),
    ]);
    const known = skuMapFrom(exact, listed, coded);
    for (const o of orders) {
      o.row.lines.forEach((l, i) => {
        if (!known.has(l.sku)) errors.push(rowError(o.lines[i]!, 'sku_not_found', `No SKU ${l.sku}`, 'sku'));
      });
    }
  }
  return errors;
}

type Captured = 'created' | 'unchanged' | RowError;

async function capture(ctx: ApplyContext, unit: ImportUnit<CreateOrderInput>): Promise<Captured> {
  try {
    const { created } = await captureOrder(ctx.env, ctx.db, unit.row, ctx.actor);
    return created ? 'created' : 'unchanged';
  } catch (err) {
    // another capture of the same order is under way: the chunk comes back once it has settled
    if (err instanceof ApiError && err.code === 'order_in_progress') throw new RetryLater(30);
    if (err instanceof ApiError) return rowError(unit.lines[0]!, err.code, err.message);
    throw err;
  }
}

async function apply(ctx: ApplyContext, units: ImportUnit<CreateOrderInput>[]) {
  const tally = emptyTally();
  const errors: RowError[] = [];
  for (const result of await inPool(units, ORDERS_IN_FLIGHT, (u) => capture(ctx, u))) {
    if (typeof result === 'string') tally[result]++;
    else {
      tally.failed++;
      errors.push(result);
    }
  }
  return { tally, errors, statements: [] };
}

/** Orders: each captured once per (channel, external_id), through the same path as every channel's orders. */
export const orderImport: ImportHandler<CreateOrderInput> = {
  layout: {
    required: ['channel', 'external_id', 'currency', 'placed_at', 'sku', 'quantity', 'unit_price'],
    optional: [
      'customer_name',
      'customer_email',
      'ship_to_name',
      'ship_to_line1',
      'ship_to_city',
      'ship_to_region',
      'ship_to_postal_code',
      'ship_to_country',
    ],
  },
  read,
  check,
  apply,
};
