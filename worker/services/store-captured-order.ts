import { and, eq, sql } from 'drizzle-orm';
import { runBatch, type Statement } from '../../db/batch';
import type { Database } from '../../db/client';
import { allocations, exceptions, orderEvents, orderLines, orders, skus } from '../../db/schema';
import type { ReserveResult } from '../../durable-objects/inventory-types';
import { newId } from '../domain/ids';
import { capturedStatus } from '../domain/order-status';
import { routeOrder } from '../domain/routing';
import { auditInsert } from '../repo/audit';
import type { CreateOrderInput } from '../schemas/orders';
import type { OrderPlan, PlannedLine } from './plan-order';
import { shipmentInserts } from './shipment-rows';

interface Captured {
  orderId: string;
  input: CreateOrderInput;
  plan: OrderPlan;
  reserved: { sku: string; result: ReserveResult }[];
  actor: string;
  /** Units sent to dropship suppliers (per line id), their POs' statements and a sentence for the explanation. */
  dropship?: { units: Map<string, number>; statements: Statement[]; note: string | null };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Why the order ships from where it does (from the stock each DO saw), and why it waits if it does. */
function explain(c: Captured, matched: PlannedLine[], unmatched: PlannedLine[]) {
  const stock = Object.fromEntries(c.reserved.map(({ sku, result }) => [sku, result.atpBefore]));
  const ours = matched
    .map((l) => ({ ...l, quantity: l.quantity - (c.dropship?.units.get(l.id) ?? 0) }))
    .filter((l) => l.quantity > 0);
  const routedOurs = ours.length
    ? routeOrder({
        lines: ours.map((l) => ({ key: l.id, sku: l.sku!, quantity: l.quantity })),
        locations: c.plan.locations,
        stock,
        shipTo: c.plan.shipTo,
      }).explanation
    : '';
  const note = c.dropship?.note;
  const routed = note ? (routedOurs ? `${routedOurs}; ${note}` : note) : routedOurs;
  if (!unmatched.length) return routed;
  const held = `On hold: ${unmatched.map((l) => l.channelSku).join(', ')} matches no SKU, listing or barcode`;
  return routed ? `${routed}. ${held}` : held;
}

/** Writes lines, allocations, shipments, status, timeline, exceptions and audit in one batch; returns what it wrote. */
export async function storeCapturedOrder(db: Database, c: Captured) {
  const got = new Map(c.reserved.flatMap(({ result }) => result.lines.map((l) => [l.key, l])));
  const lines = c.plan.lines.map((l) => ({
    ...l,
    holds: got.get(l.id)?.holds ?? [],
    backordered: got.get(l.id)?.backordered ?? 0,
    matched: l.sku !== null,
  }));
  const status = capturedStatus(lines);
  const unmatched = lines.filter((l) => !l.matched);
  const explanation = explain(
    c,
    lines.filter((l) => l.matched),
    unmatched,
  );
  const now = new Date().toISOString();
  const lineRows = lines.map(({ holds: _, matched: __, ...l }) => ({ ...l, orderId: c.orderId }));
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
  const events = [
    {
      at: now,
      type: 'created',
      message: `Captured from ${c.input.channel} as ${c.input.external_id}`,
      actor: c.actor,
    },
    { at: now, type: status as string, message: explanation || status, actor: c.actor },
  ];
  // The SKU's cost as it is now, read inside the batch: COGS keeps the cost at sale time.
  const costOf = (sku: string | null, column: typeof skus.cost | typeof skus.costCurrency) =>
    sku === null ? null : sql`(select ${column} from ${skus} where ${skus.sku} = ${sku})`;
  const statements: Statement[] = [
    db.insert(orderLines).values(
      lineRows.map((l) => ({
        ...l,
        unitCost: costOf(l.sku, skus.cost),
        costCurrency: costOf(l.sku, skus.costCurrency),
      })),
    ),
    db
      .update(orders)
      .set({ status, routingExplanation: explanation, updatedAt: now })
      .where(and(eq(orders.id, c.orderId), eq(orders.status, 'pending'))),
    db.insert(orderEvents).values(events.map((e) => ({ id: newId('evt'), orderId: c.orderId, ...e }))),
    auditInsert(db, {
      actor: c.actor,
      action: 'order.create',
      entity: 'order',
      entityId: c.orderId,
      data: { status },
    }),
  ];
  if (allocationRows.length) {
    statements.push(db.insert(allocations).values(allocationRows));
    const placedAt = c.input.placed_at ? new Date(c.input.placed_at).toISOString() : now;
    const method = c.input.fulfillment?.method ?? 'ship';
    statements.push(...shipmentInserts(db, { id: c.orderId, placedAt, method }, allocationRows));
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
  if (c.dropship) statements.push(...c.dropship.statements);
  await runBatch(db, statements);
  const holdIds = allocationRows.map((a) => ({ sku: a.sku, id: a.id }));
  return { holdIds, status, explanation, at: now, lines: lineRows, allocations: allocationRows, events };
}
