/** eBay Notification API: endpoint validation, the X-EBAY-SIGNATURE check, and the notification envelope. */
import { z } from 'zod';
import { parsePayload, utcIso } from './payload';
import type { ChannelRequest } from './types';

const CHANNEL = 'ebay';

/** The `challengeResponse` eBay expects from GET <endpoint>?challenge_code=…: hex SHA-256 of code + token + endpoint. */
export async function ebayChallengeResponse(
  challengeCode: string,
  verificationToken: string,
  endpoint: string,
): Promise<string> {
  const data = new TextEncoder().encode(challengeCode + verificationToken + endpoint);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface EbaySignatureHeader {
  alg: string;
  /** The public key id: fetch the key with ebayPublicKeyRequest(kid) and cache it. */
  kid: string;
  /** Base64 DER ECDSA signature. */
  signature: string;
  digest: string;
}

const SignatureHeader = z.object({
  alg: z.string(),
  kid: z.string().min(1),
  signature: z.string().min(1),
  digest: z.string(),
});

function decodeBase64(value: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(value.replace(/\s+/g, '')), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The X-EBAY-SIGNATURE header (base64 JSON) decoded, or null when it is missing or malformed. */
export function parseEbaySignatureHeader(header: string | null | undefined): EbaySignatureHeader | null {
  const bytes = header ? decodeBase64(header) : null;
  if (!bytes) return null;
  try {
    const parsed = SignatureHeader.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** GET the public key for a kid (application token auth). eBay asks that keys be cached, not fetched per message. */
export function ebayPublicKeyRequest(kid: string): ChannelRequest {
  return {
    method: 'GET',
    path: `/commerce/notification/v1/public_key/${encodeURIComponent(kid)}`,
    headers: {},
    body: '',
  };
}

/** The PEM from a getPublicKey response ({algorithm, digest, key}). */
export function parseEbayPublicKey(response: unknown): { key: string; algorithm: string; digest: string } {
  return parsePayload(
    CHANNEL,
    z.object({ key: z.string().min(1), algorithm: z.string(), digest: z.string() }),
    response,
  );
}

const CURVES: [string, number[], number][] = [
  ['P-256', [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07], 32],
  ['P-384', [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22], 48],
  ['P-521', [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23], 66],
];

function includes(haystack: Uint8Array, needle: number[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** eBay serves the PEM on one line ("-----BEGIN PUBLIC KEY-----MFkw…-----END PUBLIC KEY-----"). */
function spkiFromPem(pem: string): Uint8Array<ArrayBuffer> | null {
  const body = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '');
  return decodeBase64(body);
}

/** DER SEQUENCE{INTEGER r, INTEGER s} -> r||s, each left-padded to the curve size, as WebCrypto verifies. */
export function derToRawSignature(der: Uint8Array, size: number): Uint8Array<ArrayBuffer> | null {
  let at = 0;
  const length = (): number | null => {
    const first = der[at++];
    if (first === undefined) return null;
    if (first < 0x80) return first;
    const count = first & 0x7f;
    if (count !== 1) return null;
    return der[at++] ?? null;
  };
  if (der[at++] !== 0x30 || length() !== der.length - at) return null;
  const raw = new Uint8Array(size * 2);
  for (const half of [0, 1]) {
    if (der[at++] !== 0x02) return null;
    const n = length();
    if (n === null || n === 0 || at + n > der.length) return null;
    let value = der.subarray(at, at + n);
    at += n;
    while (value.length > 1 && value[0] === 0) value = value.subarray(1);
    if (value.length > size) return null;
    raw.set(value, half * size + size - value.length);
  }
  return at === der.length ? raw : null;
}

const DIGESTS: Record<string, string> = { SHA1: 'SHA-1', SHA256: 'SHA-256', SHA384: 'SHA-384' };

/**
 * True when X-EBAY-SIGNATURE is an ECDSA signature of exactly these bytes under `publicKeyPem` (the key eBay
 * returns for the header's kid). Any malformed header, key or signature is false, never an exception.
 */
export async function verifyEbaySignature(
  rawBody: ArrayBuffer | Uint8Array,
  header: string | null | undefined,
  publicKeyPem: string,
): Promise<boolean> {
  const parsed = parseEbaySignatureHeader(header);
  const hash = parsed ? DIGESTS[parsed.digest.toUpperCase().replace('-', '')] : undefined;
  const spki = spkiFromPem(publicKeyPem);
  const curve = spki ? CURVES.find(([, oid]) => includes(spki, oid)) : undefined;
  const der = parsed ? decodeBase64(parsed.signature) : null;
  if (parsed?.alg.toUpperCase() !== 'ECDSA' || !hash || !spki || !curve || !der) return false;
  const [namedCurve, , size] = curve;
  const signature = derToRawSignature(der, size);
  if (!signature) return false;
  try {
    const key = await crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve }, false, ['verify']);
    // never a view of shared memory; the web app also type-checks this file, where BufferSource says so
    const body = rawBody as ArrayBuffer | Uint8Array<ArrayBuffer>;
    return await crypto.subtle.verify({ name: 'ECDSA', hash }, key, signature, body);
  } catch {
    return false;
  }
}

export interface EbayNotification {
  /** notification.notificationId: the dedup key (eBay retries deliveries). */
  notification_id: string;
  topic: string;
  event_date: string;
  data: Record<string, unknown>;
}

const Envelope = z.object({
  metadata: z.object({ topic: z.string().min(1) }),
  notification: z.object({
    notificationId: z.string().min(1),
    eventDate: z.string(),
    data: z.record(z.string(), z.unknown()),
  }),
});

/** A notification body (after its signature passed) reduced to the dedup key, topic and data. */
export function parseEbayNotification(payload: unknown): EbayNotification {
  const n = parsePayload(CHANNEL, Envelope, payload);
  return {
    notification_id: n.notification.notificationId,
    topic: n.metadata.topic,
    event_date: utcIso(CHANNEL, 'notification.eventDate', n.notification.eventDate),
    data: n.notification.data,
  };
}
