import type { RoutingLocation } from '../domain/routing';
import type { LocationRow } from '../repo/catalog';

/** The SKU's InventoryDO: the one writer of its stock. */
export const inventoryOf = (env: Env, sku: string) => env.INVENTORY.getByName(sku);

export const toRoutingLocation = (l: LocationRow): RoutingLocation => ({
  code: l.code,
  name: l.name,
  kind: l.kind,
  lat: l.lat,
  lng: l.lng,
  priority: l.priority,
});

/** Releases holds in each SKU's DO; used to undo a capture or a fill that could not be stored. */
export async function releaseHolds(
  env: Env,
  holds: { sku: string; id: string }[],
  actor: string,
  reason: string,
) {
  const bySku = Map.groupBy(holds, (h) => h.sku);
  await Promise.all(
    [...bySku].map(([sku, hs]) =>
      inventoryOf(env, sku).release(
        hs.map((h) => h.id),
        { actor, reason },
      ),
    ),
  );
}
