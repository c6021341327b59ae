/** Order money, all in integer minor units of one currency. */

export interface Totals {
  subtotal: number;
  shipping: number;
  tax: number;
  discount: number;
  total: number;
}

export function orderTotals(
  lines: { quantity: number; unit_price: number }[],
  extra: { shipping?: number; tax?: number; discount?: number },
): Totals {
  const subtotal = lines.reduce((s, l) => s + l.quantity * l.unit_price, 0);
  const shipping = extra.shipping ?? 0;
  const tax = extra.tax ?? 0;
  const discount = Math.min(extra.discount ?? 0, subtotal + shipping + tax);
  return { subtotal, shipping, tax, discount, total: subtotal + shipping + tax - discount };
}
