/** BigCommerce webhook subscriptions: read the store's hooks, then create or repair ours, one per order scope. */
import { z } from 'zod';
import { BIGCOMMERCE_ORDER_SCOPES, BIGCOMMERCE_SECRET_HEADER } from './bigcommerce-webhook';
import { parsePayload } from './payload';
import type { ChannelRequest } from './types';

const CHANNEL = 'bigcommerce';

/** The most hooks GET /v3/hooks returns per page. */
export const BIGCOMMERCE_HOOKS_PAGE_LIMIT = 250;

const Hook = z.object({
  id: z.number().int().positive(),
  scope: z.string(),
  destination: z.string(),
  is_active: z.boolean(),
  headers: z.record(z.string(), z.string()).nullish(),
});
export type BigCommerceHook = z.output<typeof Hook>;

const HooksPage = z.object({
  data: z.array(Hook),
  meta: z
    .object({
      pagination: z
        .object({ current_page: z.number().int(), total_pages: z.number().int() })
        .partial()
        .nullish(),
    })
    .nullish(),
});

const hooksPath = (storeHash: string) => `/stores/${encodeURIComponent(storeHash)}/v3/hooks`;

/** GET /v3/hooks, one page: the hooks this API account made on the store. */
export function bigcommerceHooksListRequest(storeHash: string, page: number): ChannelRequest {
  const query = new URLSearchParams({ page: String(page), limit: String(BIGCOMMERCE_HOOKS_PAGE_LIMIT) });
  return { method: 'GET', path: `${hooksPath(storeHash)}?${query}`, headers: {}, body: '' };
}

/** One page of hooks, and whether another page follows. Throws ChannelPayloadError naming the field. */
export function bigcommerceHooksPage(response: unknown): { hooks: BigCommerceHook[]; more: boolean } {
  const page = parsePayload(CHANNEL, HooksPage, response);
  const { current_page: current, total_pages: total } = page.meta?.pagination ?? {};
  return { hooks: page.data, more: current !== undefined && total !== undefined && current < total };
}

export type HookAction = 'created' | 'updated' | 'unchanged';

export interface HookPlan {
  scope: (typeof BIGCOMMERCE_ORDER_SCOPES)[number];
  action: HookAction;
  /** The existing hook's id (updated, unchanged); a created hook gets its id from BigCommerce's answer. */
  hookId: number | null;
  /** The call to make; null when the hook is already as it should be. */
  request: ChannelRequest | null;
}

const carriesSecret = (hook: BigCommerceHook, secret: string) =>
  Object.entries(hook.headers ?? {}).some(
    ([name, value]) => name.toLowerCase() === BIGCOMMERCE_SECRET_HEADER.toLowerCase() && value === secret,
  );

/**
 * What each order scope needs so that it delivers to `destination` with the current secret: nothing when a
 * hook already does, an update (PUT) when one points there but is inactive or carries another secret, else
 * a new hook (POST). Registering twice therefore changes nothing. BigCommerce only delivers over https.
 */
export function planBigCommerceHooks(
  storeHash: string,
  destination: string,
  secret: string,
  existing: BigCommerceHook[],
): HookPlan[] {
  if (!destination.startsWith('https://'))
    throw new RangeError('BigCommerce delivers webhooks to https only');
  const body = (scope: string) =>
    JSON.stringify({ scope, destination, is_active: true, headers: { [BIGCOMMERCE_SECRET_HEADER]: secret } });
  const json = { 'content-type': 'application/json' };
  return BIGCOMMERCE_ORDER_SCOPES.map((scope) => {
    const mine = existing.filter((h) => h.scope === scope && h.destination === destination);
    const good = mine.find((h) => h.is_active && carriesSecret(h, secret));
    if (good) return { scope, action: 'unchanged', hookId: good.id, request: null };
    const stale = mine[0];
    if (stale) {
      return {
        scope,
        action: 'updated',
        hookId: stale.id,
        request: {
          method: 'PUT',
          path: `${hooksPath(storeHash)}/${stale.id}`,
          headers: json,
          body: body(scope),
        },
      };
    }
    return {
      scope,
      action: 'created',
      hookId: null,
      request: { method: 'POST', path: hooksPath(storeHash), headers: json, body: body(scope) },
    };
  });
}

const Saved = z.object({ data: z.object({ id: z.number().int().positive() }) });

/** The id of the hook BigCommerce answers a create or update with. */
export const savedHookId = (response: unknown) => parsePayload(CHANNEL, Saved, response).data.id;
