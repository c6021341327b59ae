/** The order's status machine: named transitions only, never a free-form status write. */

export const ORDER_STATUSES = [
  'pending', // captured, stock not yet reserved (a capture in flight, or one to resume)
  'allocated', // every line has stock reserved at a location
  'backordered', // some units wait for stock; they are allocated when it is received
  'on_hold', // needs a person: an unmatched SKU or another exception
  'picking', // a pick list is being worked
  'packed', // every unit scanned into a package
  'partially_shipped', // some shipments of a split order have left
  'shipped', // everything has left
  'delivered', // the carrier says it arrived
  'ready_for_pickup', // BOPIS: picked and waiting at the store
  'picked_up', // BOPIS: handed to the customer
  'cancelled', // stopped; its stock is released
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

// Fulfillment states are derived from the shipments, so they may skip ahead (a split order's first
// shipment can ship while the second is still being picked).
const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['allocated', 'backordered', 'on_hold', 'cancelled'],
  allocated: [
    'picking',
    'packed',
    'partially_shipped',
    'shipped',
    'ready_for_pickup',
    'backordered',
    'on_hold',
    'cancelled',
  ],
  backordered: ['allocated', 'picking', 'partially_shipped', 'on_hold', 'cancelled'],
  on_hold: ['allocated', 'backordered', 'cancelled'],
  picking: ['packed', 'partially_shipped', 'shipped', 'ready_for_pickup', 'on_hold', 'cancelled'],
  packed: ['picking', 'partially_shipped', 'shipped', 'cancelled'],
  partially_shipped: ['shipped', 'delivered'],
  shipped: ['delivered'],
  delivered: [],
  ready_for_pickup: ['picked_up', 'cancelled'],
  picked_up: [],
  cancelled: [],
};

export const canTransition = (from: OrderStatus, to: OrderStatus) => TRANSITIONS[from].includes(to);

/** The status a freshly captured order lands in, from what its lines got. */
export function capturedStatus(lines: { matched: boolean; backordered: number }[]): OrderStatus {
  if (lines.some((l) => !l.matched)) return 'on_hold';
  if (lines.some((l) => l.backordered > 0)) return 'backordered';
  return 'allocated';
}
