/** How one line's quantity is taken from per-location stock: shared by routing and by the SKU's DO. */

export interface Take {
  location: string;
  quantity: number;
}

export interface Fill {
  takes: Take[];
  backordered: number;
}

/**
 * Takes `quantity` units from `available` (mutated), first from the planned locations, then from one
 * ranked location that can cover the whole remainder, then greedily in rank order; the rest is backordered.
 */
export function fillLine(
  available: Map<string, number>,
  quantity: number,
  plan: Take[],
  ranked: string[],
): Fill {
  const taken = new Map<string, number>();
  let remaining = quantity;
  const take = (location: string, wanted: number) => {
    const free = available.get(location) ?? 0;
    const n = Math.min(free, wanted);
    if (n <= 0) return;
    available.set(location, free - n);
    taken.set(location, (taken.get(location) ?? 0) + n);
    remaining -= n;
  };
  for (const p of plan) take(p.location, Math.min(p.quantity, remaining));
  if (remaining > 0) {
    const whole = ranked.find((loc) => (available.get(loc) ?? 0) >= remaining);
    if (whole) take(whole, remaining);
  }
  for (const loc of ranked) {
    if (remaining <= 0) break;
    take(loc, remaining);
  }
  return {
    takes: [...taken].map(([location, q]) => ({ location, quantity: q })),
    backordered: remaining,
  };
}
