// Wire shapes of /api/v1, kept in one file so they can be swapped for the Worker's `hc<AppType>` types.

export type Role = 'owner' | 'manager' | 'staff' | 'seller';

export type OrderStatus =
  | 'pending'
  | 'allocated'
  | 'backordered'
  | 'on_hold'
  | 'picking'
  | 'packed'
  | 'partially_shipped'
  | 'shipped'
  | 'delivered'
  | 'ready_for_pickup'
  | 'picked_up'
  | 'cancelled';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** What this person may do; the app shows only those actions (the API checks every call anyway). */
  permissions: string[];
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface UserResponse {
  user: User;
}

export interface OrderSummary {
  id: string;
  external_id: string;
  channel: string;
  status: OrderStatus;
  currency: string;
  total: number;
  created_at: string;
  customer_name: string | null;
}

export interface OrderListQuery {
  status?: OrderStatus | '';
  channel?: string;
  q?: string;
  cursor?: string;
}

export interface OrderPage {
  data: OrderSummary[];
  next_cursor: string | null;
}

export interface OrderLine {
  sku: string;
  quantity: number;
  unit_price: number;
  allocations: { location: string; quantity: number }[];
  backordered: number;
}

export interface OrderDetail {
  id: string;
  external_id: string;
  channel: string;
  status: OrderStatus;
  currency: string;
  totals: { subtotal: number; shipping: number; tax: number; discount: number; total: number };
  routing_explanation: string | null;
  lines: OrderLine[];
  timeline: { at: string; type: string; message: string }[];
}

export interface StockLevel {
  location: string;
  on_hand: number;
  reserved: number;
  available: number;
}

export interface SkuStock {
  sku: string;
  locations: StockLevel[];
}

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown };
}

export interface Location {
  code: string;
  name: string;
  kind: string;
}

export interface PickListLine {
  sku: string;
  name: string;
  bin: string | null;
  barcodes: string[];
  quantity: number;
  picked: number;
  shipments: { shipment_id: string; quantity: number; picked: number }[];
}

/** A wave of a location's shipments, one line per SKU in bin order. */
export interface PickList {
  id: string;
  location: string;
  status: 'open' | 'done' | 'cancelled';
  created_at: string;
  shipments: { id: string; order_id: string; status: string }[];
  lines: PickListLine[];
}

export interface PickRequest {
  /** Made by the client, so a retried or late-synced pick applies once. */
  op_id: string;
  code: string;
  quantity?: number;
}

export interface PickAnswer {
  applied: boolean;
  replayed: boolean;
  pick: { sku: string; shipment_id: string; picked: number; quantity: number };
  pick_list: PickList;
}

export type ShipmentStatus =
  | 'allocated'
  | 'picking'
  | 'packed'
  | 'label_purchased'
  | 'shipped'
  | 'delivered'
  | 'ready_for_pickup'
  | 'picked_up'
  | 'exception'
  | 'cancelled';

export interface ShipmentLine {
  id: string;
  order_line_id: string;
  sku: string;
  quantity: number;
  picked: number;
  packed: number;
}

export interface Package {
  weight_grams: number;
  length_mm?: number;
  width_mm?: number;
  height_mm?: number;
}

/** One order's work at one location: picked, packed, labelled, shipped. */
export interface Shipment {
  id: string;
  order_id: string;
  location: string;
  method: 'ship' | 'pickup';
  status: ShipmentStatus;
  pick_list_id: string | null;
  carrier: string | null;
  service: string | null;
  tracking_code: string | null;
  label_url: string | null;
  packages: Package[];
  lines: ShipmentLine[];
  shipped_at: string | null;
  created_at: string;
}

export interface PackRequest {
  scans: { code: string; quantity: number }[];
  packages: Package[];
}

/** `details` of a 409 `pack_mismatch`: what the scans lacked and what they had too much of. */
export interface PackMismatch {
  missing: { sku: string; quantity: number }[];
  extra: { sku: string; quantity: number }[];
}

export interface TrackingRequest {
  carrier: string;
  tracking_code: string;
  service?: string;
}

export interface CarrierAccount {
  id: string;
  provider: 'easypost' | 'shippo';
  name: string;
  is_default: boolean;
  created_at: string;
}

/** `details` of a 422 `label_failed`: the carrier's reason and what the packer can do next. */
export interface LabelFailure {
  code: string;
  message: string;
  actions: ('retry' | 'change_service' | 'enter_tracking')[];
}

export type BarcodeKind = 'upc' | 'ean' | 'gtin' | 'other';

/** A catalog entry: what a scanned code is. */
export interface Sku {
  sku: string;
  name: string;
  barcodes: { barcode: string; kind: BarcodeKind }[];
  weight_grams: number | null;
  cost: number | null;
  cost_currency: string | null;
  created_at: string;
}

/** `receive` adds units; `count` sets on hand to what was counted (refused below what is reserved). */
export interface MovementRequest {
  type: 'receive' | 'count';
  location: string;
  quantity: number;
  reason?: string;
}

export interface MovementResult extends SkuStock {
  totals: { on_hand: number; reserved: number; available: number };
  backorders_allocated: number;
}

export interface ShortPickRequest {
  /** Made by the client, so a retried or late-synced report applies once. */
  op_id: string;
  code: string;
  /** Units not on the shelf. */
  missing: number;
}

export interface ShortPickAnswer {
  replayed: boolean;
  backorders_allocated: number;
  pick_list: PickList;
}

/** An entry of the exception inbox: something that needs a person. */
export interface ExceptionItem {
  id: string;
  kind: string;
  status: 'open' | 'resolved';
  order_id: string | null;
  sku: string | null;
  channel: string | null;
  message: string;
  created_at: string;
  resolved_at: string | null;
}
