import { ApiError, api, type BarcodeKind, type StockLevel } from './api.ts';
import { recall, remember } from './local-db.ts';
import { scanApi } from './scan-api.ts';

/** A SKU as the server last described it, with its stock per location at that moment. */
export interface Item {
  sku: string;
  name: string;
  barcodes: { barcode: string; kind: BarcodeKind }[];
  levels: StockLevel[];
  checked_at: string;
}

/**
 * What a scanned or typed code is: `known` (from the server, or from this phone's copy when offline),
 * `unknown` (the server has no such SKU or barcode), or `unchecked` (offline and never seen here).
 */
export type Identity =
  | { state: 'known'; item: Item; saved: boolean }
  | { state: 'unknown' }
  | { state: 'unchecked' };

const key = (code: string) => `item:${code}`;

// html5-qrcode may read a UPC-A label as EAN-13 with a leading 0
const spellings = (code: string) => (/^0\d{12}$/.test(code) ? [code, code.slice(1)] : [code]);

async function ask(code: string): Promise<Item | null> {
  try {
    const stock = await api.stock(code);
    const sku = await scanApi.sku(stock.sku);
    return {
      sku: sku.sku,
      name: sku.name,
      barcodes: sku.barcodes,
      levels: stock.locations,
      checked_at: new Date().toISOString(),
    };
  } catch (e) {
    // 400: not even a possible SKU or barcode
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return null;
    throw e;
  }
}

/** Asks the server what `code` is and keeps the answer for offline use; offline, answers from that copy. */
export async function identify(code: string): Promise<Identity> {
  try {
    for (const spelling of spellings(code)) {
      const item = await ask(spelling);
      if (!item) continue;
      await Promise.all(
        [code, item.sku, ...item.barcodes.map((b) => b.barcode)].map((c) => remember(key(c), item)),
      );
      return { state: 'known', item, saved: false };
    }
    return { state: 'unknown' };
  } catch (e) {
    if (!(e instanceof ApiError) || !(e.offline || e.status >= 500)) throw e;
    for (const spelling of spellings(code)) {
      const item = await recall<Item>(key(spelling));
      if (item) return { state: 'known', item, saved: true };
    }
    return { state: 'unchecked' };
  }
}

/** On hand at `location` when the server last answered (no row there means none). */
export const onHandAt = (item: Item, location: string): number =>
  item.levels.find((l) => l.location === location)?.on_hand ?? 0;

export const BARCODE_KIND: Record<BarcodeKind, string> = {
  upc: 'UPC-A',
  ean: 'EAN',
  gtin: 'GTIN-14',
  other: 'Other code',
};
