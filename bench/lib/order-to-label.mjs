// P-label: the system's share of order-to-label time, against a local EasyPost replaying the published
// payloads: capture -> pick list -> scan -> pack -> label, one order at a time (everything but the human).
import { startFakeEasyPost } from '../../tests/node/easypost-server.ts';
import { request } from './load.mjs';

const SKU = 'LABEL-1';
// its own location, so its pick lists hold only these orders (P1 and P3 leave thousands waiting at WH1)
const LOCATION = {
  code: 'WH-LABEL',
  name: 'Label bench',
  kind: 'warehouse',
  address: { line1: '2 Dock St', city: 'Newark', region: 'NJ', postal_code: '07114', country: 'US' },
  lat: 40.7,
  lng: -74.1,
};

export async function orderToLabel(sy, orders = 30) {
  const easypost = await startFakeEasyPost();
  const call = async (method, path, body) => {
    const r = await request(undefined, sy.direct, method, path, body, sy.headers);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  try {
    await call('POST', '/api/v1/locations', LOCATION);
    await call('POST', '/api/v1/skus', { sku: SKU, name: SKU });
    await call('POST', `/api/v1/inventory/${SKU}/movements`, {
      type: 'receive',
      location: LOCATION.code,
      quantity: orders,
    });
    const account = await call('POST', '/api/v1/carrier-accounts', {
      provider: 'easypost',
      name: 'bench',
      is_default: true,
      config: { api_key: `EZ-ok-bench-${Date.now()}`, api_base_url: easypost.url },
    });
    const times = [];
    for (let i = 0; i < orders; i++) {
      const t0 = performance.now();
      await call('POST', '/api/v1/orders', {
        channel: 'bench',
        external_id: `label-${Date.now()}-${i}`,
        currency: 'USD',
        lines: [{ sku: SKU, quantity: 1, unit_price: 1500 }],
        ship_to: {
          name: 'Bench',
          line1: '1 Main St',
          city: 'Newark',
          region: 'NJ',
          postal_code: '07102',
          country: 'US',
          lat: 40.73,
          lng: -74.17,
        },
      });
      const list = await call('POST', '/api/v1/pick-lists', { location: LOCATION.code, max_shipments: 1 });
      const shipment = list.shipments[0].id;
      await call('POST', `/api/v1/pick-lists/${list.id}/picks`, {
        op_id: `bench-${crypto.randomUUID()}`,
        code: SKU,
      });
      await call('POST', `/api/v1/shipments/${shipment}/pack`, {
        scans: [{ code: SKU }],
        packages: [{ weight_grams: 500 }],
      });
      const labelled = await call('POST', `/api/v1/shipments/${shipment}/label`, {
        carrier_account: account.id,
      });
      if (labelled.status !== 'label_purchased') throw new Error(`no label for ${shipment}`);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    return { orders, p50: at(0.5), p99: at(0.99) };
  } finally {
    await easypost.close();
  }
}
