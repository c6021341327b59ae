import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { locations } from '../../db/schema';
import type { StockChange, StockLevel } from '../../durable-objects/inventory-types';
import { ApiError } from '../http/errors';
import { auditInsert } from '../repo/audit';
import { findSku } from '../repo/catalog';
import type { MovementInput } from '../schemas/inventory';
import { allocateBackorders } from './allocate-backorders';
import { inventoryOf } from './stock';
import { announceStockChange } from './stock-events';

export function inventoryView(sku: string, levels: StockLevel[]) {
  const sum = (k: 'on_hand' | 'reserved' | 'available' | 'atp') => levels.reduce((s, l) => s + l[k], 0);
  return {
    sku,
    locations: levels,
    totals: {
      on_hand: sum('on_hand'),
      reserved: sum('reserved'),
      available: sum('available'),
      atp: sum('atp'),
    },
  };
}

async function assertKnown(db: Database, sku: string, codes: string[]) {
  if (!(await findSku(db, sku))) throw new ApiError(404, 'sku_not_found', `No SKU ${sku}`);
  for (const code of codes) {
    const found = await db.query.locations.findFirst({ where: eq(locations.code, code) });
    if (!found) throw new ApiError(422, 'unknown_location', `No location ${code}`, { location: code });
  }
}

function refusal(change: StockChange): never | void {
  if (change.ok) return;
  const status = change.code === 'invalid_quantity' ? 400 : 409;
  const message = {
    insufficient_stock: 'Not enough free stock there',
    below_reserved: 'The count is below what is reserved for orders there',
    unknown_hold: 'No such hold',
    invalid_quantity: 'The quantity is not valid',
  }[change.code];
  throw new ApiError(status, change.code, message, change);
}

/** Records one stock movement in the SKU's DO, audits it, and gives new free stock to backorders. */
export async function moveStock(env: Env, db: Database, sku: string, m: MovementInput, actor: string) {
  await assertKnown(db, sku, m.type === 'transfer' ? [m.location, m.to_location] : [m.location]);
  const stub = inventoryOf(env, sku);
  const ctx = { actor, reason: m.reason };
  const change =
    m.type === 'receive'
      ? await stub.receive(m.location, m.quantity, ctx)
      : m.type === 'adjust'
        ? await stub.adjust(m.location, m.quantity, ctx)
        : m.type === 'count'
          ? await stub.count(m.location, m.quantity, ctx)
          : await stub.transfer(m.location, m.to_location, m.quantity, ctx);
  refusal(change);
  await auditInsert(db, { actor, action: `stock.${m.type}`, entity: 'sku', entityId: sku, data: m });
  const allocated = await allocateBackorders(env, db, sku, actor);
  await announceStockChange(env, [sku]);
  return { ...inventoryView(sku, await stub.levels()), backorders_allocated: allocated };
}

export async function setSafetyStock(
  env: Env,
  db: Database,
  sku: string,
  location: string,
  quantity: number,
  actor: string,
) {
  await assertKnown(db, sku, [location]);
  const stub = inventoryOf(env, sku);
  refusal(await stub.setSafetyStock(location, quantity));
  await announceStockChange(env, [sku]);
  await auditInsert(db, {
    actor,
    action: 'stock.safety_stock',
    entity: 'sku',
    entityId: sku,
    data: { location, quantity },
  });
  return inventoryView(sku, await stub.levels());
}
