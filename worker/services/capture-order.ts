import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orders } from '../../db/schema';
import type { ReserveResult } from '../../durable-objects/inventory-types';
import { newId } from '../domain/ids';
import { orderTotals } from '../domain/totals';
import { ApiError } from '../http/errors';
import { skuMapFrom, skuMappingQueries } from '../repo/catalog';
import {
  findOrder,
  findOrderByExternal,
  type OrderRow,
  type OrderView,
  orderView,
  orderViewOf,
} from '../repo/orders';
import type { CreateOrderInput } from '../schemas/orders';
import { domainEvent, publishEvents } from './domain-events';
import { planOrder } from './plan-order';
import { routeToDropship } from './purchase-orders/route-dropship';
import { inventoryOf, releaseHolds } from './stock';
import { announceStockChange } from './stock-events';
import { storeCapturedOrder } from './store-captured-order';

/** Pending holds outlive a capture by far; an expired one is released by the SKU's DO alarm. */
export const HOLD_TTL_MS = 120_000;
/** A claim older than this belongs to a capture that died; a replay may finish it. */
export const STALE_CLAIM_MS = HOLD_TTL_MS + 30_000;

export interface CaptureResult {
  created: boolean;
  order: OrderView;
}

/** Runs work after the answer is sent (the Worker's waitUntil); inline when not given. */
export type Defer = (work: Promise<unknown>) => void;

/**
 * Captures a canonical order exactly once per (channel, external_id): claim the order row and map its SKUs
 * (one D1 batch), route, reserve in each SKU's DO (pending), store lines and allocations in one D1 batch,
 * then confirm. Any failure before the batch lands releases every hold and drops the claim, so nothing
 * leaks. The confirm may run after the answer: a lost confirm is repaired by the DO's alarm, which finds
 * the stored allocation in D1.
 */
export async function captureOrder(
  env: Env,
  db: Database,
  input: CreateOrderInput,
  actor: string,
  defer?: Defer,
): Promise<CaptureResult> {
  const claim = await claimOrder(db, input);
  if ('existing' in claim) return { created: false, order: await orderView(db, claim.existing) };
  const { row, skuMap } = claim;
  const reserved: { sku: string; result: ReserveResult }[] = [];
  let stored: Awaited<ReturnType<typeof storeCapturedOrder>>;
  try {
    const plan = await planOrder(env, db, row.id, input, skuMap);
    await Promise.all(
      [...plan.requests].map(async ([sku, lines]) => {
        const result = await inventoryOf(env, sku).reserve({
          orderId: row.id,
          lines,
          ttlMs: HOLD_TTL_MS,
          context: { actor, reason: 'order captured', reference: row.id },
        });
        reserved.push({ sku, result });
      }),
    );
    const dropship = await routeToDropship(db, { orderId: row.id, input, plan, actor }, reserved);
    stored = await storeCapturedOrder(db, {
      orderId: row.id,
      input,
      plan,
      reserved: dropship.reserved,
      actor,
      dropship,
    });
  } catch (err) {
    const current = await findOrder(db, row.id);
    if (current && current.status !== 'pending')
      return { created: false, order: await orderView(db, current) };
    const holds = reserved.flatMap(({ sku, result }) =>
      result.lines.flatMap((l) => l.holds.map((h) => ({ sku, id: h.id }))),
    );
    await releaseHolds(env, holds, actor, 'order capture failed');
    await db.delete(orders).where(eq(orders.id, row.id));
    throw err;
  }
  const confirming = Promise.all([
    confirmHolds(env, stored.holdIds),
    announceStockChange(
      env,
      stored.holdIds.map((h) => h.sku),
    ),
    publishEvents(env, [
      domainEvent('order.created', row.id, {
        channel: row.channel,
        external_id: row.externalId,
        status: stored.status,
      }),
    ]),
  ]);
  if (defer) defer(confirming);
  else await confirming;
  const order = {
    ...row,
    status: stored.status,
    routingExplanation: stored.explanation,
    updatedAt: stored.at,
  };
  return { created: true, order: orderViewOf(order, stored.lines, stored.allocations, stored.events) };
}

type Claim = { row: OrderRow; skuMap: Map<string, string> } | { existing: OrderRow };

async function claimOrder(db: Database, input: CreateOrderInput): Promise<Claim> {
  const totals = orderTotals(input.lines, {
    shipping: input.shipping_total,
    tax: input.tax_total,
    discount: input.discount_total,
  });
  const insert = db
    .insert(orders)
    .values({
      id: newId('ord'),
      channel: input.channel,
      externalId: input.external_id,
      status: 'pending',
      currency: input.currency,
      customerName: input.customer?.name ?? input.ship_to.name ?? null,
      customerEmail: input.customer?.email ?? input.ship_to.email ?? null,
      shipTo: input.ship_to,
      subtotal: totals.subtotal,
      shippingTotal: totals.shipping,
      taxTotal: totals.tax,
      discountTotal: totals.discount,
      total: totals.total,
      request: input,
      placedAt: input.placed_at ? new Date(input.placed_at).toISOString() : null,
      shipBy: input.ship_by ? new Date(input.ship_by).toISOString() : null,
      fulfillment: input.fulfillment?.method ?? 'ship',
      pickupLocation: input.fulfillment?.method === 'pickup' ? input.fulfillment.location : null,
    })
    .onConflictDoNothing()
    .returning();
  const names = input.lines.map((l) => l.sku);
  const [claimed, exact, listed, coded] = await db.batch([
    insert,
    ...skuMappingQueries(db, input.channel, names),
  ]);
  const skuMap = skuMapFrom(exact, listed, coded);
  if (claimed[0]) return { row: claimed[0], skuMap };
  const existing = await findOrderByExternal(db, input.channel, input.external_id);
  if (!existing) throw new ApiError(409, 'order_in_progress', 'This order is being captured; retry shortly');
  if (existing.status !== 'pending') return { existing };
  if (Date.now() - Date.parse(existing.createdAt) < STALE_CLAIM_MS) {
    throw new ApiError(409, 'order_in_progress', 'This order is being captured; retry shortly');
  }
  return { row: existing, skuMap };
}

async function confirmHolds(env: Env, holds: { sku: string; id: string }[]) {
  const bySku = Map.groupBy(holds, (h) => h.sku);
  await Promise.all([...bySku].map(([sku, hs]) => inventoryOf(env, sku).confirm(hs.map((h) => h.id))));
}
