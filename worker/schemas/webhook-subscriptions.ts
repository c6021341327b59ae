import { z } from '@hono/zod-openapi';
import { Cursor, Limit } from './common';

export const WEBHOOK_EVENTS = [
  'order.created',
  'order.cancelled',
  'shipment.shipped',
  'return.received',
  'stock.changed',
] as const;

// https only; plain http to 127.0.0.1 is allowed so a receiver on the same machine can be tested.
const isAllowedUrl = (text: string) => {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === '127.0.0.1');
  } catch {
    return false;
  }
};

export const SIGNATURE_DESCRIPTION =
  'Each delivery is a POST of JSON `{id, type, created_at, data}` with the headers Switchyard-Event-Id, ' +
  'Switchyard-Event-Type, Switchyard-Delivery-Id and `Switchyard-Signature: t=<unix seconds>,v1=<hex ' +
  'HMAC-SHA256(secret, "<t>.<raw body>")>`. Verify over the raw bytes with a constant-time compare and refuse a t ' +
  'older than 5 minutes (replays). Any 2xx within 10 s acknowledges; anything else is retried after 2 s, 8 s, 32 s, ' +
  '~2 min, ~8.5 min, ~34 min, then hourly, 9 attempts in all. Delivery is at least once: deduplicate on the event id.';

export const CreateSubscriptionBody = z
  .object({
    url: z.string().max(2000).refine(isAllowedUrl, 'an https URL (or http://127.0.0.1 for a local test)'),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
    description: z.string().trim().max(200).optional(),
  })
  .openapi('CreateWebhookSubscriptionRequest');

export type CreateSubscriptionInput = z.infer<typeof CreateSubscriptionBody>;

export const Subscription = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    description: z.string().nullable(),
    active: z.boolean(),
    created_at: z.string(),
  })
  .openapi('WebhookSubscription');

export const CreatedSubscription = Subscription.extend({
  secret: z.string().describe('The signing secret: shown this once, stored sealed'),
}).openapi('CreatedWebhookSubscription');

export const Delivery = z
  .object({
    id: z.string(),
    subscription_id: z.string(),
    event_id: z.string(),
    event_type: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    last_status: z.number().int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: z.string().nullable(),
    delivered_at: z.string().nullable(),
    created_at: z.string(),
    payload: z.unknown(),
  })
  .openapi('WebhookDelivery');

export const IdParam = z.object({ id: z.string().min(1).max(64) });
export const DeliveryQuery = z.object({ limit: Limit, cursor: Cursor });
