import type { Database } from '../../../db/client';
import { parseRetryAfter } from '../../domain/channels/rate-limits';
import type { ChannelRequest } from '../../domain/channels/types';
import { budgetSpec, channelBudget, type RateLimitOverrides } from '../channel-limits';
import { channelWithConfig, settingsOf } from '../channels';
import { RetryLater } from '../retry-later';
import { type EtsyConfig, EtsyRefused, etsyBase } from './etsy-http';
import { etsyTokens } from './etsy-token';

export { type EtsyConfig, EtsyRefused } from './etsy-http';

/** An Etsy channel's config and a caller bound to its credentials, tokens and budgets; null when it is gone. */
export async function etsyClient(env: Env, db: Database, channelId: string) {
  const channel = await channelWithConfig<EtsyConfig>(env, db, channelId);
  if (!channel?.row.configSealed) return null;
  const overrides = settingsOf(channel.row).rate_limits;
  const tokens = etsyTokens(env, db, channelId, { sealed: channel.row.configSealed, config: channel.config });
  return {
    config: channel.config,
    request: (req: ChannelRequest) => etsyRequest(env, channelId, channel.config, tokens, overrides, req),
  };
}

/**
 * One Open API v3 call (x-api-key and the OAuth token). Etsy counts every call against both a per-second
 * and a per-day quota, so each spends from both buckets. A token about to expire is refreshed first, and a
 * 401 refreshes it once and repeats the call. A 429 or 5xx becomes RetryLater (a 429 also blocks every
 * other caller until Retry-After); another 4xx is EtsyRefused.
 */
async function etsyRequest(
  env: Env,
  channelId: string,
  config: EtsyConfig,
  tokens: ReturnType<typeof etsyTokens>,
  overrides: RateLimitOverrides | undefined,
  req: ChannelRequest,
): Promise<unknown> {
  const perSecond = budgetSpec('etsy.perSecond', overrides);
  const budget = channelBudget(env, channelId);
  for (let attempt = 0; ; attempt++) {
    await budget.spend('etsy.perSecond', perSecond, 1);
    await budget.spend('etsy.perDay', budgetSpec('etsy.perDay', overrides), 1);
    const token = await tokens.current();
    const res = await fetch(`${etsyBase(config)}${req.path}`, {
      method: req.method,
      headers: {
        ...req.headers,
        accept: 'application/json',
        'x-api-key': config.keystring,
        authorization: `Bearer ${token}`,
      },
      body: req.method === 'GET' ? undefined : req.body,
      signal: AbortSignal.timeout(15_000),
    });
    if (res.status === 401 && attempt === 0) {
      await tokens.refresh(token);
      continue;
    }
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
}
