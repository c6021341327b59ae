import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { channels } from '../../../db/schema';
import { type ChannelOperation, parseRetryAfter } from '../../domain/channels/rate-limits';
import type { ChannelRequest } from '../../domain/channels/types';
import { budgetSpec, channelBudget, type RateLimitOverrides } from '../channel-limits';
import { settingsOf } from '../channels';
import { RetryLater } from '../retry-later';

export interface AmazonConfig {
  seller_id: string;
  marketplace_ids: string[];
  refresh_token: string;
  client_id: string;
  client_secret: string;
  region: 'na' | 'eu' | 'fe';
  api_base_url?: string;
  auth_base_url?: string;
  orders_since?: string;
}

export interface AmazonChannel {
  code: string;
  config: AmazonConfig;
  overrides?: RateLimitOverrides;
}

const API_HOSTS = {
  na: 'https://sellingpartnerapi-na.amazon.com',
  eu: 'https://sellingpartnerapi-eu.amazon.com',
  fe: 'https://sellingpartnerapi-fe.amazon.com',
};

/** Access tokens per isolate, by channel and refresh token; renewed a minute before they lapse. */
const accessTokens = new Map<string, { token: string; expiresAt: number }>();

/** The account's own rate limits (settings.rate_limits), for callers that were handed only code and config. */
export async function amazonChannel(
  db: Database,
  channel: { code: string; config: Record<string, unknown> },
): Promise<AmazonChannel> {
  const row = await db.query.channels.findFirst({ where: eq(channels.code, channel.code) });
  return {
    code: channel.code,
    config: channel.config as unknown as AmazonConfig,
    overrides: row ? settingsOf(row).rate_limits : undefined,
  };
}

const tokenKey = (channel: AmazonChannel) =>
  `${channel.code}:${channel.config.client_id}:${channel.config.refresh_token}`;

/** Login with Amazon: the refresh token traded for an hour's access token, reused until a minute before it ends. */
async function accessToken(channel: AmazonChannel): Promise<string> {
  const { config } = channel;
  const key = tokenKey(channel);
  const cached = accessTokens.get(key);
  if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
  const res = await fetch(`${config.auth_base_url ?? 'https://api.amazon.com'}/auth/o2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: config.refresh_token,
      client_id: config.client_id,
      client_secret: config.client_secret,
    }),
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
      `Login with Amazon refused the refresh token (HTTP ${res.status}): ${body?.error_description ?? 'no reason given'}`,
    );
  }
  accessTokens.set(key, {
    token: body.access_token,
    expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000,
  });
  return body.access_token;
}

/**
 * One SP-API call within the account's budget for `operation`: spends first, learns the account's rate from
 * x-amzn-RateLimit-Limit, and turns a 429 (which also blocks every other caller) or a 5xx into RetryLater.
 * A refused token is renewed once. Returns the status and the parsed body.
 */
export async function amazonCall(
  env: Env,
  channel: AmazonChannel,
  operation: ChannelOperation,
  req: ChannelRequest,
): Promise<{ status: number; body: unknown }> {
  const spec = budgetSpec(operation, channel.overrides);
  const budget = channelBudget(env, channel.code);
  const base = channel.config.api_base_url ?? API_HOSTS[channel.config.region ?? 'na'];
  for (let attempt = 0; ; attempt++) {
    // the token first: a request must leave as soon as it is paid for, or the paced ones arrive bunched
    const token = await accessToken(channel);
    await budget.spend(operation, spec, 1);
    const res = await fetch(`${base}${req.path}`, {
      method: req.method,
      headers: {
        ...req.headers,
        accept: 'application/json',
        'x-amz-access-token': token,
      },
      body: req.body || undefined,
      signal: AbortSignal.timeout(15_000),
    });
    const rate = Number(res.headers.get('x-amzn-ratelimit-limit'));
    if (rate > 0) {
      await budget.observe(operation, spec, {
        available: spec.capacity,
        capacity: spec.capacity,
        refillPerSecond: rate,
      });
    }
    if (res.status === 429 || res.status >= 500) {
      const seconds = parseRetryAfter(res.headers.get('retry-after'), Date.now()) ?? Math.ceil(1 / rate || 5);
      if (res.status === 429) await budget.penalize(operation, spec, seconds);
      throw new RetryLater(seconds);
    }
    if ((res.status === 401 || res.status === 403) && attempt === 0) {
      accessTokens.delete(tokenKey(channel));
      continue;
    }
    return { status: res.status, body: await res.json().catch(() => null) };
  }
}

/** The first error message of an SP-API error body, for exceptions and logs. */
export function amazonError(body: unknown, status: number): string {
  const b = body as { errors?: { message?: string }[]; issues?: { message?: string }[] } | null;
  return b?.issues?.[0]?.message ?? b?.errors?.[0]?.message ?? `HTTP ${status}`;
}
