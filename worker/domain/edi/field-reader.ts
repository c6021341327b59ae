/** Reads typed values out of a transaction set's segments, collecting each fault as a SegmentError for the 997. */
import type { AK3_CODES, SegmentError } from './edi-error';
import type { TransactionSet } from './envelope';
import { element, type Located } from './segment';
import { readAmount, readCount, readDate, readDecimal, readTime } from './values';

/** A mapper's answer: the typed document, or every fault found in the set. */
export type ReadResult<T> = { ok: true; value: T } | { ok: false; errors: SegmentError[] };

export type FieldReader = ReturnType<typeof fieldReader>;

/**
 * Each getter returns the value, or records a fault and returns a placeholder ('' or null): a mapper reads
 * the whole set, so one 997 can name every fault, and discards the result when `errors` is not empty.
 */
export function fieldReader(set: TransactionSet) {
  const errors: SegmentError[] = [];
  const end = set.trailer ? set.segments.length - 1 : set.segments.length;
  /** The segments between ST and SE, with their positions counted from ST = 1. */
  const body: Located[] = set.segments.slice(1, end).map((segment, i) => ({ segment, position: i + 2 }));
  const trailerPosition = end + 1;

  function fail(at: Located, code: keyof typeof AK3_CODES, message: string, n?: number) {
    errors.push({
      level: 'segment',
      code,
      transactionSetId: set.id,
      controlNumber: set.controlNumber,
      segmentId: at.segment.id,
      position: at.position,
      ...(n === undefined ? {} : { element: { position: n, value: element(at.segment, n) } }),
      message: n === undefined ? message : `${at.segment.id}${String(n).padStart(2, '0')} ${message}`,
    });
  }

  /** Runs `parse` on element n; '' is a missing element (a fault when required), a null parse is `code`. */
  function typed<T>(
    at: Located,
    n: number,
    required: boolean,
    code: keyof typeof AK3_CODES,
    parse: (t: string) => T | null,
  ) {
    const raw = element(at.segment, n);
    if (raw === '') {
      if (required) fail(at, 'missing_element', 'is required', n);
      return null;
    }
    const value = parse(raw);
    if (value === null) fail(at, code, `is not valid: ${JSON.stringify(raw)}`, n);
    return value;
  }

  return {
    errors,
    body,
    fail,
    /** Reports a mandatory segment as missing, at the position where it was due (the SE's when at the end). */
    missing(segmentId: string, at?: Located) {
      const position = at?.position ?? trailerPosition;
      errors.push({
        level: 'segment',
        code: 'missing_segment',
        transactionSetId: set.id,
        controlNumber: set.controlNumber,
        segmentId,
        position,
        message: `${segmentId} is required`,
      });
    },
    text: (at: Located, n: number, required = false) =>
      typed(at, n, required, 'invalid_character', (t) => t) ?? '',
    code: <T>(at: Located, n: number, table: Readonly<Record<string, T>>, required = true) =>
      typed(at, n, required, 'invalid_code', (t) => (Object.hasOwn(table, t) ? table[t]! : null)),
    matching: (at: Located, n: number, pattern: RegExp, required = true) =>
      typed(at, n, required, 'invalid_code', (t) => (pattern.test(t) ? t : null)),
    date: (at: Located, n: number, required = true) => typed(at, n, required, 'invalid_date', readDate),
    time: (at: Located, n: number, required = true) => typed(at, n, required, 'invalid_time', readTime),
    count: (at: Located, n: number, required = true) =>
      typed(at, n, required, 'invalid_character', readCount),
    decimal: (at: Located, n: number, required = true) =>
      typed(at, n, required, 'invalid_character', readDecimal),
    amount: (at: Located, n: number, currency: string, required = true) =>
      typed(at, n, required, 'invalid_character', (t) => readAmount(t, currency)),
  };
}

/** The reader's verdict: the value when nothing was recorded, else the faults. */
export const verdict = <T>(reader: FieldReader, value: T): ReadResult<T> =>
  reader.errors.length === 0 ? { ok: true, value } : { ok: false, errors: reader.errors };
