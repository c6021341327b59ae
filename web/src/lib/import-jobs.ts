// What the imports screens say about a kind of file and about a job, kept apart from the screens.
import type { ImportJob, ImportKind } from './imports-api.ts';

export interface KindInfo {
  kind: ImportKind;
  label: string;
  /** The header the API expects; the first columns are required. */
  columns: string;
  hint: string;
}

export const IMPORT_KINDS: readonly KindInfo[] = [
  {
    kind: 'catalog',
    label: 'Catalog',
    columns: 'sku, name, barcodes, weight_grams, cost, cost_currency, final_sale',
    hint: 'Adds and updates SKUs. Barcodes are separated by ";". A column left out keeps what is stored.',
  },
  {
    kind: 'stock',
    label: 'Stock counts',
    columns: 'sku, location, counted',
    hint: 'Sets on hand of each SKU at each location to the counted number.',
  },
  {
    kind: 'orders',
    label: 'Orders',
    columns: 'channel, external_id, currency, placed_at, sku, quantity, unit_price, …',
    hint: 'One row per order line; rows with the same channel and external_id are one order.',
  },
];

export const kindInfo = (kind: ImportKind): KindInfo => IMPORT_KINDS.find((k) => k.kind === kind)!;

export const isImportKind = (value: string | null): value is ImportKind =>
  IMPORT_KINDS.some((k) => k.kind === value);

/** Whether the job still changes on its own (the queue applies its chunks), so the screen keeps asking. */
export const stillApplying = (job: ImportJob): boolean => job.status === 'applying';

/** Applied rows as a whole percentage; an empty job counts as done once applied. */
export function progressPercent(job: ImportJob): number {
  if (job.total_rows === 0) return job.status === 'applied' ? 100 : 0;
  return Math.floor((job.applied_rows / job.total_rows) * 100);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The one line a job's card and page lead with: where it stands, in the owner's words. */
export function jobSummary(job: ImportJob): string {
  const rows = plural(job.total_rows, 'row');
  switch (job.status) {
    case 'validated':
      return `${rows} checked, no errors. Nothing applied yet.`;
    case 'invalid':
      return `${rows} checked, ${plural(job.error_count, 'row')} with errors. Nothing applied.`;
    case 'applying':
      return `Applying: ${job.applied_rows.toLocaleString()} of ${rows}`;
    case 'applied':
      return job.error_count
        ? `Applied ${rows}, ${plural(job.error_count, 'row')} failed`
        : `Applied ${rows}`;
    case 'failed':
      return `Stopped after ${job.applied_rows.toLocaleString()} of ${rows}`;
  }
}

/** The report's counts as the screen lists them; orders count orders, not their lines. */
export function reportLines(job: ImportJob): { label: string; count: number }[] {
  if (!job.report) return [];
  const { created, updated, unchanged, failed } = job.report;
  return [
    { label: 'Created', count: created },
    { label: 'Updated', count: updated },
    { label: 'Unchanged', count: unchanged },
    { label: 'Failed', count: failed },
  ];
}
