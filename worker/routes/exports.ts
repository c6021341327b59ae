import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context';
import { route } from '../http/route';
import { EXPORT_DESCRIPTION, ExportParams, ExportQuery } from '../schemas/exports';
import { type CsvValue, csvResponse, csvStream } from '../services/exports/csv';
import { JOURNAL_COLUMNS, journalRows } from '../services/exports/journal-export';
import { recordExport } from '../services/exports/record-exports';
import { LEDGER_COLUMNS, stockLedgerPages } from '../services/exports/stock-ledger-export';

const DAY_MS = 86_400_000;
const utcDay = (iso: string) => iso.slice(0, 10);

async function* once(rows: Promise<CsvValue[][]>) {
  yield await rows;
}

export const exportRoutes = new OpenAPIHono<AppEnv>().openapi(
  route('data:export', {
    method: 'get',
    path: '/exports/{file}',
    tags: ['data'],
    summary: 'Exports orders, shipments, returns, the stock ledger or the accounting journal as CSV',
    description: EXPORT_DESCRIPTION,
    request: { params: ExportParams, query: ExportQuery },
    responses: {
      200: { description: 'The CSV file', content: { 'text/csv': { schema: { type: 'string' } } } },
    },
  }),
  (c) => {
    const { file } = c.req.valid('param');
    const { from, to } = c.req.valid('query');
    const start = `${from}T00:00:00.000Z`;
    const end = new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS).toISOString();
    const name = `${file.replace('.csv', '')}-${from}-${to}.csv`;
    if (file === 'journal.csv') {
      return csvResponse(csvStream(JOURNAL_COLUMNS, once(journalRows(c.env.DB, start, end, utcDay))), name);
    }
    if (file === 'stock-ledger.csv') {
      return csvResponse(csvStream(LEDGER_COLUMNS, stockLedgerPages(c.env, start, end)), name);
    }
    const kind = file.replace('.csv', '') as 'orders' | 'shipments' | 'returns';
    const { columns, pages } = recordExport(c.env.DB, kind, start, end);
    return csvResponse(csvStream(columns, pages), name);
  },
);
