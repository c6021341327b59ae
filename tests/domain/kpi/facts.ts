/** Small hand-built KPI facts: each builder gives a plausible row, tests override what they are about. */
import { type KpiContext, kpiContext } from '../../../worker/domain/kpi/context';
import type {
  BackorderFact,
  KpiFacts,
  OrderFact,
  OrderLineFact,
  RefundFact,
  ReturnLineFact,
  ShipmentFact,
} from '../../../worker/domain/kpi/facts';

export const line = (over: Partial<OrderLineFact> = {}): OrderLineFact => ({
  id: 'line-1',
  sku: 'MUG-1',
  quantity: 1,
  unitPrice: 1000,
  cancelledQuantity: 0,
  unitCost: { amount: 400, currency: 'USD' },
  ...over,
});

export const order = (id: string, over: Partial<OrderFact> = {}): OrderFact => ({
  id,
  channel: 'shop',
  channelType: 'shopify',
  status: 'allocated',
  currency: 'USD',
  placedAt: '2025-03-10T12:00:00Z',
  subtotal: 1000,
  shippingTotal: 0,
  taxTotal: 0,
  discountTotal: 0,
  total: 1000,
  fulfillment: 'ship',
  shipBy: null,
  cancellation: null,
  channelFees: [],
  lines: [line({ id: `${id}-l1` })],
  ...over,
});

export const shipment = (id: string, orderId: string, over: Partial<ShipmentFact> = {}): ShipmentFact => ({
  id,
  orderId,
  location: 'WH1',
  method: 'ship',
  status: 'allocated',
  carrier: null,
  trackingCode: null,
  label: null,
  packaging: null,
  units: 1,
  orderPlacedAt: '2025-03-10T12:00:00Z',
  labelPurchasedAt: null,
  shippedAt: null,
  deliveredAt: null,
  firstCarrierScanAt: null,
  ...over,
});

/** A shipment that left at `shippedAt` with a USPS label and a carrier scan an hour later. */
export const shippedShipment = (
  id: string,
  orderId: string,
  shippedAt: string,
  over: Partial<ShipmentFact> = {},
): ShipmentFact =>
  shipment(id, orderId, {
    status: 'shipped',
    carrier: 'USPS',
    trackingCode: `9400${id}`,
    label: { amount: 500, currency: 'USD' },
    labelPurchasedAt: shippedAt,
    shippedAt,
    firstCarrierScanAt: new Date(Date.parse(shippedAt) + 3_600_000).toISOString(),
    ...over,
  });

export const backorder = (id: string, orderId: string, over: Partial<BackorderFact> = {}): BackorderFact => ({
  id,
  orderId,
  lineId: `${orderId}-l1`,
  sku: 'MUG-1',
  location: null,
  quantity: 1,
  cause: 'no_stock_at_capture',
  createdAt: '2025-03-10T12:00:00Z',
  filledAt: null,
  ...over,
});

export const returnLine = (
  id: string,
  orderId: string,
  over: Partial<ReturnLineFact> = {},
): ReturnLineFact => ({
  id,
  rmaId: `rma-${id}`,
  orderId,
  orderLineId: `${orderId}-l1`,
  sku: 'MUG-1',
  quantity: 1,
  reason: 'damaged',
  createdAt: '2025-03-20T12:00:00Z',
  ...over,
});

export const refund = (id: string, orderId: string, over: Partial<RefundFact> = {}): RefundFact => ({
  id,
  orderId,
  kind: 'return',
  amount: 1000,
  currency: 'USD',
  createdAt: '2025-03-20T12:00:00Z',
  ...over,
});

export const facts = (over: Partial<KpiFacts> = {}): KpiFacts => ({
  orders: [],
  shipments: [],
  backorders: [],
  returns: [],
  refunds: [],
  ...over,
});

/** A context for a zone and report time the tests know to be valid. */
export function context(asOf = '2025-04-01T00:00:00Z', timeZone = 'UTC'): KpiContext {
  const made = kpiContext(timeZone, asOf);
  if (!made.ok) throw new Error(`bad test context: ${made.code}`);
  return made.context;
}

export const HOUR = 3_600_000;
