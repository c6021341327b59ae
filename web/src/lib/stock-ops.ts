import { ApiError } from './api.ts';
import { identify } from './catalog-cache.ts';
import { localChanged, localDb } from './local-db.ts';
import { scanApi } from './scan-api.ts';

export type StockOpKind = 'receive' | 'count';

/**
 * A receive (units added) or a count (on hand set to what was counted) made on this phone. It is stored
 * before anything is sent and keeps its op id, the Idempotency-Key of its one movement on the server.
 */
export interface StockOp {
  op_id: string;
  kind: StockOpKind;
  location: string;
  code: string;
  /** Null when the code was typed or scanned offline and the server has not named it yet. */
  sku: string | null;
  name: string;
  quantity: number;
  /** A count: the on hand the phone showed when it was counted. */
  expected: number | null;
  status: 'pending' | 'synced' | 'conflict';
  created_at: string;
  /** Once synced: on hand at the location right after it was applied. */
  on_hand?: number;
  /** Once refused: the server's reason. */
  error?: { code: string; message: string };
}

export type StockOpInput = Pick<
  StockOp,
  'kind' | 'location' | 'code' | 'sku' | 'name' | 'quantity' | 'expected'
>;

const REASON: Record<StockOpKind, string> = {
  receive: 'received on the phone',
  count: 'cycle count on the phone',
};

/** Stores the ops (all or none) and tries to send them at once. */
export async function queueStockOps(inputs: StockOpInput[]): Promise<StockOp[]> {
  const created_at = new Date().toISOString();
  const ops = inputs.map(
    (input): StockOp => ({ ...input, op_id: crypto.randomUUID(), status: 'pending', created_at }),
  );
  const tx = (await localDb()).transaction('stock_ops', 'readwrite');
  await Promise.all([...ops.map((op) => tx.store.put(op)), tx.done]);
  localChanged();
  void flushStockOps();
  return ops;
}

/** This phone's receives or counts, newest first. */
export async function stockOps(kind: StockOpKind): Promise<StockOp[]> {
  const all = await (await localDb()).getAllFromIndex('stock_ops', 'by_created');
  return all.filter((op) => op.kind === kind).reverse();
}

export async function pendingStockOps(): Promise<StockOp[]> {
  const all = await (await localDb()).getAllFromIndex('stock_ops', 'by_created');
  return all.filter((op) => op.status === 'pending');
}

/** Forgets the receives or counts the server has answered; pending ones stay. */
export async function clearAnswered(kind: StockOpKind): Promise<void> {
  const tx = (await localDb()).transaction('stock_ops', 'readwrite');
  for (const op of await tx.store.getAll()) {
    if (op.kind === kind && op.status !== 'pending') await tx.store.delete(op.op_id);
  }
  await tx.done;
  localChanged();
}

// No network, a server fault, an expired session, being told to slow down, or the same op still running.
const retryLater = (e: ApiError) =>
  e.offline || e.status >= 500 || [401, 408, 429].includes(e.status) || e.code === 'idempotency_in_progress';

async function save(op: StockOp): Promise<void> {
  await (await localDb()).put('stock_ops', op);
  localChanged();
}

async function send(op: StockOp): Promise<'sent' | 'stop'> {
  let sku = op.sku;
  if (!sku) {
    const found = await identify(op.code);
    if (found.state === 'unchecked') return 'stop';
    if (found.state === 'unknown') {
      const message = `Nothing has the code ${op.code}`;
      await save({ ...op, status: 'conflict', error: { code: 'sku_not_found', message } });
      return 'sent';
    }
    sku = found.item.sku;
    // the SKU is part of the request's path, so every retry of this op must use the same one
    await save({ ...op, sku, name: found.item.name });
  }
  const body = { type: op.kind, location: op.location, quantity: op.quantity, reason: REASON[op.kind] };
  const result = await scanApi.move(sku, body, op.op_id);
  const on_hand = result.locations.find((l) => l.location === op.location)?.on_hand ?? 0;
  const latest = (await (await localDb()).get('stock_ops', op.op_id)) ?? op;
  await save({ ...latest, sku, status: 'synced', on_hand });
  return 'sent';
}

let flushing: Promise<void> | null = null;
let again = false;

/**
 * Sends the pending receives and counts oldest first. An op is marked synced or conflict only once the
 * server answered it; the first network failure stops the run and the next `online` or op tries again.
 */
export function flushStockOps(): Promise<void> {
  if (flushing) {
    again = true;
    return flushing;
  }
  flushing = (async () => {
    do {
      again = false;
      for (const op of await pendingStockOps()) {
        try {
          if ((await send(op)) === 'stop') return;
        } catch (e) {
          if (!(e instanceof ApiError) || retryLater(e)) return;
          const latest = (await (await localDb()).get('stock_ops', op.op_id)) ?? op;
          await save({ ...latest, status: 'conflict', error: { code: e.code, message: e.message } });
        }
      }
    } while (again);
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}
