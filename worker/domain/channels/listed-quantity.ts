/** How much of our available-to-promise a channel may show. Every field is optional; none means "all of it". */
export interface StockRules {
  /** Units always held back from this channel (the channel's stock buffer). */
  buffer?: number;
  /** Show only this share of what is available, rounded down (e.g. 50 on a marketplace we split stock with). */
  percent?: number;
  /** Never list more than this, whatever is in stock (a scarcity cap, or a marketplace's own maximum). */
  max_listed?: number;
  /** When fewer than this would be listed, list zero: the listing ends before the last units oversell. */
  end_when_below?: number;
}

/**
 * The quantity to publish for one listing: share, then buffer, then the end-when floor, then the cap.
 * The share comes first so the buffer is held back in whole units from what this channel may see.
 */
export function quantityToList(atp: number, rules: StockRules): number {
  let quantity = Math.max(0, Math.floor(atp));
  if (rules.percent !== undefined) quantity = Math.floor((quantity * rules.percent) / 100);
  quantity = Math.max(0, quantity - (rules.buffer ?? 0));
  if (rules.end_when_below !== undefined && quantity < rules.end_when_below) quantity = 0;
  if (rules.max_listed !== undefined) quantity = Math.min(quantity, rules.max_listed);
  return quantity;
}
