import {
  ebayChallengeResponse,
  ebayPublicKeyRequest,
  parseEbayNotification,
  parseEbayPublicKey,
  parseEbaySignatureHeader,
  verifyEbaySignature,
} from '../../domain/channels/ebay';
import { ChannelPayloadError } from '../../domain/channels/types';
import { ApiError } from '../../http/errors';
import { type EbayChannel, type EbayConfig, ebayCall } from './ebay-client';
import type { WebhookIntake } from './types';

/** eBay asks that its notification keys be cached, not fetched per message: an hour per isolate. */
const KEY_TTL_MS = 3_600_000;
const publicKeys = new Map<string, { pem: string; expiresAt: number }>();

const refuse = () =>
  new ApiError(401, 'invalid_signature', 'The X-EBAY-SIGNATURE does not verify over the body');

/** The PEM eBay serves for a kid (getPublicKey with the application token), or null when eBay does not know it. */
async function publicKey(env: Env, channel: EbayChannel, kid: string): Promise<string | null> {
  const cacheKey = `${channel.config.api_base_url ?? ''}:${kid}`;
  const cached = publicKeys.get(cacheKey);
  if (cached && cached.expiresAt > Date.now()) return cached.pem;
  const res = await ebayCall(env, channel, null, ebayPublicKeyRequest(kid), 'application').catch(() => {
    throw new ApiError(
      503,
      'channel_unavailable',
      'eBay did not give the notification key; deliver again later',
    );
  });
  if (res.status === 404 || res.status === 400) return null;
  if (res.status !== 200) {
    throw new ApiError(
      503,
      'channel_unavailable',
      'eBay did not give the notification key; deliver again later',
    );
  }
  try {
    const { key } = parseEbayPublicKey(res.body);
    publicKeys.set(cacheKey, { pem: key, expiresAt: Date.now() + KEY_TTL_MS });
    return key;
  } catch (err) {
    if (err instanceof ChannelPayloadError) return null;
    throw err;
  }
}

/**
 * eBay's Notification API. A `challenge_code` (the endpoint check) is answered with SHA-256 of code,
 * verification token and this endpoint's URL. A delivery must carry X-EBAY-SIGNATURE verifying over the raw
 * bytes under the key eBay publishes for its kid (401 otherwise, before anything is read); it is stored under
 * its notificationId, and processed when it names an order.
 */
export async function receiveEbayWebhook(
  env: Env,
  given: { code: string; config: Record<string, unknown> },
  raw: ArrayBuffer,
  headers: Headers,
  url: URL,
): Promise<WebhookIntake> {
  const channel: EbayChannel = { code: given.code, config: given.config as unknown as EbayConfig };
  const challenge = url.searchParams.get('challenge_code');
  if (challenge) {
    const endpoint = `${url.origin}${url.pathname}`;
    const challengeResponse = await ebayChallengeResponse(
      challenge,
      channel.config.verification_token,
      endpoint,
    );
    return { kind: 'reply', status: 200, body: { challengeResponse } };
  }
  const header = headers.get('x-ebay-signature');
  const parsed = parseEbaySignatureHeader(header);
  if (!parsed) throw refuse();
  const pem = await publicKey(env, channel, parsed.kid);
  if (!pem || !(await verifyEbaySignature(raw, header, pem))) throw refuse();
  let notification: ReturnType<typeof parseEbayNotification>;
  try {
    notification = parseEbayNotification(JSON.parse(new TextDecoder().decode(raw)));
  } catch {
    throw new ApiError(400, 'malformed_request', 'The notification is not an eBay notification envelope');
  }
  const orderId = notification.data.orderId;
  return {
    kind: 'delivery',
    topic: notification.topic,
    deliveryId: notification.notification_id,
    body: new TextDecoder().decode(raw),
    process: typeof orderId === 'string' && orderId.length > 0,
  };
}
