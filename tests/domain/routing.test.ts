import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  haversineKm,
  type LocationKind,
  type RouteInput,
  type RoutePlan,
  type RoutingLocation,
  rankLocations,
  routeOrder,
} from '../../worker/domain/routing';

const MAIN: RoutingLocation = {
  code: 'MAIN',
  name: 'Main warehouse',
  kind: 'warehouse',
  lat: 40.7895,
  lng: -74.0565,
  priority: 1,
};
const BKN: RoutingLocation = {
  code: 'BKN',
  name: 'Brooklyn store',
  kind: 'store',
  lat: 40.6782,
  lng: -73.9442,
  priority: 5,
};
const LAX: RoutingLocation = {
  code: 'LAX',
  name: 'LA warehouse',
  kind: 'warehouse',
  lat: 34.0522,
  lng: -118.2437,
  priority: 2,
};
const DROP: RoutingLocation = {
  code: 'DROP',
  name: 'Dropship vendor',
  kind: 'dropship',
  lat: 41.8781,
  lng: -87.6298,
  priority: 0,
};
const PARK_SLOPE = { lat: 40.671, lng: -73.9814 };
const NYC = { lat: 40.7128, lng: -74.006 };
const LA = { lat: 34.0522, lng: -118.2437 };

const line = (key: string, sku: string, quantity: number) => ({ key, sku, quantity });

/** One readable string per line key: "BKN 4, MAIN 1, backordered 2". */
function shipped(plan: RoutePlan): Record<string, string> {
  return Object.fromEntries(
    plan.lines.map((l) => [
      l.key,
      [
        ...l.allocations.map((a) => `${a.location} ${a.quantity}`),
        ...(l.backordered > 0 ? [`backordered ${l.backordered}`] : []),
      ].join(', '),
    ]),
  );
}

describe('routeOrder', () => {
  const cases: { name: string; input: RouteInput; shipped: Record<string, string>; explanation: string }[] = [
    {
      name: 'ships everything from a single location that has every line',
      input: {
        lines: [line('a', 'A', 2), line('b', 'B', 2)],
        locations: [MAIN, BKN],
        stock: { A: { MAIN: 5 }, B: { MAIN: 2, BKN: 1 } },
        shipTo: PARK_SLOPE,
      },
      shipped: { a: 'MAIN 2', b: 'MAIN 2' },
      explanation: 'Ships from Main warehouse: nearest with every item',
    },
    {
      name: 'prefers the nearest location over priority when a ship-to is given',
      input: {
        lines: [line('a', 'A', 2)],
        locations: [MAIN, BKN],
        stock: { A: { MAIN: 5, BKN: 5 } },
        shipTo: PARK_SLOPE,
      },
      shipped: { a: 'BKN 2' },
      explanation: 'Ships from Brooklyn store: nearest with stock',
    },
    {
      name: 'prefers priority when there is no ship-to',
      input: { lines: [line('a', 'A', 2)], locations: [BKN, MAIN], stock: { A: { MAIN: 5, BKN: 5 } } },
      shipped: { a: 'MAIN 2' },
      explanation: 'Ships from Main warehouse: highest priority with stock',
    },
    {
      name: 'prefers a far location with everything over a near one with half (fewest shipments)',
      input: {
        lines: [line('a', 'A', 1), line('b', 'B', 1)],
        locations: [BKN, LAX],
        stock: { A: { BKN: 9, LAX: 1 }, B: { LAX: 1 } },
        shipTo: PARK_SLOPE,
      },
      shipped: { a: 'LAX 1', b: 'LAX 1' },
      explanation: 'Ships from LA warehouse: nearest with every item',
    },
    {
      name: 'splits a line across locations when none can fill it alone',
      input: {
        lines: [line('a', 'A', 5)],
        locations: [MAIN, BKN],
        stock: { A: { MAIN: 3, BKN: 4 } },
        shipTo: PARK_SLOPE,
      },
      shipped: { a: 'BKN 4, MAIN 1' },
      explanation: 'Split across Brooklyn store and Main warehouse: no single location had every item',
    },
    {
      name: 'splits a line onto a location that already ships before adding a nearer one',
      input: {
        lines: [line('a', 'B', 1), line('b', 'A', 5)],
        locations: [MAIN, BKN],
        stock: { A: { MAIN: 2, BKN: 4 }, B: { MAIN: 1 } },
        shipTo: PARK_SLOPE,
      },
      shipped: { a: 'MAIN 1', b: 'MAIN 2, BKN 3' },
      explanation: 'Split across Brooklyn store and Main warehouse: no single location had every item',
    },
    {
      name: 'backorders what no location has',
      input: { lines: [line('a', 'A', 5)], locations: [MAIN, BKN], stock: { A: { BKN: 3 } } },
      shipped: { a: 'BKN 3, backordered 2' },
      explanation: 'Ships from Brooklyn store: the only location with stock; 2 units backordered',
    },
    {
      name: 'splits in priority order when there is no ship-to',
      input: { lines: [line('a', 'A', 4)], locations: [MAIN, BKN], stock: { A: { BKN: 3, MAIN: 1 } } },
      shipped: { a: 'MAIN 1, BKN 3' },
      explanation: 'Split across Main warehouse and Brooklyn store: no single location had every item',
    },
    {
      name: 'backorders the whole order when no location has stock',
      input: { lines: [line('a', 'A', 1), line('b', 'B', 2)], locations: [MAIN, BKN], stock: {} },
      shipped: { a: 'backordered 1', b: 'backordered 2' },
      explanation: 'No location has stock: 3 units backordered',
    },
    {
      name: 'skips a nearer location of a kind that is not allowed',
      input: {
        lines: [line('a', 'A', 1)],
        locations: [MAIN, BKN],
        stock: { A: { MAIN: 5, BKN: 5 } },
        shipTo: PARK_SLOPE,
        kinds: ['warehouse'],
      },
      shipped: { a: 'MAIN 1' },
      explanation: 'Ships from Main warehouse: the only location with stock',
    },
    {
      name: 'does not count the same units twice for two lines of one SKU',
      input: {
        lines: [line('a', 'A', 3), line('b', 'A', 3)],
        locations: [MAIN, BKN],
        stock: { A: { MAIN: 4, BKN: 4 } },
      },
      shipped: { a: 'MAIN 3', b: 'BKN 3' },
      explanation: 'Split across Main warehouse and Brooklyn store: no single location had every item',
    },
    {
      name: 'backorders the second line of a SKU once the first has used the stock',
      input: { lines: [line('a', 'A', 3), line('b', 'A', 3)], locations: [MAIN], stock: { A: { MAIN: 4 } } },
      shipped: { a: 'MAIN 3', b: 'MAIN 1, backordered 2' },
      explanation: 'Ships from Main warehouse: the only location with stock; 2 units backordered',
    },
    {
      name: 'names every location of a three-way split, in rank order',
      input: {
        lines: [line('a', 'A', 1), line('b', 'B', 1), line('c', 'C', 1)],
        locations: [LAX, BKN, MAIN],
        stock: { A: { MAIN: 1 }, B: { BKN: 1 }, C: { LAX: 1 } },
        shipTo: NYC,
      },
      shipped: { a: 'MAIN 1', b: 'BKN 1', c: 'LAX 1' },
      explanation:
        'Split across Brooklyn store, Main warehouse and LA warehouse: no single location had every item',
    },
    {
      name: 'explains a single shipment that covers the most items when one line is backordered',
      input: {
        lines: [line('a', 'A', 5), line('b', 'B', 5)],
        locations: [MAIN, BKN],
        stock: { A: { MAIN: 1, BKN: 5 }, B: { BKN: 4 } },
      },
      shipped: { a: 'BKN 5', b: 'BKN 4, backordered 1' },
      explanation: 'Ships from Brooklyn store: most items in one shipment; 1 unit backordered',
    },
  ];

  it.each(cases)('$name', ({ input, shipped: expected, explanation }) => {
    const plan = routeOrder(input);
    expect(shipped(plan)).toEqual(expected);
    expect(plan.explanation).toBe(explanation);
  });

  it('lists every allowed location in rank order, with or without stock', () => {
    const plan = routeOrder({
      lines: [line('a', 'A', 1)],
      locations: [DROP, LAX, MAIN, BKN],
      stock: {},
      shipTo: PARK_SLOPE,
      kinds: ['warehouse', 'store'],
    });
    expect(plan.ranked).toEqual(['BKN', 'MAIN', 'LAX']);
  });

  it('ships nothing and backorders nothing for a zero-quantity line', () => {
    const plan = routeOrder({ lines: [line('a', 'A', 0)], locations: [MAIN], stock: { A: { MAIN: 5 } } });
    expect(shipped(plan)).toEqual({ a: '' });
    expect(plan.explanation).toBe('Nothing to ship');
  });

  it('leaves its input unchanged', () => {
    const input: RouteInput = {
      lines: [line('a', 'A', 3), line('b', 'A', 4), line('c', 'B', 9)],
      locations: [MAIN, BKN, LAX],
      stock: { A: { MAIN: 4, BKN: 4 }, B: { LAX: 2, BKN: 3 } },
      shipTo: PARK_SLOPE,
      kinds: ['warehouse', 'store'],
    };
    const before = structuredClone(input);
    routeOrder(input);
    expect(input).toEqual(before);
  });
});

describe('rankLocations', () => {
  it('orders by distance, then priority, then code', () => {
    const twin = { ...MAIN, code: 'AAA' };
    expect(rankLocations([LAX, MAIN, twin, BKN], PARK_SLOPE).map((l) => l.code)).toEqual([
      'BKN',
      'AAA',
      'MAIN',
      'LAX',
    ]);
  });

  it('orders by priority then code without a ship-to', () => {
    const sameAsLax = { ...LAX, code: 'ABC' };
    expect(rankLocations([BKN, LAX, MAIN, DROP, sameAsLax], null).map((l) => l.code)).toEqual([
      'DROP',
      'MAIN',
      'ABC',
      'LAX',
      'BKN',
    ]);
  });
});

describe('haversineKm', () => {
  it('puts New York about 3936 km from Los Angeles', () => {
    expect(Math.abs(haversineKm(NYC, LA) - 3936)).toBeLessThan(10);
  });

  it('is zero from a point to itself and the same in both directions', () => {
    expect(haversineKm(NYC, NYC)).toBe(0);
    expect(haversineKm(LA, NYC)).toBeCloseTo(haversineKm(NYC, LA), 9);
  });
});

describe('routeOrder, for any stock and lines', () => {
  const skus = ['A', 'B', 'C'];
  const pool = [MAIN, BKN, LAX, DROP];
  const kinds: LocationKind[] = ['warehouse', 'store', '3pl', 'dropship'];
  const arbitraryInput = fc.record({
    lines: fc.array(fc.record({ sku: fc.constantFrom(...skus), quantity: fc.integer({ min: 0, max: 12 }) }), {
      maxLength: 6,
    }),
    stock: fc.dictionary(
      fc.constantFrom(...skus),
      fc.dictionary(fc.constantFrom(...pool.map((l) => l.code)), fc.integer({ min: 0, max: 10 })),
    ),
    locations: fc.subarray(pool),
    shipTo: fc.option(
      fc.record({
        lat: fc.double({ min: -90, max: 90, noNaN: true }),
        lng: fc.double({ min: -180, max: 180, noNaN: true }),
      }),
    ),
    kinds: fc.option(fc.subarray(kinds), { nil: undefined }),
  });

  it('never promises more than the stock and accounts for every unit', () => {
    fc.assert(
      fc.property(arbitraryInput, (raw) => {
        const input: RouteInput = { ...raw, lines: raw.lines.map((l, i) => ({ key: `l${i}`, ...l })) };
        const plan = routeOrder(input);
        const allowed = new Set(plan.ranked);
        const promised = new Map<string, number>();
        plan.lines.forEach((p, i) => {
          const allocated = p.allocations.reduce((n, a) => n + a.quantity, 0);
          expect(allocated + p.backordered).toBe(input.lines[i]!.quantity);
          for (const a of p.allocations) {
            expect(allowed.has(a.location)).toBe(true);
            expect(a.quantity).toBeGreaterThan(0);
            const k = `${p.sku}@${a.location}`;
            promised.set(k, (promised.get(k) ?? 0) + a.quantity);
          }
        });
        for (const [k, n] of promised) {
          const [sku, location] = k.split('@') as [string, string];
          expect(n).toBeLessThanOrEqual(input.stock[sku]?.[location] ?? 0);
        }
      }),
    );
  });
});
