import { currencyExponent } from '../../domain/money';
import type { CsvValue } from './csv';
import { pagedRows } from './paged-rows';

/**
 * The chart of accounts the journal posts to (codes as a small-business chart numbers them; map them to
 * your own in QuickBooks' or Xero's import screen).
 */
export const JOURNAL_ACCOUNTS = {
  clearing: { code: '1200', name: 'Channel clearing' },
  inventory: { code: '1400', name: 'Inventory' },
  salesTax: { code: '2200', name: 'Sales tax payable' },
  sales: { code: '4000', name: 'Sales' },
  refunds: { code: '4050', name: 'Sales refunds' },
  shipping: { code: '4100', name: 'Shipping income' },
  discounts: { code: '4900', name: 'Sales discounts' },
  cogs: { code: '5000', name: 'Cost of goods sold' },
  fees: { code: '6100', name: 'Channel fees' },
} as const;

type Account = keyof typeof JOURNAL_ACCOUNTS;

export const JOURNAL_COLUMNS = [
  'journal_no',
  'date',
  'currency',
  'account_code',
  'account_name',
  'debit',
  'credit',
  'amount',
  'description',
  'channel',
];

// Cancelled orders post no sale, but the channel's fees on them stand; their refunds were never sales either.
const ORDERS = `select o.id as cursor_id, o.created_at as cursor_at, o.channel, o.currency, o.status,
    o.shipping_total, o.tax_total, o.discount_total,
    (select coalesce(sum((l.quantity - l.cancelled_quantity) * l.unit_price), 0) from order_lines l where l.order_id = o.id) as goods,
    (select json_group_array(json_array(l.cost_currency, (l.quantity - l.cancelled_quantity) * l.unit_cost))
       from order_lines l where l.order_id = o.id and l.unit_cost is not null and l.cost_currency is not null) as costs,
    (select json_group_array(json_array(f.currency, f.amount)) from order_fees f where f.order_id = o.id) as fees
  from orders o
  where o.created_at >= ?1 and o.created_at < ?2 and o.status != 'pending' and (o.created_at, o.id) > (?3, ?4)
  order by o.created_at, o.id`;

const REFUNDS = `select r.id as cursor_id, r.created_at as cursor_at, r.channel, r.currency,
    coalesce(r.amount, r.channel_amount) as amount
  from return_refunds r join orders o on o.id = r.order_id
  where r.created_at >= ?1 and r.created_at < ?2 and r.status in ('pushed', 'manual', 'from_channel')
    and o.status != 'cancelled' and (r.created_at, r.id) > (?3, ?4)
  order by r.created_at, r.id`;

/** Money per (day, channel, currency) and account, in minor units; positive = debit. */
class Journal {
  readonly days = new Map<string, Map<Account, number>>();

  post(day: string, channel: string, currency: string, debit: Account, credit: Account, amount: number) {
    if (!amount) return;
    const key = JSON.stringify([day, channel, currency]);
    const accounts = this.days.get(key) ?? new Map<Account, number>();
    accounts.set(debit, (accounts.get(debit) ?? 0) + amount);
    accounts.set(credit, (accounts.get(credit) ?? 0) - amount);
    this.days.set(key, accounts);
  }
}

const pairs = (json: unknown) =>
  (JSON.parse(String(json ?? '[]')) as [string, number][]).filter(([c, a]) => c && a);

// A number, not text: a leading minus must reach the accounting package as a sign, not be quoted as a formula.
const decimal = (minor: number, currency: string) => {
  const exponent = currencyExponent(currency);
  return Number((minor / 10 ** exponent).toFixed(exponent));
};

/**
 * Daily journal lines for orders captured and refunds made in [from, to): one balanced journal per day, channel
 * and currency (COGS in the cost's currency). `dayOf` gives an instant's calendar day in the account's zone.
 */
export async function journalRows(
  db: D1Database,
  from: string,
  to: string,
  dayOf: (iso: string) => string,
): Promise<CsvValue[][]> {
  const journal = new Journal();
  for await (const rows of pagedRows(db, ORDERS, from, to)) {
    for (const o of rows) {
      const [day, channel, currency] = [dayOf(String(o.cursor_at)), String(o.channel), String(o.currency)];
      for (const [feeCurrency, amount] of pairs(o.fees))
        journal.post(day, channel, feeCurrency, 'fees', 'clearing', amount);
      if (o.status === 'cancelled') continue;
      journal.post(day, channel, currency, 'clearing', 'sales', Number(o.goods));
      journal.post(day, channel, currency, 'clearing', 'shipping', Number(o.shipping_total));
      journal.post(day, channel, currency, 'clearing', 'salesTax', Number(o.tax_total));
      journal.post(day, channel, currency, 'discounts', 'clearing', Number(o.discount_total));
      for (const [costCurrency, amount] of pairs(o.costs))
        journal.post(day, channel, costCurrency, 'cogs', 'inventory', amount);
    }
  }
  for await (const rows of pagedRows(db, REFUNDS, from, to)) {
    for (const r of rows) {
      journal.post(
        dayOf(String(r.cursor_at)),
        String(r.channel),
        String(r.currency),
        'refunds',
        'clearing',
        Number(r.amount),
      );
    }
  }
  return [...journal.days]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([key, accounts]) => {
      const [day, channel, currency] = JSON.parse(key) as [string, string, string];
      const journalNo = `SY-${day}-${channel}-${currency}`;
      return [...accounts]
        .filter(([, amount]) => amount !== 0)
        .sort(([a], [b]) => JOURNAL_ACCOUNTS[a].code.localeCompare(JOURNAL_ACCOUNTS[b].code))
        .map(([account, amount]) => [
          journalNo,
          day,
          currency,
          JOURNAL_ACCOUNTS[account].code,
          JOURNAL_ACCOUNTS[account].name,
          amount > 0 ? decimal(amount, currency) : '',
          amount < 0 ? decimal(-amount, currency) : '',
          decimal(amount, currency),
          `Switchyard ${channel} ${day}`,
          channel,
        ]);
    });
}
