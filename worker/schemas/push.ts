import { z } from '@hono/zod-openapi';
import { ALERT_KINDS } from '../services/push/alert-kinds';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const base64urlBytes = (bytes: number) =>
  z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'base64url')
    .refine((s) => Math.floor((s.replace(/=+$/, '').length * 3) / 4) === bytes, `${bytes} bytes, base64url`);

/** RFC 8030 push resources are https; plain http is accepted only on loopback, for a local push service. */
const Endpoint = z
  .string()
  .url()
  .max(2000)
  .refine((s) => {
    const u = new URL(s);
    return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
  }, 'an https URL');

/** What `PushSubscription.toJSON()` gives in the browser, plus a name for the device. */
export const PushSubscriptionBody = z
  .object({
    endpoint: Endpoint,
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: base64urlBytes(65), auth: base64urlBytes(16) }),
    device: z.string().trim().max(100).optional(),
  })
  .openapi('PushSubscriptionRequest');

export const PushUnsubscribeBody = z.object({ endpoint: Endpoint }).openapi('PushUnsubscribeRequest');

export const PushDevice = z
  .object({
    id: z.string(),
    endpoint: z.string(),
    device: z.string().nullable(),
    created_at: z.string(),
    last_success_at: z.string().nullable(),
    failures: z.number().int(),
  })
  .openapi('PushDevice');

export const PushKey = z
  .object({ public_key: z.string().describe('VAPID public key, base64url: applicationServerKey') })
  .openapi('PushKey');

export const AlertSetting = z
  .object({
    kind: z.enum(ALERT_KINDS),
    allowed: z.boolean().describe('whether your role may receive it'),
    enabled: z.boolean(),
  })
  .openapi('AlertSetting');

export const AlertSettings = z.object({ alerts: z.array(AlertSetting) }).openapi('AlertSettings');

export const AlertChoices = z
  .object({ alerts: z.partialRecord(z.enum(ALERT_KINDS), z.boolean()) })
  .openapi('AlertChoices');
