/** One X12 segment as read: its id and its elements as text, `elements[0]` being element 01. */
export interface Segment {
  id: string;
  elements: string[];
}

/** A segment with where it sits: 1-based, counted from ISA in an interchange or from ST in a transaction set. */
export interface Located {
  segment: Segment;
  position: number;
}

/** A segment to write: an element is text, or a composite's components. */
export interface SegmentDraft {
  id: string;
  elements: (string | string[])[];
}

/** Element `n` (1-based) of a segment, '' when absent, as X12 treats a missing element. */
export const element = (segment: Segment, n: number): string => segment.elements[n - 1] ?? '';

/** The components of composite element `n`, split on the interchange's component separator. */
export const components = (segment: Segment, n: number, separator: string): string[] =>
  element(segment, n).split(separator);

/**
 * A segment to write, without trailing empty elements or components: X12 forbids trailing separators.
 * `null` and `undefined` write as an empty element.
 */
export function draft(id: string, ...elements: (string | string[] | null | undefined)[]): SegmentDraft {
  const values = elements.map((e) => (Array.isArray(e) ? trimEnd(e) : (e ?? '')));
  return { id, elements: trimEnd(values, (v) => (Array.isArray(v) ? v.length === 0 : v === '')) };
}

function trimEnd<T>(list: T[], isEmpty: (v: T) => boolean = (v) => v === ''): T[] {
  let end = list.length;
  while (end > 0 && isEmpty(list[end - 1]!)) end--;
  return list.slice(0, end);
}
