import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { channels, exceptions, listings, orderEvents, orderLines, orders } from '../../db/schema';
import { newId } from '../domain/ids';
import { ApiError } from '../http/errors';
import { auditInsert } from '../repo/audit';
import { findSku } from '../repo/catalog';
import { allocateBackorders } from './allocate-backorders';
import { announceStockChange } from './stock-events';

/**
 * Links a channel's SKU to ours (an alias rule every later order uses), then releases the orders held for
 * it: their lines take the SKU and wait for stock like any backorder, and are allocated at once where stock is.
 */
export async function linkListing(
  env: Env,
  db: Database,
  input: { channel: string; channel_sku: string; sku: string; external?: Record<string, string> },
  actor: string,
) {
  if (!(await findSku(db, input.sku))) throw new ApiError(422, 'unknown_sku', `No SKU ${input.sku}`);
  const held = await db
    .select({ lineId: orderLines.id, orderId: orderLines.orderId })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(
      and(
        eq(orders.channel, input.channel),
        eq(orders.status, 'on_hold'),
        eq(orderLines.channelSku, input.channel_sku),
        isNull(orderLines.sku),
      ),
    );
  const orderIds = [...new Set(held.map((h) => h.orderId))];
  const now = new Date().toISOString();
  await db.batch([
    db
      .insert(channels)
      .values({ code: input.channel, name: input.channel, type: 'manual' })
      .onConflictDoNothing(),
    db
      .insert(listings)
      .values({
        channel: input.channel,
        channelSku: input.channel_sku,
        sku: input.sku,
        external: input.external ?? null,
      })
      .onConflictDoUpdate({
        target: [listings.channel, listings.channelSku],
        set: { sku: input.sku, external: input.external ?? null, pushedQuantity: null },
      }),
    auditInsert(db, {
      actor,
      action: 'listing.link',
      entity: 'listing',
      entityId: `${input.channel}:${input.channel_sku}`,
      data: input,
    }),
    ...(held.length
      ? [
          db
            .update(orderLines)
            .set({ sku: input.sku, backordered: orderLines.quantity })
            .where(
              inArray(
                orderLines.id,
                held.map((h) => h.lineId),
              ),
            ),
          db
            .update(exceptions)
            .set({ status: 'resolved', resolvedAt: now })
            .where(
              and(
                eq(exceptions.kind, 'unmatched_sku'),
                eq(exceptions.channel, input.channel),
                eq(exceptions.sku, input.channel_sku),
                eq(exceptions.status, 'open'),
              ),
            ),
          // an order with no unmatched line left waits for stock like any backorder
          db
            .update(orders)
            .set({ status: 'backordered', updatedAt: now })
            .where(
              and(
                inArray(orders.id, orderIds),
                eq(orders.status, 'on_hold'),
                sql`NOT EXISTS (SELECT 1 FROM order_lines WHERE order_id = ${orders.id} AND sku IS NULL)`,
              ),
            ),
          db.insert(orderEvents).values(
            orderIds.map((orderId) => ({
              id: newId('evt'),
              orderId,
              at: now,
              type: 'sku_linked',
              message: `${input.channel_sku} linked to ${input.sku}`,
              actor,
            })),
          ),
        ]
      : []),
  ]);
  const allocated = await allocateBackorders(env, db, input.sku, actor);
  await announceStockChange(env, [input.sku]);
  return {
    channel: input.channel,
    channel_sku: input.channel_sku,
    sku: input.sku,
    released_orders: orderIds.length,
    units_allocated: allocated,
  };
}
