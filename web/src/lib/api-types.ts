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
