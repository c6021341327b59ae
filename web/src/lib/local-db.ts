import { type DBSchema, deleteDB, type IDBPDatabase, openDB } from 'idb';
import type { PickList } from './api-types.ts';
import type { PickOp, RefusedOp } from './outbox.ts';
import type { ShortRecord } from './short-picks.ts';
import type { StockOp } from './stock-ops.ts';

/** What the phone keeps between reloads and offline: queued work, its answers, cached server views. */
export interface LocalSchema extends DBSchema {
  outbox: { key: string; value: PickOp; indexes: { by_created: string } };
  attention: { key: string; value: RefusedOp };
  pick_lists: { key: string; value: PickList };
  kv: { key: string; value: unknown };
  stock_ops: { key: string; value: StockOp; indexes: { by_created: string } };
  shorts: { key: string; value: ShortRecord };
}

const NAME = 'switchyard';
let dbPromise: Promise<IDBPDatabase<LocalSchema>> | null = null;

export const localDb = () =>
  (dbPromise ??= openDB<LocalSchema>(NAME, 2, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) {
        d.createObjectStore('outbox', { keyPath: 'op_id' }).createIndex('by_created', 'created_at');
        d.createObjectStore('attention', { keyPath: 'op_id' });
        d.createObjectStore('pick_lists', { keyPath: 'id' });
        d.createObjectStore('kv');
      }
      if (oldVersion < 2) {
        d.createObjectStore('stock_ops', { keyPath: 'op_id' }).createIndex('by_created', 'created_at');
        d.createObjectStore('shorts', { keyPath: 'op_id' });
      }
    },
    // another tab (or a freshly updated app) needs a newer version: let it, and reopen on next use
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
      dbPromise = null;
    },
  }));

const listeners = new Set<() => void>();

/** Tells every screen that queued work or cached data changed. */
export function localChanged(): void {
  for (const listener of listeners) listener();
}

export function onLocalChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function remember<T>(key: string, value: T): Promise<void> {
  await (await localDb()).put('kv', value, key);
}

export async function recall<T>(key: string): Promise<T | undefined> {
  return (await (await localDb()).get('kv', key)) as T | undefined;
}

/** Deletes everything this phone keeps for the signed-in person. */
export async function deleteLocalDb(): Promise<void> {
  if (dbPromise) (await dbPromise).close();
  dbPromise = null;
  await deleteDB(NAME);
  localChanged();
}
