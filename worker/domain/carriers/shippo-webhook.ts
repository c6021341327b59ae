/** Shippo tracking webhooks (`track_updated`). Shippo signs nothing by default: authenticate the URL itself. */
import { compact, obj, str } from './json';
import { placeName } from './tracking';
import type { TrackingStatus, TrackingUpdate } from './types';

const TRACKING: Record<string, TrackingStatus> = {
  PRE_TRANSIT: 'pre_transit',
  TRANSIT: 'in_transit',
  DELIVERED: 'delivered',
  RETURNED: 'return_to_sender',
  FAILURE: 'failure',
  UNKNOWN: 'unknown',
};

/** A `track_updated` webhook body `{event, test, data: Track}` as a TrackingUpdate; null for anything else. */
export function parseShippoTrack(body: unknown): TrackingUpdate | null {
  const e = obj(body);
  const d = obj(e?.data);
  const ts = obj(d?.tracking_status);
  const [tracking_code, carrier, at] = [d?.tracking_number, d?.carrier, ts?.status_date].map(str);
  if (e?.event !== 'track_updated' || !ts || !tracking_code || !carrier || !at) return null;
  const sub = str(obj(ts.substatus)?.code);
  const status = sub === 'out_for_delivery' ? sub : (TRACKING[str(ts.status) ?? ''] ?? 'unknown');
  const loc = obj(ts.location) ?? {};
  const location = placeName({
    city: str(loc.city),
    state: str(loc.state),
    zip: str(loc.zip),
    country: str(loc.country),
  });
  // Shippo sends no delivery id; the status object's id is unique per tracking event.
  const event_id = str(ts.object_id) ?? `${tracking_code}@${at}`;
  return compact({ tracking_code, carrier, status, at, location, event_id });
}
