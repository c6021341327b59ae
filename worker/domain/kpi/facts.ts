/**
 * What the KPIs are computed from: rows as D1 records them, joined by a query. Every timestamp is an
 * ISO 8601 instant. Fields marked "not recorded yet" have no column today; the query fills them once it
 * exists (docs in the report that introduced this module say where each should come from).
 */

export interface Money {
  /** Integer minor units of `currency`. */
  amount: number;
  currency: string;
}

export interface OrderLineFact {
  id: string;
  sku: string | null;
  quantity: number;
  unitPrice: number;
  /** Not recorded yet: units of this line the channel or a person cancelled while the order went on. */
  cancelledQuantity: number;
  /** Not recorded yet: the SKU's cost per unit when the order was placed (skus.cost is today's cost). */
  unitCost: Money | null;
}

/** Who stopped a cancelled order: a person or Switchyard ('seller'), the buyer, or the channel without saying. */
export type CancelledBy = 'seller' | 'buyer' | 'channel';

export interface OrderFact {
  id: string;
  /** orders.channel: the channel's code. */
  channel: string;
  /** channels.type ('amazon', 'shopify'...): which marketplace rules apply. */
  channelType: string;
  status: string;
  currency: string;
  /** orders.placed_at, or created_at when the channel gave none. */
  placedAt: string;
  subtotal: number;
  shippingTotal: number;
  taxTotal: number;
  discountTotal: number;
  total: number;
  fulfillment: 'ship' | 'pickup';
  /** Not recorded yet: the latest moment the order may ship (Amazon LatestShipDate; else placed + handling time). */
  shipBy: string | null;
  /** From the order's `cancelled` timeline event: when, and by whom (its actor; buyer only when the channel says so). */
  cancellation: { at: string; by: CancelledBy } | null;
  /** Not recorded yet: what the channel charged for this order (referral, transaction, payment fees). */
  channelFees: Money[];
  lines: OrderLineFact[];
}

export interface ShipmentFact {
  id: string;
  orderId: string;
  location: string;
  method: 'ship' | 'pickup';
  status: string;
  carrier: string | null;
  trackingCode: string | null;
  /** labelCost in labelCurrency; null for hand-entered tracking or a voided label. */
  label: Money | null;
  /** Not recorded yet: boxes and filler used, from a packaging rule or the pack screen. */
  packaging: Money | null;
  /** Sum of the shipment's lines. */
  units: number;
  orderPlacedAt: string;
  labelPurchasedAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  /** Not recorded yet: the carrier's first scan of the parcel (the tracker's first in-transit event). */
  firstCarrierScanAt: string | null;
}

/**
 * Units an accepted order line could not get from stock. `no_stock_at_capture`: the channel sold units no
 * location had; `short_pick`: the record said the shelf had them and it did not.
 */
export type OversellCause = 'no_stock_at_capture' | 'short_pick';

/** Not recorded as rows yet: today only order_lines.backordered (the current sum) and timeline text exist. */
export interface BackorderFact {
  id: string;
  orderId: string;
  lineId: string;
  sku: string;
  /** Where the stock fell short (short pick), or null when no location had it. */
  location: string | null;
  quantity: number;
  cause: OversellCause;
  createdAt: string;
  filledAt: string | null;
}

/** One returned line of an RMA: return_lines joined to its returns row (order_id, created_at). */
export interface ReturnLineFact {
  id: string;
  rmaId: string;
  orderId: string;
  orderLineId: string;
  sku: string;
  quantity: number;
  reason: string;
  createdAt: string;
}

/**
 * Money paid back (return_refunds: amount, or channel_amount for a refund only the channel made; a refund whose
 * push failed has paid nothing and is not a fact).
 */
export interface RefundFact {
  id: string;
  orderId: string;
  /**
   * `cancellation`: money back for units cancelled before they shipped (Shopify restock_type cancel). Those units
   * never count as revenue, so their refund is not subtracted again. `return` and `other`: money back after a sale.
   */
  kind: 'cancellation' | 'return' | 'other';
  /** Positive minor units paid back. */
  amount: number;
  currency: string;
  createdAt: string;
}

/** Pick labour as the owner configures it (optional): a cost per order plus a cost per unit picked. */
export interface PickLabourRate {
  currency: string;
  perOrder: number;
  perUnit: number;
}

export interface KpiFacts {
  orders: OrderFact[];
  shipments: ShipmentFact[];
  backorders: BackorderFact[];
  returns: ReturnLineFact[];
  refunds: RefundFact[];
}
