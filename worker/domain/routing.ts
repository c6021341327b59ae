/** Routing v1: which locations an order's lines ship from, and a sentence saying why. */
import { fillLine } from './fill-line';

export type LocationKind = 'warehouse' | 'store' | '3pl' | 'dropship';

export interface RoutingLocation {
  code: string;
  name: string;
  kind: LocationKind;
  lat: number;
  lng: number;
  /** Lower number = preferred. */
  priority: number;
}

export interface RouteLine {
  key: string;
  sku: string;
  quantity: number;
}

export interface Point {
  lat: number;
  lng: number;
}

export interface RouteInput {
  lines: RouteLine[];
  /** Candidate locations, already filtered to active ones. */
  locations: RoutingLocation[];
  /** sku -> location code -> units that may be promised (ATP). */
  stock: Record<string, Record<string, number>>;
  shipTo?: Point | null;
  /** Allowed kinds; all four when omitted. */
  kinds?: LocationKind[];
}

export interface LinePlan {
  key: string;
  sku: string;
  allocations: { location: string; quantity: number }[];
  backordered: number;
}

export interface RoutePlan {
  lines: LinePlan[];
  /** Allowed location codes in rank order, ignoring stock: the stock store's fallbacks. */
  ranked: string[];
  explanation: string;
}

const EARTH_RADIUS_KM = 6371;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in kilometres. */
export function haversineKm(a: Point, b: Point): number {
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Allowed locations, nearest first when a ship-to is known, then by priority, then by code. */
export function rankLocations(locations: RoutingLocation[], shipTo?: Point | null, kinds?: LocationKind[]) {
  const distance = (l: RoutingLocation) => (shipTo ? haversineKm(shipTo, l) : 0);
  return locations
    .filter((l) => !kinds || kinds.includes(l.kind))
    .map((l) => ({ l, km: distance(l) }))
    .sort(
      (a, b) =>
        a.km - b.km ||
        a.l.priority - b.l.priority ||
        (a.l.code < b.l.code ? -1 : a.l.code > b.l.code ? 1 : 0),
    )
    .map(({ l }) => l);
}

/** Plans the fewest shipments that fill the order; never promises more than `stock`, never mutates the input. */
export function routeOrder(input: RouteInput): RoutePlan {
  const ranked = rankLocations(input.locations, input.shipTo, input.kinds);
  const codes = ranked.map((l) => l.code);
  const available = new Map<string, Map<string, number>>();
  const stockOf = (sku: string) => {
    let bySku = available.get(sku);
    if (!bySku) {
      bySku = new Map(codes.map((c) => [c, Math.max(0, input.stock[sku]?.[c] ?? 0)]));
      available.set(sku, bySku);
    }
    return bySku;
  };
  // Lines sharing a SKU draw on the same units, so coverage is simulated against one running count.
  const coveredBy = (code: string, open: number[]) => {
    const left = new Map<string, number>();
    return open.filter((i) => {
      const { sku, quantity } = input.lines[i]!;
      const free = left.get(sku) ?? stockOf(sku).get(code) ?? 0;
      if (free < quantity) return false;
      left.set(sku, free - quantity);
      return true;
    });
  };

  const plans: LinePlan[] = input.lines.map(({ key, sku }) => ({
    key,
    sku,
    allocations: [],
    backordered: 0,
  }));
  const chosen = new Set<string>();
  let open = input.lines.flatMap((l, i) => (l.quantity > 0 ? [i] : []));
  // Greedy set cover; a location holding every line wins the first round, so no separate check is needed.
  while (open.length > 0) {
    let best: { code: string; lines: number[] } | undefined;
    for (const code of codes) {
      const lines = coveredBy(code, open);
      if (lines.length > (best?.lines.length ?? 0)) best = { code, lines };
    }
    if (!best) break;
    for (const i of best.lines) {
      const { sku, quantity } = input.lines[i]!;
      const bySku = stockOf(sku);
      bySku.set(best.code, (bySku.get(best.code) ?? 0) - quantity);
      plans[i]!.allocations.push({ location: best.code, quantity });
    }
    chosen.add(best.code);
    const done = new Set(best.lines);
    open = open.filter((i) => !done.has(i));
  }
  // No single location can fill what is left: split, preferring shipments already planned.
  for (const i of open) {
    const { sku, quantity } = input.lines[i]!;
    const order = [...codes.filter((c) => chosen.has(c)), ...codes.filter((c) => !chosen.has(c))];
    const fill = fillLine(stockOf(sku), quantity, [], order);
    for (const t of fill.takes) chosen.add(t.location);
    plans[i]!.allocations.push(...fill.takes);
    plans[i]!.backordered = fill.backordered;
  }

  const stocked = ranked.filter((l) =>
    input.lines.some((line) => (input.stock[line.sku]?.[l.code] ?? 0) > 0),
  );
  const explanation = explainRouting(plans, ranked, stocked, Boolean(input.shipTo));
  return { lines: plans, ranked: codes, explanation };
}

function explainRouting(
  plans: LinePlan[],
  ranked: RoutingLocation[],
  stocked: RoutingLocation[],
  near: boolean,
) {
  const used = ranked.filter((l) => plans.some((p) => p.allocations.some((a) => a.location === l.code)));
  const backordered = plans.reduce((n, p) => n + p.backordered, 0);
  const short = backordered === 1 ? '1 unit backordered' : `${backordered} units backordered`;
  const best = near ? 'nearest' : 'highest priority';
  if (used.length === 0) return backordered > 0 ? `No location has stock: ${short}` : 'Nothing to ship';
  let sentence: string;
  if (used.length === 1) {
    const reason =
      stocked.length === 1
        ? 'the only location with stock'
        : stocked[0] === used[0]
          ? `${best} with stock`
          : backordered === 0
            ? `${best} with every item`
            : 'most items in one shipment';
    sentence = `Ships from ${used[0]!.name}: ${reason}`;
  } else {
    const names = used.map((l) => l.name);
    sentence = `Split across ${names.slice(0, -1).join(', ')} and ${names.at(-1)}: no single location had every item`;
  }
  return backordered > 0 ? `${sentence}; ${short}` : sentence;
}
