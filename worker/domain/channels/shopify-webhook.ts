/** Shopify webhook authenticity and the order id read from the raw text, before JSON.parse can round it. */
import { z } from 'zod';
import { ChannelPayloadError } from './types';

/** A Shopify id as number or digits. Not .int(): zod 4 refuses unsafe integers there, and shopifyIdString says why. */
export const ShopifyId = z.union([
  z.number().nonnegative().refine(Number.isInteger, 'is not a whole number'),
  z.string().regex(/^\d+$/),
]);

function decodeBase64(value: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(value.trim()), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

/**
 * True when `headerB64` (X-Shopify-Hmac-Sha256) is base64 HMAC-SHA256 of exactly these bytes under `secret`.
 * `crypto.subtle.verify` compares in constant time; a missing or undecodable header is simply false.
 */
export async function verifyShopifyHmac(
  rawBody: ArrayBuffer | Uint8Array,
  headerB64: string | null | undefined,
  secret: string,
): Promise<boolean> {
  if (!headerB64 || !secret) return false;
  const signature = decodeBase64(headerB64);
  if (signature?.byteLength !== 32) return false;
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  // Never a view of shared memory; the web app also type-checks this file, where BufferSource says so.
  return crypto.subtle.verify('HMAC', key, signature, rawBody as ArrayBuffer | Uint8Array<ArrayBuffer>);
}

/** Index of the quote that closes the string opening at `start`, or -1 if the text ends first. */
function closingQuote(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

const ID_VALUE = /^\s*:\s*(?:(\d+)|"(\d+)")/;

/**
 * The top-level `"id"` of a JSON object as decimal digits, read from the text itself: Shopify ids can exceed
 * 2^53, which JSON.parse rounds. Nested ids (line items, customer) are skipped; null when there is none.
 */
export function extractShopifyOrderId(rawText: string): string | null {
  let depth = 0;
  for (let i = 0; i < rawText.length; i++) {
    const ch = rawText[i];
    if (ch === '"') {
      const end = closingQuote(rawText, i);
      if (end < 0) return null;
      if (depth === 1 && rawText.slice(i + 1, end) === 'id') {
        const tail = rawText.slice(end + 1, end + 80);
        // A value "id" is followed by , or } and falls through; a key is followed by a colon.
        if (/^\s*:/.test(tail)) {
          const match = ID_VALUE.exec(tail);
          return match ? (match[1] ?? match[2] ?? null) : null;
        }
      }
      i = end;
    } else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  return null;
}

/** "gid://shopify/Order/820982911946154508" -> "820982911946154508"; null for any other shape or type. */
export function shopifyGidNumber(gid: string | null | undefined, type: string): string | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/.exec(gid ?? '');
  return match && match[1] === type ? (match[2] ?? null) : null;
}

/** An id as decimal text. A parsed number is only trustworthy below 2^53; beyond that JSON.parse has rounded it. */
export function shopifyIdString(field: string, id: number | string): string {
  if (typeof id === 'number' && !Number.isSafeInteger(id)) {
    throw new ChannelPayloadError('shopify', field, 'exceeds 2^53 and was rounded: pass the raw body text');
  }
  return String(id);
}
