/** CUR: the currency a document's amounts are in. */
import type { FieldReader } from './field-reader';

// X12 documents without CUR are priced in US dollars.
const X12_DEFAULT_CURRENCY = 'USD';

/** CUR02 of the first CUR, USD when there is none; a code that is not three capitals is a fault. */
export function readCurrency(r: FieldReader): string {
  const cur = r.body.find((at) => at.segment.id === 'CUR');
  return (cur && r.matching(cur, 2, /^[A-Z]{3}$/)) ?? X12_DEFAULT_CURRENCY;
}
