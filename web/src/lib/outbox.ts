import { ApiError, api, type PickList, type PickListLine } from './api.ts';
import { localChanged as changed, localDb as db, deleteLocalDb, onLocalChange } from './local-db.ts';
import { sendShort } from './short-picks.ts';
import { flushStockOps } from './stock-ops.ts';

export { recall, remember } from './local-db.ts';

/** One scan or typed code, kept on the phone until the server has answered it. */
export interface PickOp {
  op_id: string;
  pick_list_id: string;
  code: string;
  /** Units picked; for a short pick, the units that were found. */
  quantity: number;
  /** The line it counts towards on this phone; null when the code matched nothing on the cached list. */
  sku: string | null;
  created_at: string;
  /** A short pick: the units that were not on the shelf. */
  missing?: number;
}

/** An op the server refused (wrong item, over-pick, closed list): shown until the picker dismisses it. */
export interface RefusedOp extends PickOp {
  status: number;
  error_code: string;
  message: string;
}

/** Calls `listener` whenever anything this phone keeps (queued work, answers, cached lists) changes; returns the unsubscribe. */
export const onOutboxChange: (listener: () => void) => () => void = onLocalChange;

/** The line a scanned code belongs to: its SKU or one of its barcodes (a UPC-A also reads as EAN-13 with a 0). */
export function lineFor(list: PickList, code: string) {
  const upc = /^0\d{12}$/.test(code) ? code.slice(1) : code;
  return list.lines.find((l) => l.sku === code || l.barcodes.includes(code) || l.barcodes.includes(upc));
}

/**
 * Writes a pick to IndexedDB before anything is sent, then tries to send it; the op id is made here so the
 * server applies it at most once however often it is resent.
 */
export async function queuePick(list: PickList, code: string, quantity = 1): Promise<PickOp> {
  const line = lineFor(list, code);
  const op: PickOp = {
    op_id: crypto.randomUUID(),
    pick_list_id: list.id,
    // send the barcode as the catalog knows it, so a UPC read as EAN-13 still resolves
    code: line ? (line.barcodes.find((b) => code.endsWith(b)) ?? code) : code,
    quantity,
    sku: line?.sku ?? null,
    created_at: new Date().toISOString(),
  };
  await (await db()).put('outbox', op);
  changed();
  void flush();
  return op;
}

/**
 * The picker found only `found` of a line's remaining units: those are picked and the rest reported
 * missing, as one op stored before it is sent. Finding them all is an ordinary pick.
 */
export async function queueShort(list: PickList, line: PickListLine, found: number): Promise<PickOp> {
  const missing = line.quantity - line.picked - found;
  if (!Number.isInteger(found) || found < 0 || missing < 0)
    throw new RangeError(`found ${found} of ${line.sku}`);
  if (missing === 0) return queuePick(list, line.sku, found);
  const op: PickOp = {
    op_id: crypto.randomUUID(),
    pick_list_id: list.id,
    code: line.sku,
    quantity: found,
    sku: line.sku,
    created_at: new Date().toISOString(),
    missing,
  };
  await (await db()).put('outbox', op);
  changed();
  void flush();
  return op;
}

export async function pendingPicks(): Promise<PickOp[]> {
  return (await db()).getAllFromIndex('outbox', 'by_created');
}

export async function refusedPicks(): Promise<RefusedOp[]> {
  const all = await (await db()).getAll('attention');
  return all.sort((a, b) => a.created_at.localeCompare(b.created_at));
}

export async function dismissRefused(opId: string): Promise<void> {
  await (await db()).delete('attention', opId);
  changed();
}

export async function savePickList(list: PickList): Promise<void> {
  await (await db()).put('pick_lists', list);
  changed();
}

/** Fetches and caches the server's view of a list; offline, the cached one stays. */
export async function refreshPickList(id: string): Promise<void> {
  try {
    await savePickList(await api.pickList(id));
  } catch {
    // offline or gone: keep what this phone has
  }
}

export async function cachedPickList(id: string): Promise<PickList | undefined> {
  return (await db()).get('pick_lists', id);
}

/** The list as this phone sees it: the server's last answer plus the picks it has not answered yet. */
export function withPending(list: PickList, ops: PickOp[]): PickList {
  const mine = ops.filter((op) => op.pick_list_id === list.id && op.sku);
  return {
    ...list,
    lines: list.lines.map((line) => {
      const ours = mine.filter((op) => op.sku === line.sku);
      return {
        ...line,
        // a short pick shrinks the line, as the server will once it has it
        quantity: line.quantity - ours.reduce((s, op) => s + (op.missing ?? 0), 0),
        picked: line.picked + ours.reduce((s, op) => s + op.quantity, 0),
      };
    }),
  };
}

// Worth retrying later: no network, a server fault, an expired session, or being told to slow down.
const retryLater = (e: ApiError) => e.offline || e.status >= 500 || [401, 408, 429].includes(e.status);

let flushing: Promise<void> | null = null;
let again = false;

/** Sends everything queued on this phone: picks and short picks alongside receives and counts. */
export async function flush(): Promise<void> {
  await Promise.all([flushPicks(), flushStockOps()]);
}

/**
 * Sends the queued picks oldest first. An op leaves the outbox only once the server answered it: applied or
 * replayed, or refused (then it moves to the refused list with the server's reason). Stops at the first
 * network failure; the next `online`, app start or pick tries again.
 */
function flushPicks(): Promise<void> {
  if (flushing) {
    again = true;
    return flushing;
  }
  flushing = (async () => {
    do {
      again = false;
      // lists a refusal showed to be out of date on this phone (another phone picked meanwhile)
      const stale = new Set<string>();
      for (const op of await pendingPicks()) {
        try {
          if (op.missing) {
            await sendShort({ ...op, missing: op.missing });
            continue;
          }
          const answer = await api.pick(op.pick_list_id, {
            op_id: op.op_id,
            code: op.code,
            quantity: op.quantity,
          });
          const tx = (await db()).transaction(['outbox', 'pick_lists'], 'readwrite');
          await Promise.all([
            tx.objectStore('outbox').delete(op.op_id),
            tx.objectStore('pick_lists').put(answer.pick_list),
            tx.done,
          ]);
        } catch (e) {
          if (!(e instanceof ApiError) || retryLater(e)) return;
          const refused: RefusedOp = { ...op, status: e.status, error_code: e.code, message: e.message };
          const tx = (await db()).transaction(['outbox', 'attention'], 'readwrite');
          await Promise.all([
            tx.objectStore('outbox').delete(op.op_id),
            tx.objectStore('attention').put(refused),
            tx.done,
          ]);
          stale.add(op.pick_list_id);
        } finally {
          changed();
        }
      }
      for (const id of stale) await refreshPickList(id);
    } while (again);
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

let started = false;

/** Flushes now (app start) and whenever the phone comes back online. */
export function startOutbox(): void {
  if (started) return;
  started = true;
  window.addEventListener('online', () => void flush());
  void flush();
}

/** Deletes everything this phone keeps for the signed-in person, queued work included (the caller asks first). */
export const clearLocalData: () => Promise<void> = deleteLocalDb;
