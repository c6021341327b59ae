/** Outbound 846 inventory advice: a stock feed of quantity available per product for a B2B partner. */
import type { TransactionSetDraft } from './build-interchange';
import type { TransactionSet } from './envelope';
import { fieldReader, type ReadResult, verdict } from './field-reader';
import { type ProductId, productIdElements, readProductIds } from './product-ids';
import { components, draft, element, type Located, type SegmentDraft } from './segment';
import { formatCount, formatDate } from './values';

export interface InventoryItem {
  productIds: ProductId[];
  /** QTY*33: quantity available for sale. */
  available: number;
  unit: string;
}

export interface InventoryAdvice {
  /** BIA03, our reference for this feed. */
  reference: string;
  /** BIA04, "YYYY-MM-DD". */
  date: string;
  items: InventoryItem[];
}

// BIA02 MM: material management, the report type stock feeds use.
const REPORT_TYPE = 'MM';
const AVAILABLE = '33';

export function write846(advice: InventoryAdvice): TransactionSetDraft {
  const segments: SegmentDraft[] = [
    draft('BIA', '00', REPORT_TYPE, advice.reference, formatDate(advice.date)),
  ];
  for (const [index, item] of advice.items.entries()) {
    segments.push(
      draft('LIN', String(index + 1), ...productIdElements(item.productIds)),
      draft('QTY', AVAILABLE, formatCount(item.available), [item.unit]),
    );
  }
  segments.push(draft('CTT', formatCount(advice.items.length)));
  return { id: '846', segments };
}

/** Maps an 846 back; each LIN must carry a QTY*33. */
export function read846(set: TransactionSet): ReadResult<InventoryAdvice> {
  const r = fieldReader(set);
  const bia = r.body[0]?.segment.id === 'BIA' ? r.body[0] : undefined;
  if (!bia) r.missing('BIA', r.body[0]);
  const advice: InventoryAdvice = {
    reference: bia ? r.text(bia, 3, true) : '',
    date: (bia && r.date(bia, 4)) ?? '',
    items: [],
  };
  let pending: { item: InventoryItem; lin: Located; counted: boolean } | null = null;
  const close = () => {
    if (pending && !pending.counted) r.missing('QTY', pending.lin);
  };
  for (const at of r.body) {
    if (at.segment.id === 'LIN') {
      close();
      pending = {
        item: { productIds: readProductIds(r, at, 2), available: 0, unit: '' },
        lin: at,
        counted: false,
      };
      advice.items.push(pending.item);
    }
    if (at.segment.id === 'QTY' && pending && element(at.segment, 1) === AVAILABLE) {
      pending.item.available = r.count(at, 2) ?? 0;
      pending.item.unit = components(at.segment, 3, set.delimiters.component)[0] ?? '';
      if (!pending.item.unit) r.fail(at, 'missing_element', 'is required', 3);
      pending.counted = true;
    }
  }
  close();
  return verdict(r, advice);
}
