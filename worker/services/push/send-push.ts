import { buildPushPayload } from '@block65/webcrypto-web-push';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { pushSubscriptions } from '../../../db/schema';

/** What the service worker shows: the notification, and the screen a tap opens. */
export interface PushAlert {
  title: string;
  body: string;
  /** The app's path for the thing the alert is about, e.g. `/returns/rma_01J...`. */
  url: string;
  /** Alerts with one tag replace each other on the phone. */
  tag: string;
}

export type PushTarget = Pick<typeof pushSubscriptions.$inferSelect, 'id' | 'endpoint' | 'p256dh' | 'auth'>;
export type PushOutcome = 'sent' | 'gone' | 'failed';
export interface Vapid {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** The Worker's VAPID keys, or null when push is not set up (no alert is then sent). */
export function vapidKeys(env: Env): Vapid | null {
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey, VAPID_SUBJECT: subject } = env;
  return publicKey && privateKey && subject ? { publicKey, privateKey, subject } : null;
}

// An alert nobody saw within a day is stale: the push service may drop it after this.
const TTL_SECONDS = 24 * 3600;

/**
 * Sends one alert to one device (aes128gcm, VAPID). A 2xx marks the device reached; 404 or 410 means the
 * browser dropped the subscription, so it is deleted; anything else (or no answer) counts a failure.
 */
export async function sendPush(
  db: Database,
  vapid: Vapid,
  target: PushTarget,
  alert: PushAlert,
): Promise<PushOutcome> {
  const endpoint = new URL(target.endpoint);
  // The library signs only https push resources (RFC 8030); a loopback http push service (local
  // development and tests) is signed for the https form of its origin.
  const signedFor = endpoint.protocol === 'http:' ? `https:${target.endpoint.slice(5)}` : target.endpoint;
  const status = await buildPushPayload(
    { data: { ...alert }, options: { ttl: TTL_SECONDS, urgency: 'high', topic: topicOf(alert.tag) } },
    { endpoint: signedFor, expirationTime: null, keys: { p256dh: target.p256dh, auth: target.auth } },
    vapid,
  )
    .then((payload) => fetch(target.endpoint, { ...payload, signal: AbortSignal.timeout(10_000) }))
    .then(
      (res) => res.status,
      () => 0,
    );
  if (status >= 200 && status < 300) {
    await db
      .update(pushSubscriptions)
      .set({ lastSuccessAt: new Date().toISOString(), failures: 0 })
      .where(eq(pushSubscriptions.id, target.id));
    return 'sent';
  }
  if (status === 404 || status === 410) {
    await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, target.id));
    return 'gone';
  }
  await db
    .update(pushSubscriptions)
    .set({ failures: sql`${pushSubscriptions.failures} + 1` })
    .where(eq(pushSubscriptions.id, target.id));
  return 'failed';
}

// RFC 8030 Topic: at most 32 base64url characters; a newer push with the same topic replaces an undelivered one.
const topicOf = (tag: string) => tag.replace(/[^A-Za-z0-9_-]/g, '_').slice(-32);
