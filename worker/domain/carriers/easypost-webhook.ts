/** EasyPost webhooks: the signature check and a tracker Event read as a TrackingUpdate. */
import { arr, compact, type Json, obj, str } from './json';
import { placeName } from './tracking';
import type { TrackingStatus, TrackingUpdate } from './types';

const STATUS: Record<string, TrackingStatus> = {
  unknown: 'unknown',
  pre_transit: 'pre_transit',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  // Waiting at a pickup point for the customer: the last leg, like out for delivery.
  available_for_pickup: 'out_for_delivery',
  delivered: 'delivered',
  return_to_sender: 'return_to_sender',
  failure: 'failure',
  cancelled: 'failure',
  // EasyPost could not read the carrier's tracking: says nothing about the parcel.
  error: 'unknown',
};

function place(loc: unknown): string | undefined {
  const l = obj(loc) ?? {};
  return placeName({ city: str(l.city), state: str(l.state), zip: str(l.zip), country: str(l.country) });
}

/**
 * A `tracker.updated` (or `tracker.created`) Event as a TrackingUpdate; null for any other event or a body
 * missing the tracker. The status is the tracker's current one; time and place come from its latest detail.
 */
export function parseEasyPostEvent(body: unknown): TrackingUpdate | null {
  const e = obj(body);
  if (e?.description !== 'tracker.updated' && e?.description !== 'tracker.created') return null;
  const t = obj(e.result);
  const [event_id, tracking_code, carrier] = [e.id, t?.tracking_code, t?.carrier].map(str);
  if (!t || !event_id || !tracking_code || !carrier) return null;
  const details = arr(t.tracking_details).flatMap((d): Json[] =>
    obj(d) && str(obj(d)?.datetime) ? [obj(d)!] : [],
  );
  const latest = details.reduce<Json | undefined>(
    (a, d) => (a && String(a.datetime) >= String(d.datetime) ? a : d),
    undefined,
  );
  const at = str(latest?.datetime) ?? str(t.updated_at) ?? str(e.created_at);
  if (!at) return null;
  const status = STATUS[str(t.status) ?? ''] ?? 'unknown';
  return compact({
    tracking_code,
    carrier,
    status,
    at,
    location: place(latest?.tracking_location),
    event_id,
  });
}

const PREFIX = 'hmac-sha256-hex=';
const enc = new TextEncoder();

function hexBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return null;
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}

/**
 * True when `X-Hmac-Signature: hmac-sha256-hex=<hex>` is the HMAC-SHA256 of the raw body under the webhook
 * secret, NFKD-normalised as EasyPost's client libraries do. Pass the bytes as received: EasyPost's Node
 * library patches re-serialised bodies ("weight": 5 -> 5.0), which raw bytes never need.
 */
export async function verifyEasyPostSignature(
  rawBody: ArrayBuffer | ArrayBufferView | string,
  header: string | null | undefined,
  secret: string,
): Promise<boolean> {
  if (!secret || !header?.startsWith(PREFIX)) return false;
  const signature = hexBytes(header.slice(PREFIX.length).trim());
  if (signature?.length !== 32) return false;
  const key = await crypto.subtle.importKey(
    'raw',
    enc.encode(secret.normalize('NFKD')),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  // subtle.verify compares in constant time, unlike === on hex strings.
  const data = typeof rawBody === 'string' ? enc.encode(rawBody) : rawBody;
  // Never a view of shared memory; the web app also type-checks this file, where BufferSource says so.
  return crypto.subtle.verify('HMAC', key, signature, data as ArrayBuffer | ArrayBufferView<ArrayBuffer>);
}
