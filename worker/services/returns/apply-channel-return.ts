import { and, eq, isNull, notInArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { exceptions, returns } from '../../../db/schema';
import {
  normalizeShopifyReturn,
  parseShopifyOrderLineItems,
  SHOPIFY_RETURN_TOPICS,
  type ShopifyReturn,
  type ShopifyReturnTopic,
  shopifyOrderLineItemsQuery,
} from '../../domain/channels/shopify-return';
import { newId } from '../../domain/ids';
import { channelMove } from '../../domain/returns/channel-decision';
import { returnLinesFromChannelReturn } from '../../domain/returns/channel-return';
import { returnable } from '../../domain/returns/quantities';
import { findOrderByExternal } from '../../repo/orders';
import { channelWithConfig, settingsOf } from '../channels';
import { type ShopifyConfig, shopifyGraphql } from '../shopify-client';
import { OrderNotYetKnown } from './apply-channel-refund';
import { closeReturn } from './close-return';
import { storeReturn } from './create-return';
import { approveReturn, cancelReturn, rejectReturn } from './decide-return';
import { returnPolicy } from './return-policy';
import { findChannelReturn, isDuplicateReturn, type ReturnRow, returnEvent } from './return-view';
import { orderLineFacts } from './returnable-lines';

/** A decision about a return whose request has not arrived: the queue retries it once the RMA exists. */
export class ReturnNotYetKnown extends Error {}

export type ChannelReturnOutcome = 'created' | 'moved' | 'unchanged' | 'unmatched';

async function lineItemSkus(env: Env, db: Database, channelId: string, externalOrderId: string) {
  const channel = await channelWithConfig<ShopifyConfig>(env, db, channelId);
  if (!channel) throw new Error(`No channel ${channelId}`);
  const res = await shopifyGraphql(
    env,
    channelId,
    channel.config,
    settingsOf(channel.row).rate_limits,
    shopifyOrderLineItemsQuery(externalOrderId, channel.config.api_version),
  );
  if (res.status !== 200) throw new Error(`Shopify answered HTTP ${res.status} for the order's line items`);
  return parseShopifyOrderLineItems(res.body) ?? {};
}

type LineProblem = { line_item_id?: string; order_line_id?: string; problem: string };

const unmatchedException = (
  db: Database,
  channelId: string,
  orderId: string,
  ret: ShopifyReturn,
  problems: LineProblem[],
) =>
  db.insert(exceptions).values({
    id: newId('exc'),
    kind: 'return_unmatched',
    status: 'open',
    orderId,
    channel: channelId,
    message: `Return ${ret.external_return_id}: ${problems.length} line(s) could not be taken onto an RMA`,
    details: { external_return_id: ret.external_return_id, lines: problems },
  });

/** A return the channel made first from its refund (older payloads name no Return): it becomes this one. */
async function adoptRefundReturn(db: Database, orderId: string, ret: ShopifyReturn) {
  const candidates = await db.query.returns.findMany({
    where: and(
      eq(returns.orderId, orderId),
      eq(returns.source, 'channel'),
      isNull(returns.externalReturnId),
      notInArray(returns.status, ['rejected', 'cancelled', 'closed']),
    ),
  });
  for (const rma of candidates) {
    const adopted = await db
      .update(returns)
      .set({ externalReturnId: ret.external_return_id })
      .where(and(eq(returns.id, rma.id), isNull(returns.externalReturnId)))
      .returning({ id: returns.id })
      .catch((err) => {
        if (isDuplicateReturn(err)) return [];
        throw err;
      });
    if (adopted.length) return rma;
  }
  return undefined;
}

/**
 * The RMA for a Shopify return seen for the first time: its lines mapped to our order lines through the
 * order's line items on Shopify, within what may still be returned. Lines that match nothing, or exceed
 * what was shipped, raise one `return_unmatched` exception. A request waits for the approval policy; an
 * approval (the request was missed or is late) is approved by the channel.
 */
async function createChannelReturn(
  env: Env,
  db: Database,
  channelId: string,
  ret: ShopifyReturn,
  approvedByChannel: boolean,
): Promise<ReturnRow | 'unmatched'> {
  const order = await findOrderByExternal(db, channelId, ret.external_order_id!);
  if (!order) throw new OrderNotYetKnown(`order ${ret.external_order_id} is not captured yet`);
  const adopted = await adoptRefundReturn(db, order.id, ret);
  if (adopted) return adopted;
  const facts = await orderLineFacts(db, order.id);
  const mapped = returnLinesFromChannelReturn(
    ret.lines,
    await lineItemSkus(env, db, channelId, ret.external_order_id!),
    facts,
  );
  const problems: LineProblem[] = mapped.unmatched.map((id) => ({
    line_item_id: id,
    problem: 'matches no order line',
  }));
  const lines = mapped.lines.flatMap((l) => {
    const can = returnable(facts.find((f) => f.id === l.orderLineId)!);
    if (l.quantity > can)
      problems.push({ order_line_id: l.orderLineId, problem: `${l.quantity} asked, ${can} returnable` });
    return Math.min(l.quantity, can) > 0 ? [{ ...l, quantity: Math.min(l.quantity, can) }] : [];
  });
  if (lines.length === 0) {
    await unmatchedException(db, channelId, order.id, ret, problems);
    return 'unmatched';
  }
  let rma: ReturnRow;
  try {
    const stored = await storeReturn(
      db,
      {
        orderId: order.id,
        lines,
        source: 'channel',
        label: false,
        actor: `channel:${channelId}`,
        externalReturnId: ret.external_return_id,
        approvedBy: approvedByChannel ? 'channel' : 'policy',
      },
      await returnPolicy(db),
    );
    rma = stored.rma;
  } catch (err) {
    // another delivery about the same return stored it first (and raised its exception)
    if (isDuplicateReturn(err)) return (await findChannelReturn(db, channelId, ret.external_return_id))!;
    throw err;
  }
  if (problems.length) await unmatchedException(db, channelId, order.id, ret, problems);
  return rma;
}

/**
 * A Shopify returns/* delivery: the Return's RMA is made once (a redelivery or another topic finds it by its
 * gid), then moved where the channel's event is a decision the status machine allows. A decision about a
 * return not seen yet throws ReturnNotYetKnown, so the queue applies it after the request.
 */
export async function applyChannelReturn(
  env: Env,
  db: Database,
  channelId: string,
  topic: ShopifyReturnTopic,
  body: unknown,
): Promise<{ outcome: ChannelReturnOutcome; note?: string }> {
  const ret = normalizeShopifyReturn(body);
  const event = SHOPIFY_RETURN_TOPICS[topic];
  const actor = `channel:${channelId}`;
  let rma = await findChannelReturn(db, channelId, ret.external_return_id);
  if (!rma) {
    const canCreate =
      (event === 'requested' || event === 'approved') && ret.external_order_id && ret.lines.length;
    if (!canCreate)
      throw new ReturnNotYetKnown(`return ${ret.external_return_id} has not been requested here yet`);
    const made = await createChannelReturn(env, db, channelId, ret, event === 'approved');
    if (made === 'unmatched') return { outcome: 'unmatched' };
    rma = made;
    if (event === 'requested' || rma.status !== 'requested') return { outcome: 'created' };
  }
  const next = channelMove(event, rma.status);
  if (!next.move) {
    if (event !== 'requested')
      await returnEvent(db, rma.id, {
        type: 'channel_event',
        message: `Shopify says ${event}; kept ${rma.status}: ${next.reason}`,
        actor,
      });
    return { outcome: 'unchanged', note: next.reason };
  }
  const note = {
    approved: 'approved on Shopify',
    rejected: `declined on Shopify${ret.decline_note ? `: ${ret.decline_note}` : ''}`,
    cancelled: 'cancelled on Shopify',
    closed: 'closed on Shopify',
  }[next.move];
  if (next.move === 'approved') await approveReturn(env, db, rma.id, note, actor);
  else if (next.move === 'rejected') await rejectReturn(env, db, rma.id, note, actor);
  else if (next.move === 'cancelled') await cancelReturn(env, db, rma.id, note, actor);
  else await closeReturn(db, rma.id, note, actor);
  return { outcome: 'moved' };
}
