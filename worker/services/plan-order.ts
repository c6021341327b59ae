import type { Database } from '../../db/client';
import type { LineHoldRequest } from '../../durable-objects/inventory-types';
import { lineId } from '../domain/ids';
import { type Point, type RoutingLocation, rankLocations, routeOrder } from '../domain/routing';
import { ApiError } from '../http/errors';
import type { CreateOrderInput } from '../schemas/orders';
import { routingLocations } from './location-cache';
import { inventoryOf, toRoutingLocation } from './stock';

export interface PlannedLine {
  id: string;
  lineNo: number;
  channelSku: string;
  /** Our SKU, or null when nothing matched (the order goes on hold). */
  sku: string | null;
  name: string | null;
  quantity: number;
  unitPrice: number;
}

export interface OrderPlan {
  lines: PlannedLine[];
  /** Per SKU, the holds to ask its DO for. */
  requests: Map<string, LineHoldRequest[]>;
  locations: RoutingLocation[];
  shipTo: Point | null;
}

export const shipToPoint = (shipTo: { lat?: number; lng?: number } | null | undefined): Point | null =>
  shipTo && shipTo.lat !== undefined && shipTo.lng !== undefined
    ? { lat: shipTo.lat, lng: shipTo.lng }
    : null;

/**
 * Decides what to ask each SKU's DO for. An order of one SKU needs no stock snapshot: its DO applies the
 * same ranking itself. An order of several SKUs is routed on a snapshot to keep shipments few; the DOs
 * then fall back along the ranking if a planned location sold out meanwhile.
 */
export async function planOrder(
  env: Env,
  db: Database,
  orderId: string,
  input: CreateOrderInput,
  skuMap: Map<string, string>,
): Promise<OrderPlan> {
  const locations = (await routingLocations(db)).map(toRoutingLocation);
  const shipTo = shipToPoint(input.ship_to);
  const pickup = input.fulfillment?.method === 'pickup' ? input.fulfillment.location : undefined;
  if (pickup && !locations.some((l) => l.code === pickup && l.kind === 'store')) {
    throw new ApiError(422, 'invalid_pickup_location', `${pickup} is not an active store`, {
      location: pickup,
    });
  }
  // a pickup order is served by its store alone: what that store lacks waits there (backordered)
  const ranked = pickup ? [pickup] : rankLocations(locations, shipTo).map((l) => l.code);
  const lines: PlannedLine[] = input.lines.map((l, i) => ({
    id: lineId(orderId, i + 1),
    lineNo: i + 1,
    channelSku: l.sku,
    sku: skuMap.get(l.sku) ?? null,
    name: l.name ?? null,
    quantity: l.quantity,
    unitPrice: l.unit_price,
  }));
  const matched = lines.filter((l): l is PlannedLine & { sku: string } => l.sku !== null);
  const skus = [...new Set(matched.map((l) => l.sku))];
  const planned = new Map<string, { location: string; quantity: number }[]>();
  if (!pickup && skus.length > 1 && ranked.length > 0) {
    const levels = await Promise.all(skus.map((s) => inventoryOf(env, s).levels()));
    const stock = Object.fromEntries(
      skus.map((s, i) => [s, Object.fromEntries(levels[i]!.map((l) => [l.location, l.atp]))]),
    );
    const route = routeOrder({
      lines: matched.map((l) => ({ key: l.id, sku: l.sku, quantity: l.quantity })),
      locations,
      stock,
      shipTo,
    });
    for (const lp of route.lines) planned.set(lp.key, lp.allocations);
  }
  const requests = new Map<string, LineHoldRequest[]>();
  for (const l of matched) {
    const list = requests.get(l.sku) ?? [];
    list.push({ key: l.id, quantity: l.quantity, plan: planned.get(l.id) ?? [], fallback: ranked });
    requests.set(l.sku, list);
  }
  return { lines, requests, locations, shipTo };
}
