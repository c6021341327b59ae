import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { counters, notificationOutbox, returnLines, returns } from '../../../db/schema';
import { newId } from '../../domain/ids';
import { type ApprovalDecision, decideApproval, type ReturnPolicy } from '../../domain/returns/approval';
import { checkReturnQuantities } from '../../domain/returns/quantities';
import { type ReturnReason, RMA_NUMBER_FORMAT } from '../../domain/returns/return-status';
import { ApiError } from '../../http/errors';
import { auditInsert } from '../../repo/audit';
import { findOrder } from '../../repo/orders';
import { findReturn, returnEvent } from './return-view';
import { type OrderLineFacts, orderLineFacts, returnedUnits, shippedUnits } from './returnable-lines';

export interface NewReturn {
  orderId: string;
  lines: { orderLineId: string; quantity: number; reason: ReturnReason | 'unspecified'; note?: string }[];
  source: 'staff' | 'channel';
  label: boolean;
  receivingLocation?: string;
  exchangeShip?: 'on_receipt' | 'immediately';
  actor: string;
  /** The channel's own return id (Shopify Return gid): a second RMA for it fails the unique index. */
  externalReturnId?: string;
  /** `channel`: the channel already approved it (its refund or approval); default for channel returns. */
  approvedBy?: 'channel' | 'policy';
}

function quantityRefusal(lines: { order_line_id: string; requested: number; returnable: number }[]) {
  return new ApiError(422, 'return_quantity_exceeded', 'More units than were shipped and not yet returned', {
    lines,
  });
}

/**
 * Stores a return with its lines in one D1 batch. Each line's quantity is re-checked inside the batch
 * against shipped less already returned, so two returns racing for the same units cannot both pass: the
 * loser's batch fails its CHECK and nothing of it is written. The RMA number comes from the `rma`
 * counter bumped in the same batch, so a refused return leaves no gap.
 */
export async function storeReturn(db: Database, input: NewReturn, policy: ReturnPolicy) {
  const order = await findOrder(db, input.orderId);
  if (!order) throw new ApiError(404, 'order_not_found', 'No such order');
  const facts = await orderLineFacts(db, order.id);
  const byId = new Map(facts.map((f) => [f.id, f]));
  const unknown = input.lines.filter((l) => !byId.has(l.orderLineId));
  if (unknown.length)
    throw new ApiError(422, 'unknown_order_line', 'A line is not on this order', {
      order_line_ids: unknown.map((l) => l.orderLineId),
    });
  const bound = checkReturnQuantities(
    input.lines,
    facts.map((f) => ({ orderLineId: f.id, shipped: f.shipped, returned: f.returned })),
  );
  if (!bound.ok) throw quantityRefusal(bound.lines);
  const lines = input.lines.map((l) => ({ ...l, fact: byId.get(l.orderLineId) as OrderLineFacts }));
  const now = new Date().toISOString();
  const fulfilled = lines
    .map((l) => l.fact.fulfilledAt)
    .filter((at): at is string => at !== null)
    .sort();
  const approvedBy = input.approvedBy ?? (input.source === 'channel' ? 'channel' : 'policy');
  const approval: ApprovalDecision =
    approvedBy === 'channel'
      ? { auto: true, reasons: [] }
      : decideApproval(policy, {
          now,
          fulfilledAt: fulfilled[fulfilled.length - 1] ?? null,
          lines: lines.map((l) => ({
            sku: l.fact.sku!,
            quantity: l.quantity,
            unitPrice: l.fact.unitPrice,
            reason: l.reason as ReturnReason,
            finalSale: l.fact.finalSale,
          })),
        });
  const id = newId('rma');
  const status = approval.auto ? 'approved' : 'requested';
  const decision = approval.auto
    ? {
        decidedBy: approvedBy === 'channel' ? input.actor : 'policy',
        decidedAt: now,
        decisionNote: approvedBy === 'channel' ? 'returned on the channel' : 'approved by the policy',
      }
    : null;
  const waitMessage = `Waits for approval: ${approval.reasons.join('; ')}`;
  try {
    await db.batch([
      db
        .insert(counters)
        .values({ name: 'rma', value: 1 })
        .onConflictDoUpdate({ target: counters.name, set: { value: sql`${counters.value} + 1` } }),
      db.insert(returns).values({
        id,
        number: sql`(SELECT printf(${RMA_NUMBER_FORMAT}, value) FROM counters WHERE name = 'rma')`,
        orderId: order.id,
        status,
        source: input.source,
        externalReturnId: input.externalReturnId ?? null,
        approval: { auto: approval.auto, reasons: [...approval.reasons] },
        labelRequested: input.label,
        receivingLocation: input.receivingLocation ?? null,
        exchangeShip: input.exchangeShip ?? null,
        createdBy: input.actor,
        createdAt: now,
        ...decision,
      }),
      ...lines.map((l) => {
        const lineRef = sql`${l.orderLineId}`;
        return db.insert(returnLines).values({
          id: newId('rml'),
          returnId: id,
          orderLineId: l.orderLineId,
          sku: l.fact.sku!,
          // 0 fails the CHECK (quantity > 0) and with it the whole batch
          quantity: sql`CASE WHEN ${shippedUnits(lineRef)} - ${returnedUnits(lineRef)} >= ${l.quantity} THEN ${l.quantity} ELSE 0 END`,
          unitPrice: l.fact.unitPrice,
          reason: l.reason,
          note: l.note ?? null,
        });
      }),
      returnEvent(db, id, {
        type: 'requested',
        message: `Asked for by ${input.source === 'channel' ? 'the channel' : input.actor}`,
        actor: input.actor,
        at: now,
      }),
      returnEvent(db, id, {
        type: status,
        message: decision ? decision.decisionNote : waitMessage,
        actor: decision ? decision.decidedBy : input.actor,
        at: now,
      }),
      auditInsert(db, {
        actor: input.actor,
        action: 'return.create',
        entity: 'return',
        entityId: id,
        data: { order_id: order.id, status, approval },
      }),
      ...(approval.auto
        ? []
        : [
            db.insert(notificationOutbox).values({
              id: newId('ntf'),
              topic: 'return.awaiting_approval',
              entity: 'return',
              entityId: id,
              message: waitMessage,
              payload: { order_id: order.id, reasons: approval.reasons },
            }),
          ]),
    ]);
  } catch (err) {
    if (!String(err).includes('return_lines_quantity')) throw err;
    const again = await orderLineFacts(db, order.id);
    const check = checkReturnQuantities(
      input.lines,
      again.map((f) => ({ orderLineId: f.id, shipped: f.shipped, returned: f.returned })),
    );
    throw quantityRefusal(check.ok ? [] : check.lines);
  }
  return { rma: await findReturn(db, id), order };
}
