/** Product id pairs (qualifier, id) as PO1, IT1 and LIN carry them: UP UPC, BP buyer part, VP/VN vendor part, EN EAN, IN buyer item. */
import type { FieldReader } from './field-reader';
import { element, type Located } from './segment';

export interface ProductId {
  qualifier: string;
  id: string;
}

/** The pairs from element `from` on; an empty pair is skipped, a half-filled one is a fault. */
export function readProductIds(r: FieldReader, at: Located, from: number): ProductId[] {
  const ids: ProductId[] = [];
  for (let n = from; n <= at.segment.elements.length; n += 2) {
    const [qualifier, id] = [element(at.segment, n), element(at.segment, n + 1)];
    if (qualifier === '' && id === '') continue;
    if (qualifier === '' || id === '') {
      r.fail(at, 'missing_element', 'is required with its pair', qualifier === '' ? n : n + 1);
    } else if (!/^[A-Z0-9]{2}$/.test(qualifier)) {
      r.fail(at, 'invalid_code', 'is not a product id qualifier', n);
    } else ids.push({ qualifier, id });
  }
  return ids;
}

export const productIdElements = (ids: ProductId[]): string[] => ids.flatMap((p) => [p.qualifier, p.id]);

/** The id under the first of `qualifiers` present, e.g. findProductId(ids, 'VP', 'VN') for the vendor's part. */
export const findProductId = (ids: ProductId[], ...qualifiers: string[]): string | null =>
  qualifiers.map((q) => ids.find((p) => p.qualifier === q)?.id).find((id) => id !== undefined) ?? null;
