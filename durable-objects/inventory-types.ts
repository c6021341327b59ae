/** Wire types of InventoryDO's RPC methods: plain values, since RPC drops custom error properties. */

export type MovementType =
  | 'receive'
  | 'adjust'
  | 'count'
  | 'transfer'
  | 'reserve'
  | 'release'
  | 'ship'
  | 'return';

/** Who changed stock, why, and what it refers to (an order line, a count sheet, an RMA...). */
export interface MovementContext {
  actor: string;
  reason?: string;
  reference?: string;
}

export interface StockLevel {
  location: string;
  on_hand: number;
  reserved: number;
  safety_stock: number;
  /** on_hand - reserved: what is physically free. */
  available: number;
  /** available - safety_stock, never below zero: what may be promised to a new order. */
  atp: number;
}

export interface Movement {
  seq: number;
  at: string;
  type: MovementType;
  location: string;
  on_hand_delta: number;
  reserved_delta: number;
  actor: string;
  reason: string | null;
  reference: string | null;
}

export type HoldStatus = 'pending' | 'confirmed' | 'released' | 'expired' | 'shipped';

export interface Hold {
  id: string;
  order_id: string;
  location: string;
  quantity: number;
  status: HoldStatus;
  expires_at: number | null;
}

export interface LineHoldRequest {
  /** Derived from the order line id, so a retried request finds the holds it already made. */
  key: string;
  quantity: number;
  /** Where routing would like the units to come from, best first. */
  plan: { location: string; quantity: number }[];
  /** Locations to fall back on, best first, when a planned one no longer has the stock. */
  fallback: string[];
}

export interface ReserveRequest {
  orderId: string;
  lines: LineHoldRequest[];
  ttlMs: number;
  context: MovementContext;
}

export interface LineHoldResult {
  key: string;
  holds: { id: string; location: string; quantity: number }[];
  backordered: number;
}

export interface ReserveResult {
  ok: true;
  lines: LineHoldResult[];
  /** Units that could be promised at each location just before this request: lets the caller explain. */
  atpBefore: Record<string, number>;
}

export type StockRefusal =
  | { ok: false; code: 'insufficient_stock'; location: string; requested: number; available: number }
  | { ok: false; code: 'below_reserved'; location: string; counted: number; reserved: number }
  | { ok: false; code: 'unknown_hold'; hold: string }
  | { ok: false; code: 'invalid_quantity'; message: string };

export type StockChange = { ok: true; level: StockLevel } | StockRefusal;

export interface ConfirmResult {
  confirmed: string[];
  /** Holds that are no longer pending or confirmed (expired or released meanwhile). */
  missing: string[];
}
