import type { Database } from '../../../db/client';
import { parseRetryAfter } from '../../domain/channels/rate-limits';
import type { ChannelRequest } from '../../domain/channels/types';
import { budgetSpec, channelBudget, type RateLimitOverrides } from '../channel-limits';
import { channelWithConfig, settingsOf } from '../channels';
import { RetryLater } from '../retry-later';

export interface WooConfig {
  store_url: string;
  consumer_key: string;
  consumer_secret: string;
  webhook_secret: string;
  previous_webhook_secret?: string;
  api_base_url?: string;
}

/** Woo's REST API answered with an error that retrying will not fix (401, 404, 400). */
export class WooRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`WooCommerce answered HTTP ${status}: ${JSON.stringify(body)?.slice(0, 300)}`);
  }
}

function baseUrl(config: WooConfig): string {
  if (config.api_base_url) return config.api_base_url.replace(/\/$/, '');
  // Basic auth puts the consumer secret in every request: Woo only accepts it over HTTPS, and so do we.
  if (!config.store_url.startsWith('https://'))
    throw new WooRefused(0, 'store_url must be https to send credentials');
  return config.store_url.replace(/\/$/, '');
}

/** A Woo channel's config and a caller bound to its credentials and budget; null when it is gone. */
export async function wooClient(env: Env, db: Database, channelId: string) {
  const channel = await channelWithConfig<WooConfig>(env, db, channelId);
  if (!channel) return null;
  const overrides = settingsOf(channel.row).rate_limits;
  return {
    config: channel.config,
    request: (req: ChannelRequest) => wooRequest(env, channelId, channel.config, overrides, req),
  };
}

/**
 * One WooCommerce REST call within the store's shared budget, authenticated with the consumer key and
 * secret. A 429 or 5xx becomes RetryLater (a 429 also blocks every other caller); another 4xx is WooRefused.
 */
export async function wooRequest(
  env: Env,
  channelId: string,
  config: WooConfig,
  overrides: RateLimitOverrides | undefined,
  req: ChannelRequest,
): Promise<unknown> {
  const spec = budgetSpec('woocommerce.rest', overrides);
  const budget = channelBudget(env, channelId);
  await budget.spend('woocommerce.rest', spec, 1);
  const res = await fetch(`${baseUrl(config)}${req.path}`, {
    method: req.method,
    headers: {
      ...req.headers,
      accept: 'application/json',
      authorization: `Basic ${btoa(`${config.consumer_key}:${config.consumer_secret}`)}`,
    },
    body: req.method === 'GET' ? undefined : req.body,
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status === 429 || res.status >= 500) {
    const seconds = parseRetryAfter(res.headers.get('retry-after'), Date.now()) ?? 5;
    if (res.status === 429) await budget.penalize('woocommerce.rest', spec, seconds);
    throw new RetryLater(seconds);
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new WooRefused(res.status, body);
  return body;
}
