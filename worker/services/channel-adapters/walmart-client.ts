import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { channels } from '../../../db/schema';
import { type ChannelOperation, parseRetryAfter } from '../../domain/channels/rate-limits';
import type { ChannelRequest } from '../../domain/channels/types';
import { parseWalmartThrottle, walmartAuthHeaders, walmartHeaders } from '../../domain/channels/walmart';
import { budgetSpec, channelBudget, type RateLimitOverrides } from '../channel-limits';
import { settingsOf } from '../channels';
import { RetryLater } from '../retry-later';

export interface WalmartConfig {
  client_id: string;
  client_secret: string;
  api_base_url?: string;
  orders_since?: string;
}

export interface WalmartChannel {
  code: string;
  config: WalmartConfig;
  overrides?: RateLimitOverrides;
}

const accessTokens = new Map<string, { token: string; expiresAt: number }>();
const tokenKey = (channel: WalmartChannel) =>
  `${channel.code}:${channel.config.client_id}:${channel.config.client_secret}`;
const base = (config: WalmartConfig) => config.api_base_url ?? 'https://marketplace.walmartapis.com';

export async function walmartChannel(
  db: Database,
  channel: { code: string; config: Record<string, unknown> },
): Promise<WalmartChannel> {
  const row = await db.query.channels.findFirst({ where: eq(channels.code, channel.code) });
  return {
    code: channel.code,
    config: channel.config as unknown as WalmartConfig,
    overrides: row ? settingsOf(row).rate_limits : undefined,
  };
}

/** The token API (client credentials): a 15-minute token, reused until a minute before it ends. */
async function accessToken(channel: WalmartChannel): Promise<string> {
  const key = tokenKey(channel);
  const cached = accessTokens.get(key);
  if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
  const { config } = channel;
  const res = await fetch(`${base(config)}/v3/token`, {
    method: 'POST',
    headers: {
      ...walmartHeaders(crypto.randomUUID()),
      authorization: `Basic ${btoa(`${config.client_id}:${config.client_secret}`)}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status === 429 || res.status >= 500) throw new RetryLater(30);
  const body = (await res.json().catch(() => null)) as { access_token?: string; expires_in?: number } | null;
  if (!res.ok || !body?.access_token) {
    throw new Error(
      `Walmart refused the client credentials (HTTP ${res.status}): ${walmartError(body, res.status)}`,
    );
  }
  accessTokens.set(key, {
    token: body.access_token,
    expiresAt: Date.now() + (body.expires_in ?? 900) * 1000,
  });
  return body.access_token;
}

/**
 * One Marketplace call within the account's budget for `operation`. Walmart reports its live budget on every
 * answer (parseWalmartThrottle): we believe it, and an empty one blocks every caller until it refills. A 429
 * or 5xx becomes RetryLater; an expired token is renewed once.
 */
export async function walmartCall(
  env: Env,
  channel: WalmartChannel,
  operation: ChannelOperation,
  req: ChannelRequest,
): Promise<{ status: number; body: unknown }> {
  const spec = budgetSpec(operation, channel.overrides);
  const budget = channelBudget(env, channel.code);
  for (let attempt = 0; ; attempt++) {
    // the token first: a request must leave as soon as it is paid for, or the paced ones arrive bunched
    const token = await accessToken(channel);
    await budget.spend(operation, spec, 1);
    const res = await fetch(`${base(channel.config)}${req.path}`, {
      method: req.method,
      headers: { ...req.headers, ...walmartAuthHeaders(token) },
      body: req.body || undefined,
      signal: AbortSignal.timeout(15_000),
    });
    const now = Date.now();
    const throttle = parseWalmartThrottle(res.headers);
    if (throttle) await budget.observe(operation, spec, { available: throttle.tokens });
    const refillSeconds = throttle ? Math.max(1, Math.ceil((throttle.replenishAt - now) / 1000)) : 5;
    if (res.status === 429 || res.status >= 500) {
      const seconds = parseRetryAfter(res.headers.get('retry-after'), now) ?? refillSeconds;
      if (res.status === 429) await budget.penalize(operation, spec, seconds);
      throw new RetryLater(seconds);
    }
    if (throttle?.tokens === 0) await budget.penalize(operation, spec, refillSeconds);
    if (res.status === 401 && attempt === 0) {
      accessTokens.delete(tokenKey(channel));
      continue;
    }
    return { status: res.status, body: await res.json().catch(() => null) };
  }
}

/** Walmart's first error description, for exceptions and logs. */
export function walmartError(body: unknown, status: number): string {
  const b = body as { errors?: { error?: { description?: string }[] } } | null;
  return b?.errors?.error?.[0]?.description ?? `HTTP ${status}`;
}
