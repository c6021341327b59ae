/** What a carrier's tracking status means for our shipment. */
import type { ShipmentStatus } from '../shipment-status';
import type { TrackingStatus } from './types';

const TARGET: Record<TrackingStatus, ShipmentStatus | null> = {
  pre_transit: null, // label printed, parcel not scanned yet: nothing moved
  in_transit: 'shipped',
  out_for_delivery: 'shipped',
  delivered: 'delivered',
  return_to_sender: 'exception',
  failure: 'exception',
  unknown: null,
};

/** The shipment status a tracking update moves the shipment to, or null when it should stay where it is. */
export const shipmentStatusFor = (status: TrackingStatus): ShipmentStatus | null => TARGET[status];

/** "HOUSTON, TX 77063" from the parts a carrier sends; undefined when it sent none. */
export function placeName(p: {
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
}): string | undefined {
  const region = [p.state, p.zip].filter(Boolean).join(' ');
  return [p.city, region, p.country].filter(Boolean).join(', ') || undefined;
}
