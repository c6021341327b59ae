/** The sandbox channel: realistic dummy orders for the given SKUs, the same for the same seed. */
import { FIRST_NAMES, LAST_NAMES, PLACES, STREETS } from './sandbox-people';
import type { ChannelOrder } from './types';

export interface SandboxSku {
  sku: string;
  /** Minor units; when absent the sandbox prices the SKU itself, the same way for every seed. */
  unit_price?: number;
  name?: string;
}

export interface SandboxOptions {
  /** Same seed, SKUs and options: same orders, byte for byte. */
  seed: number | string;
  skus: SandboxSku[];
  count: number;
  /** Orders are placed between these instants (ISO), oldest first. */
  from: string;
  to: string;
  currency?: string;
  /** Share of orders (0..1) that arrive already cancelled. */
  cancelledShare?: number;
}

export const SANDBOX_MAX_ORDERS = 1000;

/** FNV-1a: turns a text seed into the 32-bit state the generator starts from. */
function hashSeed(seed: number | string): number {
  let h = 0x811c9dc5;
  for (const ch of String(seed)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** mulberry32: small, fast and well distributed; not for secrets, only for repeatable test data. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)]!;
  return { next, int, pick };
}

/** A price that looks like a shop's: 4.99 to 149.99, ending in 99, fixed by the SKU alone. */
const defaultPrice = (sku: string) => (generator(hashSeed(`price:${sku}`)).int(4, 149) + 1) * 100 - 1;

function check(options: SandboxOptions): { from: number; to: number } {
  const from = Date.parse(options.from);
  const to = Date.parse(options.to);
  if (Number.isNaN(from) || Number.isNaN(to) || from > to)
    throw new RangeError('from and to must be ordered instants');
  if (!Number.isInteger(options.count) || options.count < 0 || options.count > SANDBOX_MAX_ORDERS) {
    throw new RangeError(`count is 0 to ${SANDBOX_MAX_ORDERS}, got ${options.count}`);
  }
  if (options.skus.length === 0) throw new RangeError('the sandbox needs at least one SKU');
  for (const s of options.skus) {
    if (!s.sku.trim()) throw new RangeError('a sandbox SKU cannot be blank');
    if (s.unit_price !== undefined && !(Number.isSafeInteger(s.unit_price) && s.unit_price >= 0)) {
      throw new RangeError(`unit_price of ${s.sku} must be whole minor units`);
    }
  }
  return { from, to };
}

/**
 * `count` orders placed over [from, to], each with 1 to 3 distinct SKUs of the list, 1 to 3 units each,
 * a US address with coordinates (so routing has a distance to work with), shipping free over 50.00,
 * 8% tax and an occasional 10% discount. External ids are "SBX-<seed>-<n>", so a repeated run is
 * deduplicated by the order capture like any channel's redelivery.
 */
export function sandboxOrders(options: SandboxOptions): ChannelOrder[] {
  const { from, to } = check(options);
  const random = generator(hashSeed(options.seed));
  const times = Array.from(
    { length: options.count },
    () => from + Math.floor(random.next() * (to - from + 1)),
  );
  times.sort((a, b) => a - b);
  const seedTag =
    String(options.seed)
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 16) || '0';
  return times.map((placedAt, n) => {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const place = random.pick(PLACES);
    const pool = [...options.skus];
    const lines = Array.from({ length: Math.min(pool.length, random.int(1, 3)) }, () => {
      const s = pool.splice(random.int(0, pool.length - 1), 1)[0]!;
      const quantity = random.next() < 0.7 ? 1 : random.int(2, 3);
      return {
        sku: s.sku,
        quantity,
        unit_price: s.unit_price ?? defaultPrice(s.sku),
        ...(s.name ? { name: s.name } : {}),
      };
    });
    const subtotal = lines.reduce((total, l) => total + l.quantity * l.unit_price, 0);
    const discount = random.next() < 0.125 ? Math.round(subtotal / 10) : 0;
    const cancelled = random.next() < (options.cancelledShare ?? 0);
    const email = `${first}.${last}${random.int(1, 99)}@example.com`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '');
    return {
      order: {
        external_id: `SBX-${seedTag}-${String(n + 1).padStart(5, '0')}`,
        currency: options.currency ?? 'USD',
        placed_at: new Date(placedAt).toISOString(),
        customer: { name: `${first} ${last}`, email },
        lines,
        ship_to: {
          name: `${first} ${last}`,
          line1: `${random.int(1, 9999)} ${random.pick(STREETS)}`,
          city: place.city,
          region: place.region,
          postal_code: place.postal_code,
          country: 'US',
          phone: `555-01${String(random.int(0, 99)).padStart(2, '0')}`,
          lat: place.lat,
          lng: place.lng,
        },
        shipping_total: subtotal - discount >= 5000 ? 0 : 599,
        tax_total: Math.round((subtotal - discount) * 0.08),
        discount_total: discount,
      },
      status: cancelled ? 'cancelled' : 'open',
      updated_at: new Date(placedAt).toISOString(),
    };
  });
}
