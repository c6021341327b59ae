/** Demo data through the public API as the demo owner: every call is idempotent, so a restart changes nothing. */

const LOCATIONS = [
  {
    code: 'NJ-WH',
    name: 'Newark warehouse',
    kind: 'warehouse',
    address: { line1: '200 Port St', city: 'Newark', region: 'NJ', postal_code: '07114', country: 'US' },
    lat: 40.7089,
    lng: -74.1527,
    priority: 10,
  },
  {
    code: 'BK-STORE',
    name: 'Brooklyn store',
    kind: 'store',
    address: {
      line1: '120 Bedford Ave',
      city: 'Brooklyn',
      region: 'NY',
      postal_code: '11249',
      country: 'US',
    },
    lat: 40.7196,
    lng: -73.9566,
    priority: 50,
  },
  {
    code: 'LA-3PL',
    name: 'Los Angeles 3PL',
    kind: '3pl',
    address: {
      line1: '1800 E 7th St',
      city: 'Los Angeles',
      region: 'CA',
      postal_code: '90021',
      country: 'US',
    },
    lat: 34.0352,
    lng: -118.2353,
    priority: 20,
  },
];

const SKUS = [
  {
    sku: 'TOTE-NAT',
    name: 'Canvas tote, natural',
    barcodes: ['012345678905'],
    weight_grams: 240,
    cost: 620,
    cost_currency: 'USD',
    stock: { 'NJ-WH': 120, 'BK-STORE': 12, 'LA-3PL': 40 },
  },
  {
    sku: 'MUG-BLK-12',
    name: 'Stoneware mug 12oz, black',
    barcodes: ['5901234123457'],
    weight_grams: 410,
    cost: 380,
    cost_currency: 'USD',
    stock: { 'NJ-WH': 60, 'LA-3PL': 25 },
  },
  {
    sku: 'TEE-ORG-M',
    name: 'Organic tee, medium',
    barcodes: ['4006381333931'],
    weight_grams: 180,
    cost: 540,
    cost_currency: 'USD',
    stock: { 'BK-STORE': 8 },
  },
  {
    sku: 'CANDLE-FIG',
    name: 'Fig candle',
    barcodes: ['ITEM-0001'],
    weight_grams: 300,
    cost: 700,
    cost_currency: 'USD',
    stock: {},
  },
];

const ORDERS = [
  {
    channel: 'shopify',
    external_id: '#1001',
    lines: [{ sku: 'TOTE-NAT', quantity: 2, unit_price: 2400 }],
    ship_to: {
      name: 'Ada Lovelace',
      line1: '5 Court St',
      city: 'Brooklyn',
      region: 'NY',
      country: 'US',
      lat: 40.6928,
      lng: -73.9903,
    },
  },
  {
    channel: 'amazon',
    external_id: '113-4455667-1234567',
    lines: [
      { sku: 'MUG-BLK-12', quantity: 1, unit_price: 1800 },
      { sku: 'TOTE-NAT', quantity: 1, unit_price: 2400 },
    ],
    ship_to: {
      name: 'Grace Hopper',
      line1: '1 Ocean Ave',
      city: 'Santa Monica',
      region: 'CA',
      country: 'US',
      lat: 34.0195,
      lng: -118.4912,
    },
  },
  {
    channel: 'etsy',
    external_id: '3099123456',
    lines: [{ sku: 'CANDLE-FIG', quantity: 3, unit_price: 2200 }],
    ship_to: {
      name: 'Alan Turing',
      line1: '9 Elm St',
      city: 'Boston',
      region: 'MA',
      country: 'US',
      lat: 42.3601,
      lng: -71.0589,
    },
  },
  {
    channel: 'pos',
    external_id: 'BK-0001',
    lines: [{ sku: 'TEE-ORG-M', quantity: 1, unit_price: 3200 }],
    ship_to: { name: 'Walk-in', country: 'US', lat: 40.7196, lng: -73.9566 },
  },
  {
    channel: 'ebay',
    external_id: '12-34567-89012',
    lines: [{ sku: 'EBAY-LISTING-77', quantity: 1, unit_price: 1500 }],
    ship_to: {
      name: 'Katherine Johnson',
      city: 'Hampton',
      region: 'VA',
      country: 'US',
      lat: 37.0299,
      lng: -76.3452,
    },
  },
];

/**
 * Demo data through the public API, idempotently. `ordersPerHour` > 0 adds dummy orders from a sandbox
 * channel on the cron, so the demo keeps moving (off for the journeys, which count orders exactly).
 */
export async function seedDemo(base, email, password, { ordersPerHour = 0 } = {}) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`demo sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const post = async (path, body, key) => {
    const headers = { 'content-type': 'application/json', cookie };
    if (key) headers['idempotency-key'] = key;
    const res = await fetch(`${base}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!res.ok && res.status !== 409) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.status;
  };
  for (const l of LOCATIONS) await post('/locations', l);
  for (const { stock, ...s } of SKUS) {
    await post('/skus', s);
    for (const [location, quantity] of Object.entries(stock)) {
      await post(
        `/inventory/${s.sku}/movements`,
        { type: 'receive', location, quantity, reason: 'demo opening stock' },
        `demo-${s.sku}-${location}`,
      );
    }
  }
  for (const o of ORDERS) await post('/orders', { currency: 'USD', ...o });
  const channels = await fetch(`${base}/api/v1/channels`, { headers: { cookie } }).then((r) => r.json());
  if (!channels.data.some((c) => c.type === 'sandbox')) {
    await post('/channels', {
      type: 'sandbox',
      name: 'Sandbox (dummy orders)',
      config: { orders_per_hour: ordersPerHour },
    });
  }
}
