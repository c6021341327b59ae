import { expect } from 'vitest';
import { type Caller, call, uid } from './api';

export async function makeLocation(as: Caller, over: Record<string, unknown> = {}) {
  const body = {
    code: `LOC-${uid()}`,
    name: 'Main warehouse',
    kind: 'warehouse',
    address: { line1: '1 Dock St', city: 'Newark', country: 'US' },
    lat: 40.7357,
    lng: -74.1724,
    ...over,
  };
  const res = await call('POST', '/api/v1/locations', { as, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { code: string; name: string };
}

export async function makeSku(as: Caller, over: Record<string, unknown> = {}) {
  const body = { sku: `SKU-${uid()}`, name: 'Canvas tote', ...over };
  const res = await call('POST', '/api/v1/skus', { as, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { sku: string };
}

export async function receive(as: Caller, sku: string, location: string, quantity: number) {
  const res = await call('POST', `/api/v1/inventory/${sku}/movements`, {
    as,
    body: { type: 'receive', location, quantity },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export const orderBody = (
  lines: { sku: string; quantity: number; unit_price?: number }[],
  over: Record<string, unknown> = {},
) => ({
  channel: 'manual',
  external_id: `EXT-${uid()}`,
  currency: 'USD',
  lines: lines.map((l) => ({ unit_price: 1500, ...l })),
  ship_to: {
    name: 'Ada Lovelace',
    line1: '5 Main St',
    city: 'Brooklyn',
    country: 'US',
    lat: 40.6782,
    lng: -73.9442,
  },
  ...over,
});

export async function stockAt(as: Caller, sku: string, location: string) {
  const res = await call('GET', `/api/v1/inventory/${sku}`, { as });
  expect(res.status).toBe(200);
  const row = res.body.locations.find((l: { location: string }) => l.location === location);
  return row ?? { location, on_hand: 0, reserved: 0, available: 0 };
}

/** An allocated one-line order at a new location, picked and packed in one 900 g package: ready for a label. */
export async function packedShipment(as: Caller) {
  const loc = await makeLocation(as, {
    address: { line1: '1 Dock St', city: 'Newark', region: 'NJ', postal_code: '07114', country: 'US' },
  });
  const { sku } = await makeSku(as);
  await receive(as, sku, loc.code, 5);
  const order = (await call('POST', '/api/v1/orders', { as, body: orderBody([{ sku, quantity: 1 }]) })).body;
  const list = (await call('POST', '/api/v1/pick-lists', { as, body: { location: loc.code } })).body;
  await call('POST', `/api/v1/pick-lists/${list.id}/picks`, {
    as,
    body: { op_id: `op-${crypto.randomUUID()}`, code: sku },
  });
  const shipment = list.shipments[0].id as string;
  const packed = await call('POST', `/api/v1/shipments/${shipment}/pack`, {
    as,
    body: {
      scans: [{ code: sku }],
      packages: [{ weight_grams: 900, length_mm: 300, width_mm: 200, height_mm: 100 }],
    },
  });
  expect(packed.body.status).toBe('packed');
  return { shipment, order, sku, location: loc.code };
}
