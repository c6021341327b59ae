/** A channel's refund read as a return: which of our order lines came back, and how many. */

export interface ChannelRefundLine {
  line_item_id: string;
  quantity: number;
  restock_type: string;
}

export interface ChannelReturnLines {
  lines: { orderLineId: string; quantity: number }[];
  /** Returned line items that match no order line (by the channel SKU the order was captured with). */
  unmatched: string[];
}

/**
 * Only lines the channel marks as returned (`restock_type: return`) are a return; a refund that cancels
 * unshipped units or moves money only is not. Lines of the same order line add up.
 */
export function returnLinesFromChannelRefund(
  refundLines: ChannelRefundLine[],
  channelSkus: Record<string, string | null>,
  orderLines: { id: string; channelSku: string }[],
): ChannelReturnLines {
  const quantities = new Map<string, number>();
  const unmatched: string[] = [];
  for (const line of refundLines) {
    if (line.restock_type !== 'return' || line.quantity === 0) continue;
    const sku = channelSkus[line.line_item_id];
    const match = sku ? orderLines.find((l) => l.channelSku === sku) : undefined;
    if (!match) {
      unmatched.push(line.line_item_id);
      continue;
    }
    quantities.set(match.id, (quantities.get(match.id) ?? 0) + line.quantity);
  }
  return { lines: [...quantities].map(([orderLineId, quantity]) => ({ orderLineId, quantity })), unmatched };
}

export interface ChannelReturnLine {
  line_item_id: string;
  quantity: number;
  reason: string;
  note?: string;
}

export interface MappedReturnLines<R extends ChannelReturnLine> {
  lines: (Omit<R, 'line_item_id'> & { orderLineId: string })[];
  /** Returned line items that match no order line (by the channel SKU the order was captured with). */
  unmatched: string[];
}

/**
 * A channel's return lines on our order lines: each line item is matched by its channel SKU; lines of the same
 * order line add up and keep the first line's reason.
 */
export function returnLinesFromChannelReturn<R extends ChannelReturnLine>(
  returnLines: R[],
  channelSkus: Record<string, string | null>,
  orderLines: { id: string; channelSku: string }[],
): MappedReturnLines<R> {
  const byLine = new Map<string, Omit<R, 'line_item_id'> & { orderLineId: string }>();
  const unmatched: string[] = [];
  for (const { line_item_id, ...line } of returnLines) {
    const sku = channelSkus[line_item_id];
    const match = sku ? orderLines.find((l) => l.channelSku === sku) : undefined;
    if (!match) {
      unmatched.push(line_item_id);
      continue;
    }
    const seen = byLine.get(match.id);
    if (seen) seen.quantity += line.quantity;
    else byLine.set(match.id, { ...line, orderLineId: match.id });
  }
  return { lines: [...byLine.values()], unmatched };
}
