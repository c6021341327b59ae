import { and, eq } from 'drizzle-orm';
import { runBatch, type Statement } from '../../db/batch';
import type { Database } from '../../db/client';
import { allocations, exceptions, orderEvents, orderLines, orders } from '../../db/schema';
import type { ReserveResult } from '../../durable-objects/inventory-types';
import { newId } from '../domain/ids';
import { capturedStatus } from '../domain/order-status';
import { routeOrder } from '../domain/routing';
import { auditInsert } from '../repo/audit';
import type { CreateOrderInput } from '../schemas/orders';
import type { OrderPlan } from './plan-order';
import { shipmentInserts } from './shipment-rows';

interface Captured {
  orderId: string;
  input: CreateOrderInput;
  plan: OrderPlan;
  reserved: { sku: string; result: ReserveResult }[];
  actor: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Writes lines, allocations, status, timeline, exceptions and audit in one batch; returns the holds to confirm. */
export async function storeCapturedOrder(db: Database, c: Captured) {
  const byKey = new Map(
    c.reserved.flatMap(({ sku, result }) => result.lines.map((l) => [l.key, { sku, ...l }])),
  );
  const lines = c.plan.lines.map((l) => {
    const got = byKey.get(l.id);
    return { ...l, holds: got?.holds ?? [], backordered: got?.backordered ?? 0, matched: l.sku !== null };
  });
  const status = capturedStatus(lines);
  const unmatched = lines.filter((l) => !l.matched);
  const stock = Object.fromEntries(c.reserved.map(({ sku, result }) => [sku, result.atpBefore]));
  const matched = lines.filter((l) => l.sku !== null);
  let explanation = matched.length
    ? routeOrder({
        lines: matched.map((l) => ({ key: l.id, sku: l.sku!, quantity: l.quantity })),
        locations: c.plan.locations,
        stock,
        shipTo: c.plan.shipTo,
      }).explanation
    : '';
  if (unmatched.length) {
    const held = `On hold: ${unmatched.map((l) => l.channelSku).join(', ')} matches no SKU, listing or barcode`;
    explanation = explanation ? `${explanation}. ${held}` : held;
  }
  const now = new Date().toISOString();
  const holdIds = lines.flatMap((l) => l.holds.map((h) => ({ sku: l.sku!, id: h.id })));
  const event = (type: string, message: string) =>
    db
      .insert(orderEvents)
      .values({ id: newId('evt'), orderId: c.orderId, at: now, type, message, actor: c.actor });

  const statements: Statement[] = [
    db.insert(orderLines).values(
      lines.map((l) => ({
        id: l.id,
        orderId: c.orderId,
        lineNo: l.lineNo,
        sku: l.sku,
        channelSku: l.channelSku,
        name: l.name,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        backordered: l.backordered,
      })),
    ),
    db
      .update(orders)
      .set({ status, routingExplanation: explanation, updatedAt: now })
      .where(and(eq(orders.id, c.orderId), eq(orders.status, 'pending'))),
    event('created', `Captured from ${c.input.channel} as ${c.input.external_id}`),
    event(status, explanation || status),
    auditInsert(db, {
      actor: c.actor,
      action: 'order.create',
      entity: 'order',
      entityId: c.orderId,
      data: { status },
    }),
  ];
  const allocationRows = lines.flatMap((l) =>
    l.holds.map((h) => ({
      id: h.id,
      orderId: c.orderId,
      lineId: l.id,
      sku: l.sku!,
      location: h.location,
      quantity: h.quantity,
      status: 'reserved' as const,
    })),
  );
  if (allocationRows.length) {
    statements.push(db.insert(allocations).values(allocationRows));
    const placedAt = c.input.placed_at ? new Date(c.input.placed_at).toISOString() : now;
    statements.push(...shipmentInserts(db, { id: c.orderId, placedAt }, allocationRows));
  }
  for (const l of unmatched) {
    statements.push(
      db.insert(exceptions).values({
        id: newId('exc'),
        kind: 'unmatched_sku',
        status: 'open',
        orderId: c.orderId,
        sku: l.channelSku,
        channel: c.input.channel,
        message: `${l.channelSku} on ${c.input.channel} order ${c.input.external_id} matches no SKU; ${plural(l.quantity, 'unit')} wait`,
      }),
    );
  }
  await runBatch(db, statements);
  return holdIds;
}
