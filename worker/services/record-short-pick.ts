import { and, eq, inArray, sql } from 'drizzle-orm';
import { runBatch, type Statement } from '../../db/batch';
import type { Database } from '../../db/client';
import {
  allocations,
  exceptions,
  operations,
  orderEvents,
  orderLines,
  pickLists,
  shipmentLines,
  shipments,
} from '../../db/schema';
import { newId } from '../domain/ids';
import { ApiError } from '../http/errors';
import { resolveCode } from '../repo/catalog';
import { shipmentLinesOf } from '../repo/shipments';
import { allocateBackorders } from './allocate-backorders';
import { pickListView } from './pick-lists';
import { inventoryOf } from './stock';
import { announceStockChange } from './stock-events';

export interface ShortInput {
  op_id: string;
  code: string;
  missing: number;
}

/**
 * The shelf has fewer units than the pick list needs: the holds shrink and on hand goes down in the SKU's
 * DO, the missing units become backordered with a `short_pick` exception, and the SKU's free stock
 * elsewhere is allocated to them at once. Applied once per op id.
 */
export async function recordShortPick(
  env: Env,
  db: Database,
  pickListId: string,
  input: ShortInput,
  actor: string,
) {
  const prior = await db.query.operations.findFirst({ where: eq(operations.id, input.op_id) });
  if (prior)
    return { replayed: true, backorders_allocated: 0, pick_list: await pickListView(db, pickListId) };
  const list = await db.query.pickLists.findFirst({ where: eq(pickLists.id, pickListId) });
  if (!list) throw new ApiError(404, 'pick_list_not_found', 'No such pick list');
  const sku = await resolveCode(db, input.code);
  const ships = await db.select().from(shipments).where(eq(shipments.pickListId, pickListId));
  const lines = (
    await shipmentLinesOf(
      db,
      ships.map((s) => s.id),
    )
  ).filter((l) => l.sku === sku && l.quantity > l.picked);
  const open = lines.reduce((s, l) => s + l.quantity - l.picked, 0);
  if (!sku || open === 0)
    throw new ApiError(422, 'wrong_item', `${input.code} has nothing left to pick on this list`);
  if (input.missing > open)
    throw new ApiError(409, 'over_short', `Only ${open} of ${sku} are left to pick`, { remaining: open });

  let left = input.missing;
  const statements: Statement[] = [
    db.insert(operations).values({
      id: input.op_id,
      kind: 'short',
      actor,
      target: pickListId,
      result: { sku, missing: input.missing },
    }),
  ];
  const orderIds = new Set<string>();
  for (const l of [...lines].reverse()) {
    if (left === 0) break;
    const take = Math.min(left, l.quantity - l.picked);
    left -= take;
    const shrunk = await inventoryOf(env, sku).shortHold(l.allocationId, take, input.op_id, {
      actor,
      reason: 'short pick',
      reference: pickListId,
    });
    if (!shrunk.ok) throw new ApiError(409, 'hold_missing', `The reservation for ${sku} is gone`, shrunk);
    const ship = ships.find((s) => s.id === l.shipmentId)!;
    orderIds.add(ship.orderId);
    statements.push(
      db
        .update(shipmentLines)
        .set({ quantity: sql`${shipmentLines.quantity} - ${take}` })
        .where(eq(shipmentLines.id, l.id)),
      db
        .update(allocations)
        .set({
          quantity: sql`${allocations.quantity} - ${take}`,
          status: sql`CASE WHEN ${allocations.quantity} = ${take} THEN 'released' ELSE ${allocations.status} END`,
        })
        .where(eq(allocations.id, l.allocationId)),
      db
        .update(orderLines)
        .set({ backordered: sql`${orderLines.backordered} + ${take}` })
        .where(eq(orderLines.id, l.orderLineId)),
      db.insert(orderEvents).values({
        id: newId('evt'),
        orderId: ship.orderId,
        at: new Date().toISOString(),
        type: 'short_pick',
        message: `${take} of ${sku} missing at ${list.location}; re-routing`,
        actor,
      }),
    );
  }
  statements.push(
    db.insert(exceptions).values({
      id: newId('exc'),
      kind: 'short_pick',
      status: 'open',
      sku,
      orderId: [...orderIds][0] ?? null,
      message: `${input.missing} of ${sku} were not on the shelf at ${list.location}; stock there was corrected`,
      details: { pick_list_id: pickListId, orders: [...orderIds] },
    }),
    // a shipment whose every unit went missing has nothing left to ship
    db
      .update(shipments)
      .set({ status: 'cancelled' })
      .where(
        and(
          eq(shipments.pickListId, pickListId),
          inArray(shipments.status, ['picking']),
          sql`NOT EXISTS (SELECT 1 FROM shipment_lines WHERE shipment_id = ${shipments.id} AND quantity > 0)`,
        ),
      ),
  );
  await runBatch(db, statements);
  const allocated = await allocateBackorders(env, db, sku, actor);
  await announceStockChange(env, [sku]);
  return { replayed: false, backorders_allocated: allocated, pick_list: await pickListView(db, pickListId) };
}
