/** A marketplace's own return (Amazon returns report row, eBay return) read as one shape, and what it does to an RMA. */
import type { ReturnReason, ReturnStatus } from './return-status';
import { spreadUnits } from './spread-units';

/**
 * Where the marketplace says its return stands. `open`: asked for or accepted, nothing shipped yet;
 * `in_transit`: the buyer shipped it; `delivered`: the carrier delivered it to us (our own scan still receives
 * it); `closed`: finished on the channel; `cancelled`: withdrawn or refused there.
 */
export type MarketplaceReturnState = 'open' | 'in_transit' | 'delivered' | 'closed' | 'cancelled';

export interface MarketplaceReturnLine {
  /** The SKU the order line was captured with; null when the channel names only its own item (eBay). */
  channel_sku: string | null;
  /** The channel's own ids of the returned item (eBay itemId and transactionId), to find the SKU with. */
  item_id?: string;
  transaction_id?: string;
  quantity: number;
  reason: ReturnReason | 'unspecified';
  /** The channel's reason code as it sent it, kept on the RMA line's note. */
  channel_reason: string;
}

export interface MarketplaceReturn {
  external_return_id: string;
  external_order_id: string;
  state: MarketplaceReturnState;
  /** The channel's status words, for the timeline. */
  channel_status: string;
  /** UTC ISO-8601. */
  requested_at: string;
  lines: MarketplaceReturnLine[];
  /** What the channel reports it refunded (integer minor units), or null when it has not refunded. */
  refund: { amount: number; currency: string } | null;
}

/** The order lines a return can land on: id, captured channel SKU, and how many units may still come back. */
export interface ReturnableLine {
  id: string;
  channelSku: string;
  returnable: number;
}

export interface MatchedReturnLines {
  lines: { orderLineId: string; quantity: number; reason: ReturnReason | 'unspecified'; note: string }[];
  /** Returned items that match no order line. */
  unmatched: { channel_sku: string | null; item_id?: string; quantity: number }[];
  /** Returned units beyond what the matching order lines may still return. */
  exceeded: { channel_sku: string; requested: number; returnable: number }[];
}

/**
 * Spreads each returned item over the order's lines of its channel SKU (first line first), never above what a
 * line may still return. Items with no such line are unmatched; units left over are exceeded.
 */
export function matchReturnLines(
  items: MarketplaceReturnLine[],
  orderLines: ReturnableLine[],
): MatchedReturnLines {
  const left = new Map(orderLines.map((l) => [l.id, l.returnable]));
  const result: MatchedReturnLines = { lines: [], unmatched: [], exceeded: [] };
  for (const item of items) {
    const candidates = item.channel_sku ? orderLines.filter((l) => l.channelSku === item.channel_sku) : [];
    if (candidates.length === 0) {
      result.unmatched.push({
        channel_sku: item.channel_sku,
        item_id: item.item_id,
        quantity: item.quantity,
      });
      continue;
    }
    const { taken, short } = spreadUnits(candidates, left, item.quantity);
    for (const { line, quantity } of taken) {
      const same = result.lines.find((l) => l.orderLineId === line.id && l.reason === item.reason);
      if (same) same.quantity += quantity;
      else
        result.lines.push({ orderLineId: line.id, quantity, reason: item.reason, note: item.channel_reason });
    }
    if (short > 0) {
      const returnable = candidates.reduce((s, l) => s + l.returnable, 0);
      result.exceeded.push({ channel_sku: item.channel_sku!, requested: item.quantity, returnable });
    }
  }
  return result;
}

/**
 * The RMA status a marketplace state moves an RMA to, when that move is legal from where it is; null when it
 * stays. A delivered parcel counts as shipped: `received` is only ever set by our own scan, and `closed`
 * follows from the channel's refund once the units are inspected (see closeIfSettled), not from here.
 */
export function marketplaceMove(current: ReturnStatus, state: MarketplaceReturnState): ReturnStatus | null {
  if ((state === 'in_transit' || state === 'delivered') && ['approved', 'label_sent'].includes(current))
    return 'in_transit';
  if (state === 'cancelled' && ['requested', 'approved', 'label_sent'].includes(current)) return 'cancelled';
  return null;
}
