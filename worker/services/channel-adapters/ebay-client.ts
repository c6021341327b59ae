import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { channels } from '../../../db/schema';
import { type ChannelOperation, parseRetryAfter } from '../../domain/channels/rate-limits';
import type { ChannelRequest } from '../../domain/channels/types';
import { budgetSpec, channelBudget, type RateLimitOverrides } from '../channel-limits';
import { settingsOf } from '../channels';
import { RetryLater } from '../retry-later';

export interface EbayConfig {
  marketplace_id: string;
  client_id: string;
  client_secret: string;
  refresh_token: string;
  verification_token: string;
  api_base_url?: string;
  orders_since?: string;
}

export interface EbayChannel {
  code: string;
  config: EbayConfig;
  overrides?: RateLimitOverrides;
}

/** The application token reads notification keys; the user token (from the refresh token) does the rest. */
type Grant = 'user' | 'application';

const accessTokens = new Map<string, { token: string; expiresAt: number }>();
const tokenKey = (channel: EbayChannel, grant: Grant) =>
  `${channel.code}:${grant}:${channel.config.client_id}:${channel.config.refresh_token}`;

export const ebayBase = (config: EbayConfig) => config.api_base_url ?? 'https://api.ebay.com';

export async function ebayChannel(
  db: Database,
  channel: { code: string; config: Record<string, unknown> },
): Promise<EbayChannel> {
  const row = await db.query.channels.findFirst({ where: eq(channels.code, channel.code) });
  return {
    code: channel.code,
    config: channel.config as unknown as EbayConfig,
    overrides: row ? settingsOf(row).rate_limits : undefined,
  };
}

/** eBay OAuth: a user token from the refresh token, or an application token; cached until a minute before expiry. */
async function accessToken(channel: EbayChannel, grant: Grant): Promise<string> {
  const key = tokenKey(channel, grant);
  const cached = accessTokens.get(key);
  if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
  const { config } = channel;
  const form: Record<string, string> =
    grant === 'user'
      ? { grant_type: 'refresh_token', refresh_token: config.refresh_token }
      : { grant_type: 'client_credentials', scope: 'https://api.ebay.com/oauth/api_scope' };
  const res = await fetch(`${ebayBase(config)}/identity/v1/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa(`${config.client_id}:${config.client_secret}`)}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams(form),
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status === 429 || res.status >= 500) throw new RetryLater(30);
  const body = (await res.json().catch(() => null)) as {
    access_token?: string;
    expires_in?: number;
    error_description?: string;
  } | null;
  if (!res.ok || !body?.access_token) {
    throw new Error(
      `eBay refused the ${grant} token (HTTP ${res.status}): ${body?.error_description ?? 'no reason given'}`,
    );
  }
  accessTokens.set(key, {
    token: body.access_token,
    expiresAt: Date.now() + (body.expires_in ?? 7200) * 1000,
  });
  return body.access_token;
}

/**
 * One eBay call within the app's budget for `operation` (null: a call eBay does not meter, such as the
 * notification key): a 429 blocks every caller until Retry-After and, like a 5xx, becomes RetryLater. An
 * expired token is renewed once. Returns the status, the parsed body and the headers.
 */
export async function ebayCall(
  env: Env,
  channel: EbayChannel,
  operation: ChannelOperation | null,
  req: ChannelRequest,
  grant: Grant = 'user',
  scheme: 'Bearer' | 'IAF' = 'Bearer',
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const spec = operation ? budgetSpec(operation, channel.overrides) : null;
  const budget = channelBudget(env, channel.code);
  for (let attempt = 0; ; attempt++) {
    if (operation && spec) await budget.spend(operation, spec, 1);
    const res = await fetch(`${ebayBase(channel.config)}${req.path}`, {
      method: req.method,
      headers: {
        ...req.headers,
        accept: 'application/json',
        authorization: `${scheme} ${await accessToken(channel, grant)}`,
        'x-ebay-c-marketplace-id': channel.config.marketplace_id ?? 'EBAY_US',
      },
      body: req.body || undefined,
      signal: AbortSignal.timeout(15_000),
    });
    if (res.status === 429 || res.status >= 500) {
      const seconds = parseRetryAfter(res.headers.get('retry-after'), Date.now()) ?? 30;
      if (res.status === 429 && operation && spec) await budget.penalize(operation, spec, seconds);
      throw new RetryLater(seconds);
    }
    if (res.status === 401 && attempt === 0) {
      accessTokens.delete(tokenKey(channel, grant));
      continue;
    }
    return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
  }
}

/** eBay's first error message, for exceptions and logs. */
export function ebayError(body: unknown, status: number): string {
  const b = body as { errors?: { message?: string }[] } | null;
  return b?.errors?.[0]?.message ?? `HTTP ${status}`;
}
