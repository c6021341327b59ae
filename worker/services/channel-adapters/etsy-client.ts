import type { Database } from '../../../db/client';
import { parseRetryAfter } from '../../domain/channels/rate-limits';
import type { ChannelRequest } from '../../domain/channels/types';
import { budgetSpec, channelBudget, type RateLimitOverrides } from '../channel-limits';
import { channelWithConfig, settingsOf } from '../channels';
import { RetryLater } from '../retry-later';

export interface EtsyConfig {
  shop_id: string;
  keystring: string;
  access_token: string;
  refresh_token: string;
  api_base_url?: string;
}

/** Etsy answered with an error that retrying will not fix (400, 403, 404). */
export class EtsyRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Etsy answered HTTP ${status}: ${JSON.stringify(body)?.slice(0, 300)}`);
  }
}

/** An Etsy channel's config and a caller bound to its credentials and budgets; null when it is gone. */
export async function etsyClient(env: Env, db: Database, channelId: string) {
  const channel = await channelWithConfig<EtsyConfig>(env, db, channelId);
  if (!channel) return null;
  const overrides = settingsOf(channel.row).rate_limits;
  return {
    config: channel.config,
    request: (req: ChannelRequest) => etsyRequest(env, channelId, channel.config, overrides, req),
  };
}

/**
 * One Open API v3 call (x-api-key and the OAuth token). Etsy counts every call against both a per-second
 * and a per-day quota, so each spends from both buckets. A 429 or 5xx becomes RetryLater (a 429 also
 * blocks every other caller until Retry-After); another 4xx is EtsyRefused.
 */
export async function etsyRequest(
  env: Env,
  channelId: string,
  config: EtsyConfig,
  overrides: RateLimitOverrides | undefined,
  req: ChannelRequest,
): Promise<unknown> {
  const perSecond = budgetSpec('etsy.perSecond', overrides);
  const budget = channelBudget(env, channelId);
  await budget.spend('etsy.perSecond', perSecond, 1);
  await budget.spend('etsy.perDay', budgetSpec('etsy.perDay', overrides), 1);
  const base = (config.api_base_url ?? 'https://api.etsy.com').replace(/\/$/, '');
  const res = await fetch(`${base}${req.path}`, {
    method: req.method,
    headers: {
      ...req.headers,
      accept: 'application/json',
      'x-api-key': config.keystring,
      authorization: `Bearer ${config.access_token}`,
    },
    body: req.method === 'GET' ? undefined : req.body,
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status === 429 || res.status >= 500) {
    const seconds = parseRetryAfter(res.headers.get('retry-after'), Date.now()) ?? 5;
    // Every call spends from both buckets, so blocking one holds every caller back until Retry-After.
    if (res.status === 429) await budget.penalize('etsy.perSecond', perSecond, seconds);
    throw new RetryLater(seconds);
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new EtsyRefused(res.status, body);
  return body;
}
