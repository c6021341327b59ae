/** Facts about an order's shipping that several KPIs share. */
import { instant } from './context';
import type { OrderFact, ShipmentFact } from './facts';

const HANDED_OVER = new Set(['shipped', 'delivered', 'picked_up']);

/** Shipments that carry (or carried) the order's units to the customer: all but the cancelled ones. */
export const liveShipments = (shipments: readonly ShipmentFact[]) =>
  shipments.filter((s) => s.status !== 'cancelled');

/**
 * When the order's last shipment left (or was picked up): the latest shipped_at of its live shipments,
 * once the order is shipped, delivered or picked up (nothing waits) and every live shipment has one.
 * Null while anything is still to go.
 */
export function shippingCompletedAt(order: OrderFact, shipments: readonly ShipmentFact[]): number | null {
  const live = liveShipments(shipments);
  if (!HANDED_OVER.has(order.status) || live.length === 0) return null;
  if (live.some((s) => s.shippedAt === null)) return null;
  return Math.max(...live.map((s) => instant(s.shippedAt!)));
}

/** Shipments per order id. */
export function shipmentsByOrder(shipments: readonly ShipmentFact[]): Map<string, ShipmentFact[]> {
  return Map.groupBy(shipments, (s) => s.orderId);
}

/** Orders per id. */
export const ordersById = (orders: readonly OrderFact[]) => new Map(orders.map((o) => [o.id, o]));
