import type { Database } from '../../../db/client';
import { newId } from '../../domain/ids';
import { type LineReceipt, planPoReceipt } from '../../domain/purchase-orders/receipt';
import { ApiError } from '../../http/errors';
import { resolveCode } from '../../repo/catalog';
import type { ReceivePoInput } from '../../schemas/purchase-orders';
import { allocateBackorders } from '../allocate-backorders';
import { inventoryOf } from '../stock';
import { announceStockChange } from '../stock-events';
import { guardPo } from './po-transitions';
import { findPo, PO_ENTITY, type PoRow, poDetail, poLines } from './po-view';

const KIND = 'po_receive';

interface Receipt {
  location: string;
  receipts: LineReceipt[];
}

async function plan(db: Database, po: PoRow, input: ReceivePoInput): Promise<Receipt> {
  guardPo(po, 'received');
  if (!po.location) throw new Error(`replenishment PO ${po.id} has no location`);
  const items = [];
  for (const l of input.lines) {
    const sku = await resolveCode(db, l.sku);
    if (!sku) throw new ApiError(422, 'not_on_po', `${l.sku} is not a known SKU or barcode`, { sku: l.sku });
    items.push({ sku, quantity: l.quantity });
  }
  const result = planPoReceipt(await poLines(db, po.id), items);
  if (result.ok) return { location: po.location, receipts: result.receipts };
  if (result.code === 'not_on_po')
    throw new ApiError(422, 'not_on_po', `${result.sku} is not on ${po.number}`, { sku: result.sku });
  throw new ApiError(
    409,
    'over_receipt',
    `Only ${result.expected} more of ${result.sku} are expected on ${po.number}`,
    result,
  );
}

/**
 * Receives goods against a replenishment PO at its location, at most once per op id: the operation row, the
 * line counters, the status and the audit entry are one D1 batch guarded by `received + n <= quantity` and
 * by the status read. The units go into each SKU's DO once per `<po id>#<op id>` (a replay repairs a receipt
 * whose stock-in was lost); then the new stock goes to backorders, oldest order first, and to channel sync.
 */
export async function receivePo(env: Env, db: Database, id: string, input: ReceivePoInput, actor: string) {
  const prior = await env.DB.prepare(`SELECT kind, target, result FROM operations WHERE id = ?`)
    .bind(input.op_id)
    .first<{ kind: string; target: string; result: string }>();
  if (prior && (prior.kind !== KIND || prior.target !== id))
    throw new ApiError(409, 'op_id_reused', 'This operation id was used for something else');
  const po = await findPo(db, id);
  const receipt = prior ? (JSON.parse(prior.result) as Receipt) : await plan(db, po, input);
  const applied = prior ? false : await commit(env, po, input.op_id, receipt, actor);
  // a replay adds the units again only if they never reached the DO (a crash after the D1 commit)
  const allocated = await stockIn(env, db, po, input.op_id, receipt, actor);
  return {
    applied,
    replayed: !applied,
    received: receipt.receipts.map((r) => ({ sku: r.sku, quantity: r.quantity })),
    backorders_allocated: allocated,
    purchase_order: await poDetail(db, id),
  };
}

async function commit(env: Env, po: PoRow, op: string, receipt: Receipt, actor: string) {
  const perLine = [...Map.groupBy(receipt.receipts, (r) => r.lineId)].map(([lineId, rs]) => ({
    lineId,
    units: rs.reduce((s, r) => s + r.quantity, 0),
  }));
  // ?6, ?7... : each line's units and id, bound after the five fixed parameters
  const guards = perLine.map(
    (_, i) =>
      `(SELECT received + ?${6 + 2 * i} <= quantity FROM purchase_order_lines WHERE id = ?${7 + 2 * i} AND po_id = ?2)`,
  );
  const ok = `EXISTS (SELECT 1 FROM operations WHERE id = ?1 AND target = ?2)`;
  const now = new Date().toISOString();
  const statements = [
    env.DB.prepare(
      `INSERT INTO operations (id, kind, actor, target, result)
       SELECT ?1, '${KIND}', ?3, ?2, ?4 WHERE ${guards.join(' AND ')}
         AND (SELECT status FROM purchase_orders WHERE id = ?2) = ?5`,
    ).bind(
      op,
      po.id,
      actor,
      JSON.stringify(receipt),
      po.status,
      ...perLine.flatMap((g) => [g.units, g.lineId]),
    ),
    ...perLine.map((g) =>
      env.DB.prepare(`UPDATE purchase_order_lines SET received = received + ?3 WHERE id = ?4 AND ${ok}`).bind(
        op,
        po.id,
        g.units,
        g.lineId,
      ),
    ),
    env.DB.prepare(
      `UPDATE purchase_orders SET updated_at = ?3, status = CASE WHEN EXISTS
         (SELECT 1 FROM purchase_order_lines WHERE po_id = ?2 AND received < quantity)
         THEN 'partially_received' ELSE 'received' END
       WHERE id = ?2 AND ${ok}`,
    ).bind(op, po.id, now),
    env.DB.prepare(
      `INSERT INTO audit_entries (id, at, actor, action, entity, entity_id, data)
       SELECT ?3, ?4, ?5, 'purchase_order.receive', '${PO_ENTITY}', ?2, ?6 WHERE ${ok}`,
    ).bind(op, po.id, newId('aud'), now, actor, JSON.stringify({ op_id: op, ...receipt })),
  ];
  try {
    await env.DB.batch(statements);
  } catch (err) {
    // the same op id raced in from another request: that one applied it
    if (!String(err).includes('UNIQUE')) throw err;
    return false;
  }
  const stored = await env.DB.prepare(`SELECT target FROM operations WHERE id = ?`).bind(op).first();
  if (!stored)
    throw new ApiError(409, 'over_receipt', 'The PO was received meanwhile; reload it and count again');
  return true;
}

/** The received units into each SKU's DO, then to the oldest backorders and to channel sync. */
async function stockIn(env: Env, db: Database, po: PoRow, op: string, receipt: Receipt, actor: string) {
  const bySku = Map.groupBy(receipt.receipts, (r) => r.sku);
  let allocated = 0;
  for (const [sku, rs] of bySku) {
    const quantity = rs.reduce((s, r) => s + r.quantity, 0);
    const change = await inventoryOf(env, sku).receiveOnce(receipt.location, quantity, {
      actor,
      reason: `purchase order ${po.number}`,
      reference: `${po.id}#${op}`,
    });
    if (!change.ok) throw new Error(`receive of ${sku} refused: ${change.code}`);
    allocated += await allocateBackorders(env, db, sku, actor);
  }
  await announceStockChange(env, bySku.keys());
  return allocated;
}
