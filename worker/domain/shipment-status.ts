/** A shipment's status machine: the unit of warehouse work, one per order and location. */

export const SHIPMENT_STATUSES = [
  'allocated', // stock reserved at the location; waiting to be picked
  'picking', // on a pick list
  'packed', // every unit scanned into a package
  'label_purchased', // a label (or hand-entered tracking) exists
  'shipped', // handed to the carrier: stock left the building
  'delivered', // the carrier says it arrived
  'ready_for_pickup', // BOPIS: picked and waiting at the store
  'picked_up', // BOPIS: handed to the customer
  'exception', // needs a person (short pick, label failure)
  'cancelled', // stopped; its stock is released
] as const;

export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

const TRANSITIONS: Record<ShipmentStatus, readonly ShipmentStatus[]> = {
  allocated: ['picking', 'cancelled', 'exception'],
  picking: ['packed', 'ready_for_pickup', 'allocated', 'cancelled', 'exception'],
  packed: ['label_purchased', 'picking', 'cancelled', 'exception'],
  label_purchased: ['shipped', 'packed', 'cancelled', 'exception'],
  shipped: ['delivered', 'exception'],
  delivered: [],
  ready_for_pickup: ['picked_up', 'cancelled'],
  picked_up: [],
  exception: ['allocated', 'picking', 'packed', 'cancelled'],
  cancelled: [],
};

export const canShipmentTransition = (from: ShipmentStatus, to: ShipmentStatus) =>
  TRANSITIONS[from].includes(to);

const DONE: ShipmentStatus[] = ['shipped', 'delivered', 'picked_up'];

/**
 * The order's status as its shipments have it, or null when the shipments say nothing new
 * (all still allocated: the order keeps allocated, backordered or on_hold).
 */
export function orderStatusFromShipments(
  statuses: ShipmentStatus[],
  waitingUnits: number,
):
  | 'picking'
  | 'packed'
  | 'partially_shipped'
  | 'shipped'
  | 'delivered'
  | 'ready_for_pickup'
  | 'picked_up'
  | null {
  const live = statuses.filter((s) => s !== 'cancelled');
  if (live.length === 0) return null;
  const done = live.filter((s) => DONE.includes(s));
  if (done.length === live.length && waitingUnits === 0) {
    if (live.every((s) => s === 'delivered')) return 'delivered';
    if (live.every((s) => s === 'picked_up')) return 'picked_up';
    return 'shipped';
  }
  if (done.length > 0) return 'partially_shipped';
  if (live.every((s) => s === 'ready_for_pickup')) return 'ready_for_pickup';
  if (live.every((s) => s === 'packed' || s === 'label_purchased')) return 'packed';
  if (live.some((s) => s !== 'allocated')) return 'picking';
  return null;
}

export interface AllocationToShip {
  id: string;
  lineId: string;
  sku: string;
  location: string;
  quantity: number;
}

/** Groups allocations by location: one shipment per location (a split order gets several). */
export function groupByLocation(allocations: AllocationToShip[]): Map<string, AllocationToShip[]> {
  return Map.groupBy(allocations, (a) => a.location);
}
