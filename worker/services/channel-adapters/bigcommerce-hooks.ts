import type { Database } from '../../../db/client';
import {
  type BigCommerceHook,
  bigcommerceHooksListRequest,
  bigcommerceHooksPage,
  type HookAction,
  planBigCommerceHooks,
  savedHookId,
} from '../../domain/channels/bigcommerce-hooks';
import { ChannelPayloadError } from '../../domain/channels/types';
import { ApiError } from '../../http/errors';
import { auditInsert } from '../../repo/audit';
import { RetryLater } from '../retry-later';
import { BigCommerceRefused, bigcommerceClient } from './bigcommerce-client';

/** Pages of hooks read before giving up: 40 × 250 hooks is far beyond any one API account's. */
const MAX_HOOK_PAGES = 40;

export interface HookRegistration {
  destination: string;
  hooks: { scope: string; id: number; action: HookAction }[];
}

/**
 * Subscribes the channel's BigCommerce store to its order events at `destination`, carrying the secret header
 * our receiver checks. The store's hooks are read first, so a second run changes nothing and a hook that was
 * deactivated or holds an old secret is repaired in place instead of duplicated. Refuses (ApiError) when the
 * store refuses or is unreachable for now; a hook already saved stays saved, and a rerun finishes the rest.
 */
export async function registerBigCommerceHooks(
  env: Env,
  db: Database,
  channelId: string,
  destination: string,
  actor: string,
): Promise<HookRegistration> {
  if (!destination.startsWith('https://'))
    throw new ApiError(409, 'destination_not_https', 'BigCommerce delivers webhooks to https URLs only');
  const client = await bigcommerceClient(env, db, channelId);
  if (!client) throw new ApiError(404, 'channel_not_found', 'No such channel');
  const { store_hash: storeHash, webhook_secret: secret } = client.config;
  try {
    const existing: BigCommerceHook[] = [];
    for (let page = 1; page <= MAX_HOOK_PAGES; page++) {
      const read = bigcommerceHooksPage(await client.request(bigcommerceHooksListRequest(storeHash, page)));
      existing.push(...read.hooks);
      if (!read.more) break;
    }
    const hooks: HookRegistration['hooks'] = [];
    for (const plan of planBigCommerceHooks(storeHash, destination, secret, existing)) {
      const id = plan.request ? savedHookId(await client.request(plan.request)) : plan.hookId!;
      hooks.push({ scope: plan.scope, id, action: plan.action });
    }
    const changed = hooks.filter((h) => h.action !== 'unchanged');
    if (changed.length > 0) {
      await auditInsert(db, {
        actor,
        action: 'channel.webhooks_register',
        entity: 'channel',
        entityId: channelId,
        data: { destination, hooks: changed },
      });
    }
    return { destination, hooks };
  } catch (err) {
    if (err instanceof RetryLater) {
      throw new ApiError(503, 'channel_unavailable', `BigCommerce asked us to retry in ${err.seconds} s`, {
        retry_after_seconds: err.seconds,
      });
    }
    if (err instanceof BigCommerceRefused) {
      throw new ApiError(502, 'channel_refused', err.message, { status: err.status, body: err.body });
    }
    if (err instanceof ChannelPayloadError) {
      throw new ApiError(
        502,
        'channel_payload',
        `BigCommerce answered with a body we cannot read: ${err.message}`,
      );
    }
    throw err;
  }
}
