/** GS01 functional identifier code for each transaction set we read or write. */
export const FUNCTIONAL_IDS: Readonly<Record<string, string>> = {
  '810': 'IN',
  '846': 'IB',
  '850': 'PO',
  '855': 'PR',
  '856': 'SH',
  '997': 'FA',
};
