import type { CsvValue } from './csv';
import { pagedRows, type Row } from './paged-rows';

/** A D1-backed export: the CSV columns (the query's column names) and the query (see pagedRows). */
interface RecordExport {
  columns: string[];
  query: string;
}

// Orders and shipments are found through the orders.created_at index; returns are few enough to scan.
const RECORD_EXPORTS = {
  orders: {
    columns: [
      'id',
      'channel',
      'external_id',
      'status',
      'currency',
      'subtotal',
      'shipping_total',
      'tax_total',
      'discount_total',
      'total',
      'customer_name',
      'customer_email',
      'fulfillment',
      'placed_at',
      'created_at',
    ],
    query: `select o.*, o.created_at as cursor_at, o.id as cursor_id from orders o
      where o.created_at >= ?1 and o.created_at < ?2 and o.status != 'pending' and (o.created_at, o.id) > (?3, ?4)
      order by o.created_at, o.id`,
  },
  shipments: {
    columns: [
      'id',
      'order_id',
      'location',
      'method',
      'status',
      'carrier',
      'service',
      'tracking_code',
      'label_cost',
      'label_currency',
      'units',
      'order_placed_at',
      'created_at',
      'label_purchased_at',
      'shipped_at',
      'delivered_at',
    ],
    query: `select s.*, (select coalesce(sum(l.quantity), 0) from shipment_lines l where l.shipment_id = s.id) as units,
        o.created_at as cursor_at, s.id as cursor_id
      from orders o join shipments s on s.order_id = o.id
      where o.created_at >= ?1 and o.created_at < ?2 and (o.created_at, s.id) > (?3, ?4)
      order by o.created_at, s.id`,
  },
  returns: {
    columns: [
      'return_id',
      'number',
      'order_id',
      'status',
      'source',
      'line_id',
      'order_line_id',
      'sku',
      'quantity',
      'unit_price',
      'reason',
      'received',
      'restocked',
      'quarantined',
      'written_off',
      'created_at',
    ],
    query: `select r.id as return_id, r.number, r.order_id, r.status, r.source, l.id as line_id, l.order_line_id,
        l.sku, l.quantity, l.unit_price, l.reason, l.received, l.restocked, l.quarantined, l.written_off,
        r.created_at, r.created_at as cursor_at, l.id as cursor_id
      from returns r join return_lines l on l.return_id = r.id
      where r.created_at >= ?1 and r.created_at < ?2 and (r.created_at, l.id) > (?3, ?4)
      order by r.created_at, l.id`,
  },
} satisfies Record<string, RecordExport>;

export type RecordKind = keyof typeof RECORD_EXPORTS;
export const RECORD_KINDS = Object.keys(RECORD_EXPORTS) as RecordKind[];

const cell = (v: unknown): CsvValue =>
  v === null || v === undefined || typeof v === 'number' || typeof v === 'string' ? v : String(v);

/** The columns and the pages of rows of one record export, for created_at in [from, to). */
export function recordExport(db: D1Database, kind: RecordKind, from: string, to: string) {
  const { columns, query } = RECORD_EXPORTS[kind];
  async function* pages() {
    for await (const rows of pagedRows(db, query, from, to)) {
      yield rows.map((r: Row) => columns.map((c) => cell(r[c])));
    }
  }
  return { columns, pages: pages() };
}
