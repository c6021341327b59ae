import { parseRetryAfter } from '../domain/channels/rate-limits';
import { parseShopifyThrottle } from '../domain/channels/shopify';
import type { ChannelRequest } from '../domain/channels/types';
import { budgetSpec, channelBudget, type RateLimitOverrides } from './channel-limits';
import { RetryLater } from './retry-later';

export interface ShopifyConfig {
  shop_domain: string;
  access_token: string;
  api_version: string;
  api_base_url?: string;
}

/** Shopify charges a mutation 10 points of its GraphQL bucket; a small query about as much. */
const REQUEST_COST = 10;

/**
 * One Admin GraphQL call within the shop's shared budget: spends first, reports Shopify's own bucket
 * back to the limiter, and turns a 429 or 5xx into RetryLater (a 429 also blocks every other caller).
 * Returns the parsed body and the HTTP status.
 */
export async function shopifyGraphql(
  env: Env,
  channelId: string,
  config: ShopifyConfig,
  overrides: RateLimitOverrides | undefined,
  req: ChannelRequest,
): Promise<{ status: number; body: unknown }> {
  const spec = budgetSpec('shopify.graphql', overrides);
  const budget = channelBudget(env, channelId);
  await budget.spend('shopify.graphql', spec, REQUEST_COST);
  const base = config.api_base_url ?? `https://${config.shop_domain}`;
  const res = await fetch(`${base}${req.path}`, {
    method: req.method,
    headers: { ...req.headers, 'x-shopify-access-token': config.access_token },
    body: req.body,
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status === 429 || res.status >= 500) {
    const seconds = parseRetryAfter(res.headers.get('retry-after'), Date.now()) ?? 5;
    if (res.status === 429) await budget.penalize('shopify.graphql', spec, seconds);
    throw new RetryLater(seconds);
  }
  const body = await res.json().catch(() => null);
  const throttle = parseShopifyThrottle(body);
  if (throttle) {
    await budget.observe('shopify.graphql', spec, {
      available: throttle.currentlyAvailable,
      capacity: throttle.maximumAvailable,
      refillPerSecond: throttle.restoreRate,
    });
  }
  return { status: res.status, body };
}
