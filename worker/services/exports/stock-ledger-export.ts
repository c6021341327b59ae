import type { Movement } from '../../../durable-objects/inventory-types';
import { inventoryOf } from '../stock';
import type { CsvValue } from './csv';

export const LEDGER_COLUMNS = [
  'sku',
  'seq',
  'at',
  'type',
  'location',
  'on_hand_delta',
  'reserved_delta',
  'actor',
  'reason',
  'reference',
];

const SKU_PAGE = 100;
const MOVEMENT_PAGE = 500;

/** One SKU's movements in [from, to), oldest first: its DO pages newest first, so the walk stops before `from`. */
async function movementsBetween(env: Env, sku: string, from: string, to: string): Promise<Movement[]> {
  const found: Movement[] = [];
  let before: number | undefined;
  while (true) {
    const page = await inventoryOf(env, sku).movements(MOVEMENT_PAGE, before);
    found.push(...page.filter((m) => m.at >= from && m.at < to));
    if (page.length < MOVEMENT_PAGE || page.at(-1)!.at < from) return found.reverse();
    before = page.at(-1)!.seq;
  }
}

/**
 * The stock ledger of every SKU for [from, to): each SKU's InventoryDO holds its own movements, so the export
 * walks the catalog (D1) and asks each DO in turn.
 */
export async function* stockLedgerPages(env: Env, from: string, to: string): AsyncGenerator<CsvValue[][]> {
  let after = '';
  while (true) {
    const { results } = await env.DB.prepare('select sku from skus where sku > ? order by sku limit ?')
      .bind(after, SKU_PAGE)
      .all<{ sku: string }>();
    for (const { sku } of results) {
      const movements = await movementsBetween(env, sku, from, to);
      yield movements.map((m) => [
        sku,
        m.seq,
        m.at,
        m.type,
        m.location,
        m.on_hand_delta,
        m.reserved_delta,
        m.actor,
        m.reason,
        m.reference,
      ]);
    }
    if (results.length < SKU_PAGE) return;
    after = results.at(-1)!.sku;
  }
}
