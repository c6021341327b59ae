/** Segments -> X12 text. Refuses, rather than escapes, any value holding a delimiter: X12 has no escape. */
import type { Delimiters } from './delimiters';
import type { SegmentDraft } from './segment';

export interface DataRefusal {
  code: 'delimiter_in_data';
  segmentId: string;
  /** 1-based among the segments passed. */
  position: number;
  element: number;
  message: string;
}

export type SerializeResult = { ok: true; text: string } | { ok: false; error: DataRefusal };

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

/** Characters no element may hold under these delimiters: the delimiters and control characters. */
export function forbiddenIn(d: Delimiters): RegExp {
  const chars = [d.element, d.component, d.segment, ...(d.repetition === null ? [] : [d.repetition])];
  const escaped = chars.map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('');
  return new RegExp(`[${escaped}\\x00-\\x1f\\x7f]`);
}

/** Writes segments, each followed by the segment terminator and `lineBreak`. */
export function serializeSegments(segments: SegmentDraft[], d: Delimiters, lineBreak = ''): SerializeResult {
  const forbidden = forbiddenIn(d);
  const out: string[] = [];
  for (const [index, segment] of segments.entries()) {
    if (!SEGMENT_ID.test(segment.id))
      throw new RangeError(`invalid segment id ${JSON.stringify(segment.id)}`);
    const values: string[] = [];
    for (const [i, value] of segment.elements.entries()) {
      const parts = Array.isArray(value) ? value : [value];
      if (parts.some((part) => forbidden.test(part))) {
        return {
          ok: false,
          error: {
            code: 'delimiter_in_data',
            segmentId: segment.id,
            position: index + 1,
            element: i + 1,
            message: `${segment.id}${String(i + 1).padStart(2, '0')} holds a delimiter or control character`,
          },
        };
      }
      values.push(parts.join(d.component));
    }
    out.push([segment.id, ...values].join(d.element) + d.segment + lineBreak);
  }
  return { ok: true, text: out.join('') };
}
