/** Sums of money kept apart per currency: amounts in different currencies are never added together. */

export type Amounts<F extends string> = Record<F, number>;

/** A per-currency tally of named amounts (integer minor units); a currency appears once something is added in it. */
export class MoneyLedger<F extends string> {
  readonly #fields: readonly F[];
  readonly #byCurrency = new Map<string, Amounts<F>>();

  constructor(fields: readonly F[]) {
    this.#fields = fields;
  }

  add(field: F, currency: string, amount: number): void {
    if (!Number.isSafeInteger(amount)) throw new Error(`Not integer minor units: ${amount} ${currency}`);
    const amounts =
      this.#byCurrency.get(currency) ?? (Object.fromEntries(this.#fields.map((f) => [f, 0])) as Amounts<F>);
    amounts[field] += amount;
    this.#byCurrency.set(currency, amounts);
  }

  /** Each currency's amounts, currencies in alphabetical order. */
  totals(): Record<string, Amounts<F>> {
    return Object.fromEntries([...this.#byCurrency].sort(([a], [b]) => a.localeCompare(b)));
  }
}
