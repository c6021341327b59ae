import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { exceptions, orders } from '../../../db/schema';
import {
  parseShopifyReturnDecision,
  type ShopifyReturnDecision,
  shopifyReturnDecisionMutation,
} from '../../domain/channels/shopify-return';
import { newId } from '../../domain/ids';
import { channelWithConfig, settingsOf } from '../channels';
import { RetryLater } from '../retry-later';
import { type ShopifyConfig, shopifyGraphql } from '../shopify-client';
import type { ReturnRow } from './return-view';

const SHOPIFY_RETURN_GID = /^gid:\/\/shopify\/Return\/\d+$/;

type ShopifyChannel = NonNullable<Awaited<ReturnType<typeof channelWithConfig<ShopifyConfig>>>>;

async function tellShopify(
  env: Env,
  channel: ShopifyChannel,
  decision: ShopifyReturnDecision,
  returnGid: string,
  note: string | undefined,
): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    const res = await shopifyGraphql(
      env,
      channel.row.code,
      channel.config,
      settingsOf(channel.row).rate_limits,
      shopifyReturnDecisionMutation(decision, returnGid, note, channel.config.api_version),
    );
    if (res.status !== 200) return { ok: false, message: `Shopify answered HTTP ${res.status}` };
    return parseShopifyReturnDecision(decision, res.body);
  } catch (err) {
    if (err instanceof RetryLater) return { ok: false, message: 'Shopify is unavailable or throttling' };
    return { ok: false, message: `Shopify could not be reached: ${String(err)}` };
  }
}

/**
 * Tells Shopify the decision made here about the Return an RMA came from, once the decision is stored. A
 * decision Shopify sent us (actor `channel:*`) is not echoed back; a staff RMA has no Return to tell. A
 * refusal or outage never undoes the decision: it becomes one `sync_failure` exception naming the Return.
 */
export async function pushShopifyDecision(
  env: Env,
  db: Database,
  rma: ReturnRow,
  decision: ShopifyReturnDecision,
  note: string | undefined,
  actor: string,
) {
  const returnGid = rma.externalReturnId;
  if (rma.source !== 'channel' || !returnGid || !SHOPIFY_RETURN_GID.test(returnGid)) return;
  if (actor.startsWith('channel:')) return;
  const order = await db.query.orders.findFirst({ where: eq(orders.id, rma.orderId) });
  if (!order) return;
  const channel = await channelWithConfig<ShopifyConfig>(env, db, order.channel);
  if (channel?.row.type !== 'shopify') return;
  const told = await tellShopify(env, channel, decision, returnGid, note);
  if (told.ok) return;
  const verb = decision === 'approved' ? 'approval' : 'decline';
  await db.insert(exceptions).values({
    id: newId('exc'),
    kind: 'sync_failure',
    status: 'open',
    orderId: order.id,
    channel: order.channel,
    message: `Shopify did not take the ${verb} of return ${returnGid} (RMA ${rma.number}): ${told.message}`,
    details: { return_id: rma.id, external_return_id: returnGid, decision },
  });
}
