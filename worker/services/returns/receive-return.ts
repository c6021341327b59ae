import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { locations } from '../../../db/schema';
import { newId } from '../../domain/ids';
import { type LineReceipt, planReceipt } from '../../domain/returns/quantities';
import { ApiError } from '../../http/errors';
import { resolveCode } from '../../repo/catalog';
import type { ReceiveReturnInput } from '../../schemas/returns';
import { allocateBackorders } from '../allocate-backorders';
import { domainEvent, publishEvents } from '../domain-events';
import { inventoryOf } from '../stock';
import { announceStockChange } from '../stock-events';
import { closeIfSettled } from './close-return';
import { guardReturn } from './decide-return';
import { releaseExchange } from './exchange-order';
import { findReturn, linesOf, type ReturnRow, returnDetail } from './return-view';

const KIND = 'return_receive';

interface Receipt {
  location: string;
  receipts: LineReceipt[];
}

async function plan(db: Database, rma: ReturnRow, input: ReceiveReturnInput): Promise<Receipt> {
  guardReturn(rma, 'received');
  const location = await db.query.locations.findFirst({ where: eq(locations.code, input.location_id) });
  if (!location)
    throw new ApiError(422, 'unknown_location', `No location ${input.location_id}`, {
      location: input.location_id,
    });
  const items = [];
  for (const item of input.items) {
    const sku = await resolveCode(db, item.code);
    if (!sku)
      throw new ApiError(422, 'wrong_item', `${item.code} is not a known barcode or SKU`, {
        code: item.code,
      });
    items.push({ sku, quantity: item.quantity, disposition: item.disposition });
  }
  const result = planReceipt(await linesOf(db, rma.id), items);
  if (result.ok) return { location: location.code, receipts: result.receipts };
  if (result.code === 'wrong_item')
    throw new ApiError(422, 'wrong_item', `${result.sku} is not on this return`, { sku: result.sku });
  throw new ApiError(
    422,
    'over_receive',
    `Only ${result.expected} more of ${result.sku} are expected on this return`,
    result,
  );
}

/**
 * Applies a receipt at most once per op id: the operation row, the line counters and the status commit in
 * one D1 batch, all guarded by `received + n <= quantity`. Restocks then go to each SKU's DO keyed by the
 * operation, so a replay repairs a restock that did not land and never adds units twice.
 */
export async function receiveReturn(
  env: Env,
  db: Database,
  id: string,
  input: ReceiveReturnInput,
  actor: string,
) {
  const prior = await env.DB.prepare(`SELECT kind, target, result FROM operations WHERE id = ?`)
    .bind(input.op_id)
    .first<{ kind: string; target: string; result: string }>();
  if (prior && (prior.kind !== KIND || prior.target !== id))
    throw new ApiError(409, 'op_id_reused', 'This operation id was used for something else');
  const rma = await findReturn(db, id);
  const receipt = prior ? (JSON.parse(prior.result) as Receipt) : await plan(db, rma, input);
  const applied = prior ? false : await commit(env, rma, input.op_id, receipt, actor);
  await restock(env, db, rma, input.op_id, receipt, actor);
  if (applied) {
    await releaseExchange(db, await findReturn(db, id), actor);
    await closeIfSettled(db, id, actor);
  }
  return {
    applied,
    replayed: !applied,
    received: receipt.receipts.map((r) => ({ sku: r.sku, quantity: r.quantity, disposition: r.disposition })),
    return: await returnDetail(db, id),
  };
}

async function commit(env: Env, rma: ReturnRow, op: string, receipt: Receipt, actor: string) {
  const perLine = Map.groupBy(receipt.receipts, (r) => r.lineId);
  const lineGuards = [...perLine].map(([lineId, rs]) => ({
    lineId,
    units: rs.reduce((sum, r) => sum + r.quantity, 0),
  }));
  // ?6, ?7... : each line's units and id, bound after the five fixed parameters
  const guards = lineGuards.map(
    (_, i) => `(SELECT received + ?${6 + 2 * i} <= quantity FROM return_lines WHERE id = ?${7 + 2 * i})`,
  );
  const ok = `EXISTS (SELECT 1 FROM operations WHERE id = ?1 AND target = ?2)`;
  const now = new Date().toISOString();
  const units = receipt.receipts.reduce((s, r) => s + r.quantity, 0);
  const statements = [
    env.DB.prepare(
      `INSERT INTO operations (id, kind, actor, target, result)
       SELECT ?1, '${KIND}', ?3, ?2, ?4 WHERE ${guards.join(' AND ')}
         AND (SELECT status FROM returns WHERE id = ?2) = ?5`,
    ).bind(
      op,
      rma.id,
      actor,
      JSON.stringify(receipt),
      rma.status,
      ...lineGuards.flatMap((g) => [g.units, g.lineId]),
    ),
    ...[...perLine].map(([lineId, rs]) => {
      const n = (d: LineReceipt['disposition']) =>
        rs.filter((r) => r.disposition === d).reduce((s, r) => s + r.quantity, 0);
      return env.DB.prepare(
        `UPDATE return_lines SET received = received + ?3, restocked = restocked + ?4,
           quarantined = quarantined + ?5, written_off = written_off + ?6
         WHERE id = ?7 AND ${ok}`,
      ).bind(
        op,
        rma.id,
        n('restock') + n('quarantine') + n('write_off'),
        n('restock'),
        n('quarantine'),
        n('write_off'),
        lineId,
      );
    }),
    env.DB.prepare(
      `UPDATE returns SET updated_at = ?3, status = CASE WHEN EXISTS
         (SELECT 1 FROM return_lines WHERE return_id = ?2 AND received < quantity) THEN 'received' ELSE 'inspected' END
       WHERE id = ?2 AND ${ok}`,
    ).bind(op, rma.id, now),
    env.DB.prepare(
      `INSERT INTO return_events (id, return_id, at, type, message, actor)
       SELECT ?3, ?2, ?4, 'received', ?5, ?6 WHERE ${ok}`,
    ).bind(
      op,
      rma.id,
      newId('rev'),
      now,
      `${units} unit${units === 1 ? '' : 's'} received at ${receipt.location}: ${describe(receipt)}`,
      actor,
    ),
    env.DB.prepare(
      `INSERT INTO audit_entries (id, at, actor, action, entity, entity_id, data)
       SELECT ?3, ?4, ?5, 'return.receive', 'return', ?2, ?6 WHERE ${ok}`,
    ).bind(op, rma.id, newId('aud'), now, actor, JSON.stringify({ op_id: op, ...receipt })),
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
    throw new ApiError(409, 'over_receive', 'The return was received meanwhile; reload it and scan again');
  return true;
}

const describe = (r: Receipt) =>
  r.receipts.map((x) => `${x.quantity} ${x.sku} ${x.disposition.replace('_', ' ')}`).join(', ');

/** Restocked units go on sale at the receiving location; quarantined and written-off units stay counters only. */
async function restock(env: Env, db: Database, rma: ReturnRow, op: string, receipt: Receipt, actor: string) {
  const bySku = Map.groupBy(
    receipt.receipts.filter((r) => r.disposition === 'restock'),
    (r) => r.sku,
  );
  for (const [sku, rs] of bySku) {
    const quantity = rs.reduce((s, r) => s + r.quantity, 0);
    const change = await inventoryOf(env, sku).restock(receipt.location, quantity, {
      actor,
      reason: `return ${rma.number}`,
      reference: `${rma.id}#${op}`,
    });
    if (!change.ok) throw new Error(`restock of ${sku} refused: ${change.code}`);
    await allocateBackorders(env, db, sku, actor);
  }
  await announceStockChange(env, bySku.keys());
  await publishEvents(env, [
    domainEvent('return.received', rma.id, { location: receipt.location, order_id: rma.orderId }, op),
  ]);
}
