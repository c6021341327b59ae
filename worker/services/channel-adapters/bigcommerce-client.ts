import type { Database } from '../../../db/client';
import { parseRetryAfter } from '../../domain/channels/rate-limits';
import type { ChannelRequest } from '../../domain/channels/types';
import { budgetSpec, channelBudget, type RateLimitOverrides } from '../channel-limits';
import { channelWithConfig, settingsOf } from '../channels';
import { RetryLater } from '../retry-later';

export interface BigCommerceConfig {
  store_hash: string;
  access_token: string;
  webhook_secret: string;
  previous_webhook_secret?: string;
  api_base_url?: string;
}

/** BigCommerce answered with an error that retrying will not fix (404, 422, …). */
export class BigCommerceRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`BigCommerce answered HTTP ${status}: ${JSON.stringify(body)?.slice(0, 300)}`);
  }
}

/** A BigCommerce channel's config and a caller bound to its credentials and budget; null when it is gone. */
export async function bigcommerceClient(env: Env, db: Database, channelId: string) {
  const channel = await channelWithConfig<BigCommerceConfig>(env, db, channelId);
  if (!channel) return null;
  const overrides = settingsOf(channel.row).rate_limits;
  return {
    config: channel.config,
    request: (req: ChannelRequest) => bigcommerceRequest(env, channelId, channel.config, overrides, req),
  };
}

/**
 * One BigCommerce API call within the store's shared budget (X-Auth-Token). The live quota BigCommerce
 * reports (X-Rate-Limit-Requests-Left) is fed back to the limiter; a 429 or 5xx becomes RetryLater (a 429
 * also blocks every other caller); another 4xx is BigCommerceRefused.
 */
export async function bigcommerceRequest(
  env: Env,
  channelId: string,
  config: BigCommerceConfig,
  overrides: RateLimitOverrides | undefined,
  req: ChannelRequest,
): Promise<unknown> {
  const spec = budgetSpec('bigcommerce.rest', overrides);
  const budget = channelBudget(env, channelId);
  await budget.spend('bigcommerce.rest', spec, 1);
  const base = (config.api_base_url ?? 'https://api.bigcommerce.com').replace(/\/$/, '');
  const res = await fetch(`${base}${req.path}`, {
    method: req.method,
    headers: { ...req.headers, accept: 'application/json', 'x-auth-token': config.access_token },
    body: req.method === 'GET' ? undefined : req.body,
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status === 429 || res.status >= 500) {
    const resetMs = Number(res.headers.get('x-rate-limit-time-reset-ms'));
    const seconds =
      parseRetryAfter(res.headers.get('retry-after'), Date.now()) ??
      (resetMs > 0 ? Math.ceil(resetMs / 1000) : 5);
    if (res.status === 429) await budget.penalize('bigcommerce.rest', spec, seconds);
    throw new RetryLater(seconds);
  }
  const left = res.headers.get('x-rate-limit-requests-left');
  if (left !== null && /^\d+$/.test(left))
    await budget.observe('bigcommerce.rest', spec, { available: Number(left) });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new BigCommerceRefused(res.status, body);
  return body;
}
