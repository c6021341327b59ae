// The two workloads, as request bodies and the stock they need; the same for Switchyard and the peer.
import { request } from './load.mjs';

export const LOCATION = {
  code: 'WH1',
  name: 'Bench warehouse',
  kind: 'warehouse',
  address: {},
  lat: 40.7,
  lng: -74,
};
export const HOT_SKU = 'HOT-1';
export const MIXED_SKUS = Array.from({ length: 50 }, (_, i) => `MIX-${String(i + 1).padStart(2, '0')}`);
const SHIP_TO = { name: 'Bench', lat: 40.73, lng: -73.99 };

/** P1: one unit of the hot SKU (or `sku`) per order; every external_id is new. */
export const hotOrder =
  (prefix, sku = HOT_SKU) =>
  (i) => ({
    channel: 'bench',
    external_id: `${prefix}-${i}`,
    currency: 'USD',
    lines: [{ sku, quantity: 1, unit_price: 1999 }],
    ship_to: SHIP_TO,
  });

/** P3: three different SKUs out of 50, one to three units each. */
export const mixedOrder = (prefix) => (i) => {
  const picked = new Set();
  while (picked.size < 3) picked.add(MIXED_SKUS[Math.floor(Math.random() * MIXED_SKUS.length)]);
  return {
    channel: 'bench',
    external_id: `${prefix}-${i}`,
    currency: 'USD',
    lines: [...picked].map((sku) => ({ sku, quantity: 1 + (i % 3), unit_price: 1250 })),
    ship_to: SHIP_TO,
  };
};

/** Units of `sku` allocated in an order answer (both targets answer `lines[].allocations[]`). */
export const allocatedUnits = (body, sku) =>
  (body?.lines ?? [])
    .filter((l) => l.sku === sku)
    .flatMap((l) => l.allocations ?? [])
    .reduce((sum, a) => sum + a.quantity, 0);

/** Creates SKUs and receives stock through Switchyard's API, `parallel` calls at a time. */
export async function stockSwitchyard(sy, skus, quantity, parallel = 8) {
  const call = async (method, path, body, ok) => {
    const r = await request(undefined, sy.direct, method, path, body, sy.headers);
    if (!ok.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  await call('POST', '/api/v1/locations', LOCATION, [201, 409]);
  const todo = [...skus];
  const worker = async () => {
    for (let sku = todo.shift(); sku; sku = todo.shift()) {
      await call('POST', '/api/v1/skus', { sku, name: sku }, [201, 409]);
      await call(
        'POST',
        `/api/v1/inventory/${sku}/movements`,
        { type: 'receive', location: LOCATION.code, quantity },
        [200, 201],
      );
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** Switchyard's stock of one SKU at the bench location. */
export async function switchyardLevel(sy, sku) {
  const r = await request(undefined, sy.direct, 'GET', `/api/v1/inventory/${sku}`, undefined, sy.headers);
  return r.body.locations.find((l) => l.location === LOCATION.code);
}
