import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { orders, returnEvents, returnLines, returnRefunds, returns } from '../../../db/schema';
import { newId } from '../../domain/ids';
import type { ReturnStatus } from '../../domain/returns/return-status';
import { ApiError } from '../../http/errors';

export type ReturnRow = typeof returns.$inferSelect;
export type ReturnLineRow = typeof returnLines.$inferSelect;
type RefundRow = typeof returnRefunds.$inferSelect;
type EventRow = typeof returnEvents.$inferSelect;

export async function findReturn(db: Database, id: string) {
  const row = await db.query.returns.findFirst({ where: eq(returns.id, id) });
  if (!row) throw new ApiError(404, 'return_not_found', 'No such return');
  return row;
}

/** The RMA of a channel's return, by its id on the channel (unique per order). */
export async function findChannelReturn(db: Database, channelId: string, externalReturnId: string) {
  const [row] = await db
    .select({ rma: returns })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(and(eq(orders.channel, channelId), eq(returns.externalReturnId, externalReturnId)))
    .limit(1);
  return row?.rma;
}

/** The insert failed because the channel's return already has its RMA. */
export const isDuplicateReturn = (err: unknown) =>
  String(err).includes('UNIQUE') && String(err).includes('external_return_id');

export const linesOf = (db: Database, id: string) =>
  db.select().from(returnLines).where(eq(returnLines.returnId, id)).orderBy(asc(returnLines.id));

/** A return with its lines (and their counters), refunds and timeline, in the API's shape. */
export async function returnDetail(db: Database, id: string) {
  const rma = await findReturn(db, id);
  const [lines, refunds, events] = await db.batch([
    linesOf(db, id),
    db.select().from(returnRefunds).where(eq(returnRefunds.returnId, id)).orderBy(asc(returnRefunds.id)),
    db
      .select()
      .from(returnEvents)
      .where(eq(returnEvents.returnId, id))
      .orderBy(asc(returnEvents.at), asc(returnEvents.id)),
  ]);
  return returnView(rma, lines, refunds, events);
}

function returnView(r: ReturnRow, lines: ReturnLineRow[], refunds: RefundRow[], events: EventRow[]) {
  return {
    id: r.id,
    number: r.number,
    order_id: r.orderId,
    status: r.status as ReturnStatus,
    source: r.source,
    approval: {
      auto: r.approval.auto,
      reasons: r.approval.reasons,
      decided_by: r.decidedBy,
      decided_at: r.decidedAt,
      note: r.decisionNote,
    },
    label:
      r.labelTrackingCode || r.labelRequested
        ? {
            carrier: r.labelCarrier,
            service: r.labelService,
            tracking_code: r.labelTrackingCode,
            url: r.labelUrl,
          }
        : null,
    exchange: r.exchangeShip ? { order_id: r.exchangeOrderId, ship: r.exchangeShip } : null,
    lines: lines.map((l) => ({
      id: l.id,
      order_line_id: l.orderLineId,
      sku: l.sku,
      quantity: l.quantity,
      unit_price: l.unitPrice,
      reason: l.reason,
      note: l.note,
      received: l.received,
      restocked: l.restocked,
      quarantined: l.quarantined,
      written_off: l.writtenOff,
    })),
    refunds: refunds.map((f) => ({
      id: f.id,
      status: f.status,
      currency: f.currency,
      amount: f.amount,
      lines_amount: f.linesAmount,
      shipping_amount: f.shippingAmount,
      restocking_fee: f.restockingFee,
      channel_amount: f.channelAmount,
      external_refund_id: f.externalRefundId,
      note: f.note,
      error: f.error,
      created_at: f.createdAt,
    })),
    timeline: events.map((e) => ({ at: e.at, type: e.type, message: e.message, actor: e.actor })),
    created_by: r.createdBy,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

export type ReturnView = ReturnType<typeof returnView>;

/** Returns, newest first, by status or order, a page at a time (the cursor is the last id seen). */
export async function listReturns(
  db: Database,
  q: { status?: ReturnStatus; order_id?: string; number?: string; cursor?: string; limit: number },
) {
  const rows = await db
    .select()
    .from(returns)
    .where(
      and(
        q.status ? eq(returns.status, q.status) : undefined,
        q.order_id ? eq(returns.orderId, q.order_id) : undefined,
        q.number ? eq(returns.number, q.number.toUpperCase()) : undefined,
        q.cursor ? lt(returns.id, q.cursor) : undefined,
      ),
    )
    .orderBy(desc(returns.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    data: page.map((r) => ({
      id: r.id,
      number: r.number,
      order_id: r.orderId,
      status: r.status as ReturnStatus,
      source: r.source,
      created_at: r.createdAt,
    })),
    next_cursor: rows.length > q.limit ? page[page.length - 1]!.id : null,
  };
}

/** The insert of one timeline entry, to put in the batch of the change it records. */
export const returnEvent = (
  db: Database,
  returnId: string,
  e: { type: string; message: string; actor: string; at?: string },
) =>
  db.insert(returnEvents).values({
    id: newId('rev'),
    returnId,
    at: e.at ?? new Date().toISOString(),
    type: e.type,
    message: e.message,
    actor: e.actor,
  });
