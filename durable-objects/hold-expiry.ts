/** Expiry of pending holds: the InventoryDO's guard against stock stranded by a crashed order capture. */

const D1_PARAMS_PER_QUERY = 90;

/** Hold ids whose allocation row is stored in D1 (the order was written; only the confirm was lost). */
export async function findStoredAllocations(db: D1Database, holdIds: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < holdIds.length; i += D1_PARAMS_PER_QUERY) {
    const chunk = holdIds.slice(i, i + D1_PARAMS_PER_QUERY);
    const { results } = await db
      .prepare(
        `SELECT id FROM allocations WHERE status = 'reserved' AND id IN (${chunk.map(() => '?').join(',')})`,
      )
      .bind(...chunk)
      .all<{ id: string }>();
    for (const r of results) found.add(r.id);
  }
  return found;
}

/**
 * In one transaction: confirms the due holds that D1 knows, releases the others that are still pending,
 * and returns when the next pending hold falls due (null when none is left).
 */
export function expireHolds(
  storage: DurableObjectStorage,
  due: string[],
  stored: Set<string>,
  release: (ids: string[]) => string[],
): number | null {
  return storage.transactionSync(() => {
    const sql = storage.sql;
    const stillPending = due.filter(
      (id) =>
        sql.exec<{ status: string }>(`SELECT status FROM holds WHERE id = ?`, id).toArray()[0]?.status ===
        'pending',
    );
    for (const id of stillPending.filter((id) => stored.has(id))) {
      sql.exec(`UPDATE holds SET status = 'confirmed', expires_at = NULL WHERE id = ?`, id);
    }
    release(stillPending.filter((id) => !stored.has(id)));
    const next = sql
      .exec<{ next: number | null }>(`SELECT MIN(expires_at) AS next FROM holds WHERE status = 'pending'`)
      .toArray()[0];
    return next?.next ?? null;
  });
}
