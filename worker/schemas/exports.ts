import { z } from '@hono/zod-openapi';
import { Day } from './reports';

export const EXPORT_FILES = [
  'orders.csv',
  'shipments.csv',
  'returns.csv',
  'stock-ledger.csv',
  'journal.csv',
] as const;

const JOURNAL_LAYOUT =
  'journal.csv: one balanced journal per UTC day, channel and currency (journal_no `SY-<day>-<channel>-<currency>`), ' +
  'columns journal_no, date (YYYY-MM-DD), currency, account_code, account_name, debit, credit (decimal, one of them ' +
  'empty), amount (signed: debit positive, credit negative), description, channel. Accounts: 1200 Channel clearing ' +
  '(what the channel owes: goods + shipping + tax - discounts, less fees and refunds), 1400 Inventory (credited by ' +
  'COGS), 2200 Sales tax payable, 4000 Sales (kept units x unit price; cancelled orders and units post nothing), 4050 ' +
  'Sales refunds (refunds made that day, except of cancelled orders), 4100 Shipping income, 4900 Sales discounts, 5000 ' +
  'Cost of goods sold (kept units x the unit cost captured with the order, in its own currency), 6100 Channel fees ' +
  '(order_fees). Orders post on the day they were captured, refunds on the day they were made. QuickBooks Online ' +
  '(Journal entries import): JournalNo = journal_no, JournalDate = date, Currency, AccountName = account_name, Debits ' +
  '= debit, Credits = credit, Description. Xero (Manual journal import): Narration = description, Date = date, ' +
  'AccountCode = account_code, Amount = amount, and one file per currency (Xero journals are in the base currency).';

export const ExportParams = z.object({
  file: z.enum(EXPORT_FILES).openapi({ description: 'What to export' }),
});

export const ExportQuery = z
  .object({
    from: Day.describe('First day (UTC), inclusive'),
    to: Day.describe('Last day (UTC), inclusive'),
  })
  .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] });

export const EXPORT_DESCRIPTION =
  'RFC 4180 CSV (CRLF, quoted where needed), streamed. Text cells that start with = + - @ are prefixed with a ' +
  'single quote so a spreadsheet never runs them. Money is in minor units (cents) except in the journal. orders.csv: ' +
  'orders created in the range; shipments.csv: the shipments of those orders; returns.csv: one row per return line of ' +
  "returns opened in the range; stock-ledger.csv: every SKU's stock movements in the range (from each SKU's ledger). " +
  JOURNAL_LAYOUT;
