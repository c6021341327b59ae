import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { pickLists } from '../../db/schema';
import { ApiError } from '../http/errors';
import { resolveCode } from '../repo/catalog';
import { pickListView } from './pick-lists';

export interface PickInput {
  op_id: string;
  code: string;
  quantity: number;
}

type PickResult = { sku: string; shipment_id: string; picked: number; quantity: number };

/**
 * Records a scanned pick once per client-made op id. The operation row and the line update commit in one
 * batch, each guarded by the same `picked + n <= quantity` check, so a retry, a late sync or a second
 * phone can never double a pick or pick more than ordered.
 */
export async function recordPick(
  env: Env,
  db: Database,
  pickListId: string,
  input: PickInput,
  actor: string,
) {
  const prior = await env.DB.prepare(`SELECT kind, target, result FROM operations WHERE id = ?`)
    .bind(input.op_id)
    .first<{
      kind: string;
      target: string;
      result: string;
    }>();
  if (prior) {
    if (prior.kind !== 'pick' || prior.target !== pickListId)
      throw new ApiError(409, 'op_id_reused', 'This operation id was used for something else');
    return {
      applied: false,
      replayed: true,
      pick: JSON.parse(prior.result) as PickResult,
      pick_list: await pickListView(db, pickListId),
    };
  }
  const list = await db.query.pickLists.findFirst({ where: eq(pickLists.id, pickListId) });
  if (!list) throw new ApiError(404, 'pick_list_not_found', 'No such pick list');
  // a done list still answers late scans (as over-picks); only a cancelled one refuses outright
  if (list.status === 'cancelled')
    throw new ApiError(409, 'pick_list_closed', 'This pick list was cancelled');
  const sku = await resolveCode(db, input.code);
  const view = await pickListView(db, pickListId);
  const row = sku ? view.lines.find((l) => l.sku === sku) : undefined;
  if (!sku || !row) {
    throw new ApiError(
      422,
      'wrong_item',
      sku ? `${sku} is not on this pick list` : `${input.code} is not a known barcode or SKU`,
      {
        code: input.code,
        sku,
      },
    );
  }
  const target = row.shipments.find((s) => s.quantity - s.picked >= input.quantity);
  if (!target) {
    const left = row.quantity - row.picked;
    const message =
      left === 0 ? `All ${row.quantity} of ${sku} are already picked` : `Only ${left} more of ${sku} to pick`;
    throw new ApiError(409, 'over_pick', message, {
      sku,
      remaining: row.quantity - row.picked,
    });
  }
  const lineId = (
    await env.DB.prepare(
      `SELECT id FROM shipment_lines WHERE shipment_id = ? AND sku = ? AND quantity - picked >= ? ORDER BY id LIMIT 1`,
    )
      .bind(target.shipment_id, sku, input.quantity)
      .first<{ id: string }>()
  )?.id;
  const result: PickResult = {
    sku,
    shipment_id: target.shipment_id,
    picked: input.quantity,
    quantity: target.quantity,
  };
  if (lineId) {
    const guard = `(SELECT picked + ?1 <= quantity FROM shipment_lines WHERE id = ?2)`;
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO operations (id, kind, actor, target, result) SELECT ?3, 'pick', ?4, ?5, ?6 WHERE ${guard}`,
      ).bind(input.quantity, lineId, input.op_id, actor, pickListId, JSON.stringify(result)),
      env.DB.prepare(
        `UPDATE shipment_lines SET picked = picked + ?1 WHERE id = ?2 AND EXISTS (SELECT 1 FROM operations WHERE id = ?3)`,
      ).bind(input.quantity, lineId, input.op_id),
    ]).catch(async (err) => {
      // the same op id raced in from another request: answer as a replay
      if (!String(err).includes('UNIQUE')) throw err;
    });
  }
  const stored = await env.DB.prepare(`SELECT result FROM operations WHERE id = ?`)
    .bind(input.op_id)
    .first<{ result: string }>();
  if (!stored) throw new ApiError(409, 'over_pick', `Someone else picked the last ${sku} meanwhile`, { sku });
  const after = await pickListView(db, pickListId);
  if (after.status === 'open' && after.lines.every((l) => l.picked >= l.quantity)) {
    await db
      .update(pickLists)
      .set({ status: 'done', completedAt: new Date().toISOString() })
      .where(and(eq(pickLists.id, pickListId), eq(pickLists.status, 'open')));
    after.status = 'done';
  }
  return { applied: true, replayed: false, pick: JSON.parse(stored.result) as PickResult, pick_list: after };
}
