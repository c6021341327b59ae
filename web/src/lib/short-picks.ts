import { api, type ExceptionItem } from './api.ts';
import { localChanged, localDb } from './local-db.ts';
import type { PickOp } from './outbox.ts';
import { scanApi } from './scan-api.ts';

/** A short pick the server recorded, kept so the pick row can say so after the list changed. */
export interface ShortRecord extends PickOp {
  missing: number;
  location: string;
  /** The `short_pick` exception it opened, once the phone has seen it. */
  exception: { id: string; message: string } | null;
}

/**
 * Sends a short-pick op: the units found are picked first (their own op id, derived from this one, so a
 * resend replays both), then the missing ones are reported. Returns the list as the server now has it.
 */
export async function sendShort(op: PickOp & { missing: number }) {
  if (op.quantity > 0) {
    await api.pick(op.pick_list_id, { op_id: `${op.op_id}:found`, code: op.code, quantity: op.quantity });
  }
  const answer = await scanApi.shortPick(op.pick_list_id, {
    op_id: op.op_id,
    code: op.code,
    missing: op.missing,
  });
  const record: ShortRecord = { ...op, location: answer.pick_list.location, exception: null };
  const tx = (await localDb()).transaction(['outbox', 'pick_lists', 'shorts'], 'readwrite');
  await Promise.all([
    tx.objectStore('outbox').delete(op.op_id),
    tx.objectStore('pick_lists').put(answer.pick_list),
    tx.objectStore('shorts').put(record),
    tx.done,
  ]);
  await findExceptions(op.pick_list_id);
}

export async function recordedShorts(pickListId: string): Promise<ShortRecord[]> {
  const all = await (await localDb()).getAll('shorts');
  return all.filter((s) => s.pick_list_id === pickListId);
}

/**
 * Links this list's recorded shorts to the `short_pick` exceptions they opened: for each, the newest open
 * one of its SKU that no other short on this phone has claimed. Offline or not allowed: tried again later.
 */
export async function findExceptions(pickListId: string): Promise<void> {
  const waiting = (await recordedShorts(pickListId)).filter((s) => !s.exception);
  if (!waiting.length) return;
  let inbox: ExceptionItem[];
  try {
    inbox = (await scanApi.exceptions('short_pick')).data;
  } catch {
    return;
  }
  const db = await localDb();
  const claimed = new Set((await db.getAll('shorts')).map((s) => s.exception?.id));
  for (const short of waiting.sort((a, b) => b.created_at.localeCompare(a.created_at))) {
    const found = inbox.find((e) => e.sku === short.sku && e.status === 'open' && !claimed.has(e.id));
    if (!found) continue;
    claimed.add(found.id);
    await db.put('shorts', { ...short, exception: { id: found.id, message: found.message } });
  }
  localChanged();
}
