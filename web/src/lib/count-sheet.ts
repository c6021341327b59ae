import { type Item, identify, onHandAt } from './catalog-cache.ts';
import { recall, remember } from './local-db.ts';
import type { StockOpInput } from './stock-ops.ts';

/** One item counted at the sheet's location; `expected` is null when the phone has no figure for it. */
export interface CountLine {
  code: string;
  sku: string | null;
  name: string;
  barcodes: string[];
  expected: number | null;
  counted: number;
}

/** A cycle count in progress, kept on the phone so a reload or a dead battery loses nothing. */
export interface CountSheet {
  location: string;
  lines: CountLine[];
}

const KEY = 'count-sheet';

export const loadSheet = async (): Promise<CountSheet | undefined> => recall<CountSheet>(KEY);
export const saveSheet = (sheet: CountSheet) => remember(KEY, sheet);

export function lineOf(code: string, item: Item | null, location: string): CountLine {
  return {
    code,
    sku: item?.sku ?? null,
    name: item?.name ?? code,
    barcodes: item?.barcodes.map((b) => b.barcode) ?? [],
    expected: item ? onHandAt(item, location) : null,
    counted: 0,
  };
}

export const matches = (line: CountLine, code: string) =>
  line.code === code || line.sku === code || line.barcodes.includes(code);

/** Counted minus expected; null when there is nothing to compare with. */
export const difference = (line: CountLine) => (line.expected === null ? null : line.counted - line.expected);

export const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The sheet with each expected figure as the server has it now (offline: as it was). */
export async function withCurrentExpected(sheet: CountSheet): Promise<CountSheet> {
  const lines = await Promise.all(
    sheet.lines.map(async (line) => {
      const found = await identify(line.sku ?? line.code).catch(() => null);
      if (found?.state !== 'known' || found.saved) return line;
      return { ...lineOf(line.code, found.item, sheet.location), counted: line.counted };
    }),
  );
  return { ...sheet, lines };
}

export const countOps = (sheet: CountSheet): StockOpInput[] =>
  sheet.lines.map((l) => ({
    kind: 'count',
    location: sheet.location,
    code: l.code,
    sku: l.sku,
    name: l.name,
    quantity: l.counted,
    expected: l.expected,
  }));
