import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { exceptions, orderEvents, orders, returns } from '../../../db/schema';
import { newId } from '../../domain/ids';
import { canTransition, type OrderStatus } from '../../domain/order-status';
import { ApiError } from '../../http/errors';
import { resolveCode } from '../../repo/catalog';
import type { OrderRow } from '../../repo/orders';
import { backorderedUnits } from '../../repo/shipments';
import type { CreateOrderInput } from '../../schemas/orders';
import { cancelOrder } from '../cancel-order';
import { captureOrder } from '../capture-order';
import { type ReturnRow, returnEvent } from './return-view';

/** Exchange orders are their own channel; the RMA number is their external id, so capture is once per return. */
export const EXCHANGE_CHANNEL = 'exchange';

export interface ExchangeLine {
  sku: string;
  quantity: number;
  unit_price: number;
}

/** The replacement lines with our SKUs; an unknown SKU or barcode is refused before anything is stored. */
export async function resolveExchangeLines(db: Database, lines: ExchangeLine[]) {
  const resolved = await Promise.all(lines.map(async (l) => ({ ...l, sku: await resolveCode(db, l.sku) })));
  const unknown = lines.filter((_, i) => resolved[i]!.sku === null).map((l) => l.sku);
  if (unknown.length) throw new ApiError(422, 'unknown_sku', 'No such SKU or barcode', { skus: unknown });
  return resolved as ExchangeLine[];
}

/**
 * Captures the replacement through the normal capture path (reserved at once). Shipping on receipt holds
 * the order (`on_hold`, so no pick list takes it) until the return is received.
 */
export async function placeExchangeOrder(
  env: Env,
  db: Database,
  rma: ReturnRow,
  original: OrderRow,
  lines: ExchangeLine[],
  actor: string,
) {
  const input: CreateOrderInput = {
    channel: EXCHANGE_CHANNEL,
    external_id: rma.number,
    currency: original.currency,
    customer: {
      name: original.customerName ?? undefined,
      email: original.customerEmail ?? undefined,
    },
    lines,
    ship_to: (original.shipTo ?? {}) as CreateOrderInput['ship_to'],
  };
  try {
    const { order } = await captureOrder(env, db, input, actor);
    await db.batch([
      db.update(returns).set({ exchangeOrderId: order.id }).where(eq(returns.id, rma.id)),
      returnEvent(db, rma.id, {
        type: 'exchange_placed',
        message: `Replacement order ${order.id} placed (${order.status})`,
        actor,
      }),
    ]);
    if (rma.exchangeShip === 'on_receipt') await holdUntilReceived(db, order.id, rma.number, actor);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    await db.insert(exceptions).values({
      id: newId('exc'),
      kind: 'exchange_failed',
      status: 'open',
      orderId: original.id,
      message: `The replacement for ${rma.number} could not be placed: ${err.message}`,
      details: { return_id: rma.id, code: err.code },
    });
  }
}

async function moveOrder(
  db: Database,
  orderId: string,
  from: OrderStatus,
  to: OrderStatus,
  message: string,
  actor: string,
) {
  if (!canTransition(from, to)) return;
  const now = new Date().toISOString();
  await db.batch([
    db
      .update(orders)
      .set({ status: to, updatedAt: now })
      .where(and(eq(orders.id, orderId), eq(orders.status, from))),
    db.insert(orderEvents).values({ id: newId('evt'), orderId, at: now, type: to, message, actor }),
  ]);
}

async function holdUntilReceived(db: Database, orderId: string, number: string, actor: string) {
  const order = await db.query.orders.findFirst({ where: eq(orders.id, orderId) });
  if (order?.status !== 'allocated' && order?.status !== 'backordered') return;
  await moveOrder(db, orderId, order.status, 'on_hold', `Held until return ${number} is received`, actor);
}

/** The return came in: a replacement held for it may now be picked (or wait for stock, if backordered). */
export async function releaseExchange(db: Database, rma: ReturnRow, actor: string) {
  if (!rma.exchangeOrderId || rma.exchangeShip !== 'on_receipt') return;
  const order = await db.query.orders.findFirst({ where: eq(orders.id, rma.exchangeOrderId) });
  if (order?.status !== 'on_hold') return;
  const open = await db.query.exceptions.findFirst({
    where: and(eq(exceptions.orderId, order.id), eq(exceptions.status, 'open')),
  });
  if (open) return; // held for another reason too (an unmatched SKU): a person releases it
  const next = (await backorderedUnits(db, order.id)) > 0 ? 'backordered' : 'allocated';
  await moveOrder(
    db,
    order.id,
    'on_hold',
    next,
    `Return ${rma.number} received: the replacement may ship`,
    actor,
  );
}

/** The return will not happen: its replacement is cancelled and its stock released. */
export async function cancelExchange(env: Env, db: Database, rma: ReturnRow, actor: string, why: string) {
  if (!rma.exchangeOrderId) return;
  const order = await db.query.orders.findFirst({ where: eq(orders.id, rma.exchangeOrderId) });
  if (!order || !canTransition(order.status as OrderStatus, 'cancelled')) return;
  await cancelOrder(env, db, order.id, actor, `return ${rma.number} was ${why}`);
}
