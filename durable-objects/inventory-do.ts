import { DurableObject } from 'cloudflare:workers';
import { fillLine } from '../worker/domain/fill-line';
import { expireHolds, findStoredAllocations } from './hold-expiry';
import { INVENTORY_SCHEMA, INVENTORY_SCHEMA_VERSION } from './inventory-schema';
import type {
  ConfirmResult,
  Hold,
  Movement,
  MovementContext,
  MovementType,
  ReserveRequest,
  ReserveResult,
  StockChange,
  StockLevel,
} from './inventory-types';

interface StockRow {
  location: string;
  on_hand: number;
  reserved: number;
  safety_stock: number;
  [key: string]: SqlStorageValue;
}

const toLevel = (r: StockRow): StockLevel => {
  const available = r.on_hand - r.reserved;
  return { ...r, available, atp: Math.max(0, available - r.safety_stock) };
};

const isCount = (n: number) => Number.isSafeInteger(n) && n > 0;

/**
 * One per SKU: the single writer of that SKU's stock per location and of its reservations.
 * Every change is one synchronous SQLite transaction, so there is no await between a read and its write.
 */
export class InventoryDO extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private nextAlarm: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.migrate();
      this.nextAlarm = await ctx.storage.getAlarm();
    });
  }

  private migrate() {
    this.sql.exec(INVENTORY_SCHEMA[0]!);
    const row = this.sql.exec(`SELECT value FROM schema_meta WHERE key = 'version'`).toArray()[0];
    if (Number(row?.value ?? 0) >= INVENTORY_SCHEMA_VERSION) return;
    this.ctx.storage.transactionSync(() => {
      for (const stmt of INVENTORY_SCHEMA) this.sql.exec(stmt);
      this.sql.exec(
        `INSERT OR REPLACE INTO schema_meta (key, value) VALUES ('version', ?)`,
        String(INVENTORY_SCHEMA_VERSION),
      );
    });
  }

  /** Stock at every location this SKU has ever been at. */
  levels(): StockLevel[] {
    return this.sql
      .exec<StockRow>(`SELECT location, on_hand, reserved, safety_stock FROM stock ORDER BY location`)
      .toArray()
      .map(toLevel);
  }

  private row(location: string): StockRow {
    const found = this.sql
      .exec<StockRow>(
        `SELECT location, on_hand, reserved, safety_stock FROM stock WHERE location = ?`,
        location,
      )
      .toArray()[0];
    return found ?? { location, on_hand: 0, reserved: 0, safety_stock: 0 };
  }

  private apply(
    type: MovementType,
    location: string,
    onHand: number,
    reserved: number,
    ctx: MovementContext,
  ) {
    // UPDATE first: an upsert would check the CHECK constraints against the would-be inserted row.
    const { rowsWritten } = this.sql.exec(
      `UPDATE stock SET on_hand = on_hand + ?, reserved = reserved + ? WHERE location = ?`,
      onHand,
      reserved,
      location,
    );
    if (rowsWritten === 0) {
      this.sql.exec(
        `INSERT INTO stock (location, on_hand, reserved) VALUES (?, ?, ?)`,
        location,
        onHand,
        reserved,
      );
    }
    this.sql.exec(
      `INSERT INTO movements (at, type, location, on_hand_delta, reserved_delta, actor, reason, reference)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      new Date().toISOString(),
      type,
      location,
      onHand,
      reserved,
      ctx.actor,
      ctx.reason ?? null,
      ctx.reference ?? null,
    );
  }

  /** Adds received units to a location. */
  receive(location: string, quantity: number, ctx: MovementContext): StockChange {
    if (!isCount(quantity)) return { ok: false, code: 'invalid_quantity', message: 'quantity must be > 0' };
    return this.ctx.storage.transactionSync(() => {
      this.apply('receive', location, quantity, 0, ctx);
      return { ok: true, level: toLevel(this.row(location)) };
    });
  }

  /**
   * Goods received against a document (a purchase order receipt), once per `reference`: a retried or
   * replayed receipt answers the current level and adds nothing. The plain `receive` stays free of this
   * check, since people may type the same reference on two real receipts.
   */
  receiveOnce(location: string, quantity: number, ctx: MovementContext & { reference: string }): StockChange {
    if (!isCount(quantity)) return { ok: false, code: 'invalid_quantity', message: 'quantity must be > 0' };
    return this.ctx.storage.transactionSync(() => {
      const done =
        this.sql
          .exec(`SELECT 1 FROM movements WHERE type = 'receive' AND reference = ? LIMIT 1`, ctx.reference)
          .toArray().length > 0;
      if (!done) this.apply('receive', location, quantity, 0, ctx);
      return { ok: true, level: toLevel(this.row(location)) };
    });
  }

  /**
   * Units back on the shelf from a return. With a reference (the return's receipt), once per reference: a
   * retried restock answers the current level and changes nothing.
   */
  restock(location: string, quantity: number, ctx: MovementContext): StockChange {
    if (!isCount(quantity)) return { ok: false, code: 'invalid_quantity', message: 'quantity must be > 0' };
    return this.ctx.storage.transactionSync(() => {
      const done =
        ctx.reference !== undefined &&
        this.sql
          .exec(`SELECT 1 FROM movements WHERE type = 'return' AND reference = ? LIMIT 1`, ctx.reference)
          .toArray().length > 0;
      if (!done) this.apply('return', location, quantity, 0, ctx);
      return { ok: true, level: toLevel(this.row(location)) };
    });
  }

  /** A signed correction; refuses to take away units that are reserved or not there. */
  adjust(location: string, delta: number, ctx: MovementContext): StockChange {
    if (!Number.isSafeInteger(delta) || delta === 0) {
      return { ok: false, code: 'invalid_quantity', message: 'delta must be a non-zero integer' };
    }
    return this.ctx.storage.transactionSync(() => {
      const r = this.row(location);
      if (delta < 0 && r.on_hand - r.reserved < -delta) {
        return {
          ok: false,
          code: 'insufficient_stock',
          location,
          requested: -delta,
          available: r.on_hand - r.reserved,
        };
      }
      this.apply('adjust', location, delta, 0, ctx);
      return { ok: true, level: toLevel(this.row(location)) };
    });
  }

  /** Sets on hand to a counted figure; refuses a count below what is reserved there. */
  count(location: string, counted: number, ctx: MovementContext): StockChange {
    if (!Number.isSafeInteger(counted) || counted < 0) {
      return { ok: false, code: 'invalid_quantity', message: 'counted must be >= 0' };
    }
    return this.ctx.storage.transactionSync(() => {
      const r = this.row(location);
      if (counted < r.reserved)
        return { ok: false, code: 'below_reserved', location, counted, reserved: r.reserved };
      this.apply('count', location, counted - r.on_hand, 0, ctx);
      return { ok: true, level: toLevel(this.row(location)) };
    });
  }

  /**
   * A count from a document (an import line), once per `reference`: a redelivered count answers
   * `replayed: true` and changes nothing; a count that matches on hand records nothing.
   */
  countOnce(
    location: string,
    counted: number,
    ctx: MovementContext & { reference: string },
  ): StockChange | { ok: true; level: StockLevel; replayed: true } {
    const done =
      this.sql
        .exec(`SELECT 1 FROM movements WHERE type = 'count' AND reference = ? LIMIT 1`, ctx.reference)
        .toArray().length > 0;
    if (done) return { ok: true, level: toLevel(this.row(location)), replayed: true };
    if (Number.isSafeInteger(counted) && this.row(location).on_hand === counted)
      return { ok: true, level: toLevel(this.row(location)) };
    return this.count(location, counted, ctx);
  }

  /** Moves free units between two locations in one transaction. */
  transfer(from: string, to: string, quantity: number, ctx: MovementContext): StockChange {
    if (!isCount(quantity) || from === to) {
      return { ok: false, code: 'invalid_quantity', message: 'quantity must be > 0 between two locations' };
    }
    return this.ctx.storage.transactionSync(() => {
      const r = this.row(from);
      if (r.on_hand - r.reserved < quantity) {
        return {
          ok: false,
          code: 'insufficient_stock',
          location: from,
          requested: quantity,
          available: r.on_hand - r.reserved,
        };
      }
      this.apply('transfer', from, -quantity, 0, ctx);
      this.apply('transfer', to, quantity, 0, ctx);
      return { ok: true, level: toLevel(this.row(to)) };
    });
  }

  /** Units kept back from what is promised to new orders at a location. */
  setSafetyStock(location: string, quantity: number): StockChange {
    if (!Number.isSafeInteger(quantity) || quantity < 0) {
      return { ok: false, code: 'invalid_quantity', message: 'safety stock must be >= 0' };
    }
    this.sql.exec(
      `INSERT INTO stock (location, safety_stock) VALUES (?, ?)
       ON CONFLICT (location) DO UPDATE SET safety_stock = excluded.safety_stock`,
      location,
      quantity,
    );
    return { ok: true, level: toLevel(this.row(location)) };
  }

  /**
   * Places pending holds for each line, from its plan first and then its fallbacks; what no location
   * can cover comes back as backordered. A line whose holds already exist is answered from them (retry).
   */
  async reserve(req: ReserveRequest): Promise<ReserveResult> {
    const now = Date.now();
    const expiresAt = now + req.ttlMs;
    let atpBefore: Record<string, number> = {};
    const result = this.ctx.storage.transactionSync(() => {
      const available = new Map(this.levels().map((l) => [l.location, l.atp]));
      atpBefore = Object.fromEntries(available);
      return req.lines.map((line) => {
        const existing = this.sql
          .exec<{ id: string; location: string; quantity: number; status: string }>(
            `SELECT id, location, quantity, status FROM holds WHERE hold_key = ?`,
            line.key,
          )
          .toArray();
        const live = existing.filter(
          (h) => h.status === 'pending' || h.status === 'confirmed' || h.status === 'shipped',
        );
        if (live.length > 0) {
          const held = live.reduce((s, h) => s + h.quantity, 0);
          const holds = live.map(({ id, location, quantity }) => ({ id, location, quantity }));
          return { key: line.key, holds, backordered: Math.max(0, line.quantity - held) };
        }
        if (existing.length > 0) this.sql.exec(`DELETE FROM holds WHERE hold_key = ?`, line.key);
        const fill = fillLine(available, line.quantity, line.plan, line.fallback);
        const holds = fill.takes.map((t) => {
          const id = `${line.key}@${t.location}`;
          this.sql.exec(
            `INSERT INTO holds (id, hold_key, order_id, location, quantity, status, expires_at, updated_at)
             VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
            id,
            line.key,
            req.orderId,
            t.location,
            t.quantity,
            expiresAt,
            now,
          );
          this.apply('reserve', t.location, 0, t.quantity, { ...req.context, reference: id });
          return { id, location: t.location, quantity: t.quantity };
        });
        return { key: line.key, holds, backordered: fill.backordered };
      });
    });
    if (result.some((l) => l.holds.length > 0)) await this.scheduleExpiry(expiresAt);
    return { ok: true, lines: result, atpBefore };
  }

  /** Marks pending holds confirmed (their order is stored); reports the ones that are gone. */
  confirm(holdIds: string[]): ConfirmResult {
    return this.ctx.storage.transactionSync(() => {
      const confirmed: string[] = [];
      const missing: string[] = [];
      for (const id of holdIds) {
        const h = this.sql.exec<{ status: string }>(`SELECT status FROM holds WHERE id = ?`, id).toArray()[0];
        if (h?.status === 'pending') {
          this.sql.exec(
            `UPDATE holds SET status = 'confirmed', expires_at = NULL, updated_at = ? WHERE id = ?`,
            Date.now(),
            id,
          );
        }
        if (h?.status === 'pending' || h?.status === 'confirmed') confirmed.push(id);
        else missing.push(id);
      }
      return { confirmed, missing };
    });
  }

  /** Gives held units back; holds already released, expired or shipped are left as they are. */
  release(holdIds: string[], ctx: MovementContext): { released: string[] } {
    return this.ctx.storage.transactionSync(() => ({
      released: this.releaseHolds(holdIds, 'released', ctx),
    }));
  }

  private releaseHolds(holdIds: string[], status: 'released' | 'expired', ctx: MovementContext): string[] {
    const done: string[] = [];
    for (const id of holdIds) {
      const h = this.sql
        .exec<{ location: string; quantity: number; status: string }>(
          `SELECT location, quantity, status FROM holds WHERE id = ?`,
          id,
        )
        .toArray()[0];
      if (!h || (h.status !== 'pending' && h.status !== 'confirmed')) continue;
      this.sql.exec(
        `UPDATE holds SET status = ?, expires_at = NULL, updated_at = ? WHERE id = ?`,
        status,
        Date.now(),
        id,
      );
      this.apply('release', h.location, 0, -h.quantity, { ...ctx, reference: id });
      done.push(id);
    }
    return done;
  }

  /** Ships a held quantity: on hand and reserved go down together. Shipping it again changes nothing. */
  ship(holdId: string, ctx: MovementContext): StockChange {
    return this.ctx.storage.transactionSync(() => {
      const h = this.sql
        .exec<{ location: string; quantity: number; status: string }>(
          `SELECT location, quantity, status FROM holds WHERE id = ?`,
          holdId,
        )
        .toArray()[0];
      if (h?.status === 'shipped') return { ok: true, level: toLevel(this.row(h.location)) };
      if (!h || (h.status !== 'pending' && h.status !== 'confirmed')) {
        return { ok: false, code: 'unknown_hold', hold: holdId };
      }
      this.sql.exec(
        `UPDATE holds SET status = 'shipped', expires_at = NULL, updated_at = ? WHERE id = ?`,
        Date.now(),
        holdId,
      );
      this.apply('ship', h.location, -h.quantity, -h.quantity, { ...ctx, reference: holdId });
      return { ok: true, level: toLevel(this.row(h.location)) };
    });
  }

  /**
   * A short pick: `missing` units of a hold are not on the shelf. The hold shrinks (or is released) and on
   * hand goes down with it, in one transaction; `operation` makes a retried report change nothing.
   */
  shortHold(holdId: string, missing: number, operation: string, ctx: MovementContext): StockChange {
    if (!isCount(missing)) return { ok: false, code: 'invalid_quantity', message: 'missing must be > 0' };
    return this.ctx.storage.transactionSync(() => {
      const reference = `${holdId}#${operation}`;
      const h = this.sql
        .exec<{ location: string; quantity: number; status: string }>(
          `SELECT location, quantity, status FROM holds WHERE id = ?`,
          holdId,
        )
        .toArray()[0];
      if (!h) return { ok: false, code: 'unknown_hold', hold: holdId };
      if (this.sql.exec(`SELECT 1 FROM movements WHERE reference = ? LIMIT 1`, reference).toArray().length) {
        return { ok: true, level: toLevel(this.row(h.location)) };
      }
      if (h.status !== 'pending' && h.status !== 'confirmed')
        return { ok: false, code: 'unknown_hold', hold: holdId };
      if (missing > h.quantity) {
        return { ok: false, code: 'invalid_quantity', message: `the hold has only ${h.quantity}` };
      }
      if (missing === h.quantity) {
        this.sql.exec(
          `UPDATE holds SET status = 'released', expires_at = NULL, updated_at = ? WHERE id = ?`,
          Date.now(),
          holdId,
        );
      } else {
        this.sql.exec(
          `UPDATE holds SET quantity = quantity - ?, updated_at = ? WHERE id = ?`,
          missing,
          Date.now(),
          holdId,
        );
      }
      this.apply('adjust', h.location, -missing, -missing, {
        ...ctx,
        reason: ctx.reason ?? 'short pick',
        reference,
      });
      return { ok: true, level: toLevel(this.row(h.location)) };
    });
  }

  holds(orderId?: string): Hold[] {
    const q = orderId
      ? this.sql.exec<Hold & Record<string, SqlStorageValue>>(
          `SELECT id, order_id, location, quantity, status, expires_at FROM holds WHERE order_id = ? ORDER BY id`,
          orderId,
        )
      : this.sql.exec<Hold & Record<string, SqlStorageValue>>(
          `SELECT id, order_id, location, quantity, status, expires_at FROM holds ORDER BY id`,
        );
    return q.toArray();
  }

  /** The ledger, newest first. */
  movements(limit = 100, beforeSeq?: number): Movement[] {
    return this.sql
      .exec<Movement & Record<string, SqlStorageValue>>(
        `SELECT seq, at, type, location, on_hand_delta, reserved_delta, actor, reason, reference
         FROM movements WHERE seq < ? ORDER BY seq DESC LIMIT ?`,
        beforeSeq ?? Number.MAX_SAFE_INTEGER,
        Math.min(Math.max(limit, 1), 500),
      )
      .toArray();
  }

  private async scheduleExpiry(at: number) {
    if (this.nextAlarm !== null && this.nextAlarm <= at) return;
    this.nextAlarm = at;
    await this.ctx.storage.setAlarm(at);
  }

  /**
   * Expires pending holds whose time is up. A hold whose allocation is stored in D1 was only missing its
   * confirm (a lost call), so it is confirmed instead of released. Safe to run any number of times.
   */
  override async alarm() {
    const now = Date.now();
    const due = this.sql
      .exec<{ id: string }>(`SELECT id FROM holds WHERE status = 'pending' AND expires_at <= ?`, now)
      .toArray()
      .map((h) => h.id);
    const stored = due.length > 0 ? await findStoredAllocations(this.env.DB, due) : new Set<string>();
    const next = expireHolds(this.ctx.storage, due, stored, (ids) =>
      this.releaseHolds(ids, 'expired', { actor: 'system', reason: 'hold expired' }),
    );
    this.nextAlarm = next;
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }
}
