/** X12 text -> segments, split on the delimiters its ISA declares. */
import type { Delimiters } from './delimiters';
import type { Segment } from './segment';

/** Bounds on what we read at all; a larger interchange is refused before any splitting. */
export const MAX_INTERCHANGE_CHARS = 5 * 1024 * 1024;
export const MAX_SEGMENTS = 200_000;

// ISA is 106 characters when its fixed widths are kept; senders that pad wrongly still end it well before this.
const ISA_SCAN_LIMIT = 200;
const ISA_ELEMENTS = 16;

export interface Tokens {
  delimiters: Delimiters;
  segments: Segment[];
  /** False when the text stops inside a segment (no terminator after the last one). */
  complete: boolean;
}

export type TokenizeErrorCode =
  | 'too_large'
  | 'missing_isa'
  | 'truncated'
  | 'invalid_delimiters'
  | 'invalid_segment_terminator';

export type TokenizeResult =
  | { ok: true; tokens: Tokens }
  | { ok: false; error: { code: TokenizeErrorCode; message: string } };

const refuse = (code: TokenizeErrorCode, message: string): TokenizeResult => ({
  ok: false,
  error: { code, message },
});

/** Splits an interchange into segments. Strips a UTF-8 BOM and any whitespace or line breaks between segments. */
export function tokenize(input: string): TokenizeResult {
  if (input.length > MAX_INTERCHANGE_CHARS) {
    return refuse('too_large', `interchange is over ${MAX_INTERCHANGE_CHARS} characters`);
  }
  const text = input.replace(/^\uFEFF?\s*/, '');
  if (!text.startsWith('ISA')) {
    return 'ISA'.startsWith(text) && text !== ''
      ? refuse('truncated', 'text ends inside ISA')
      : refuse('missing_isa', 'interchange does not start with ISA');
  }
  const found = readDelimiters(text);
  if ('code' in found) return { ok: false, error: found };
  const { delimiters, splitter } = found;

  const pieces = text.split(splitter);
  const segments: Segment[] = [];
  for (const piece of pieces) {
    const body = piece.replace(/^\s+/, '');
    if (body === '') continue;
    if (segments.length === MAX_SEGMENTS)
      return refuse('too_large', `interchange has over ${MAX_SEGMENTS} segments`);
    const [id = '', ...elements] = body.split(delimiters.element);
    segments.push({ id, elements });
  }
  const complete = (pieces.at(-1) ?? '').trim() === '';
  return { ok: true, tokens: { delimiters, segments, complete } };
}

type Found =
  | { delimiters: Delimiters; splitter: string | RegExp }
  | { code: TokenizeErrorCode; message: string };

function readDelimiters(text: string): Found {
  const element = text[3];
  if (element === undefined) return { code: 'truncated', message: 'text ends inside ISA' };
  if (/[A-Za-z0-9\s]/.test(element)) {
    return { code: 'invalid_delimiters', message: `element separator ${JSON.stringify(element)} is invalid` };
  }
  // ISA16 follows the 16th element separator; its fixed widths are not trusted (some senders pad wrongly).
  let seen = 0;
  let at = 3;
  for (; at < Math.min(text.length, ISA_SCAN_LIMIT) && seen < ISA_ELEMENTS; at++) {
    if (text[at] === element) seen++;
  }
  if (seen < ISA_ELEMENTS) {
    return text.length < ISA_SCAN_LIMIT
      ? { code: 'truncated', message: 'text ends inside ISA' }
      : { code: 'invalid_delimiters', message: `ISA does not have ${ISA_ELEMENTS} elements` };
  }
  const component = text[at];
  const terminator = text[at + 1];
  if (component === undefined || terminator === undefined) {
    return { code: 'truncated', message: 'text ends inside ISA' };
  }
  if (/[A-Za-z0-9\s]/.test(component) || component === element) {
    return {
      code: 'invalid_delimiters',
      message: `component separator ${JSON.stringify(component)} is invalid`,
    };
  }
  if (/[A-Za-z0-9]/.test(terminator) || terminator === element || terminator === component) {
    return {
      code: 'invalid_segment_terminator',
      message: `segment terminator ${JSON.stringify(terminator)} is invalid`,
    };
  }
  const isa = text.slice(0, at).split(element);
  const delimiters: Delimiters = {
    element,
    component,
    repetition: repetitionSeparator(isa[11] ?? '', isa[12] ?? '', [element, component, terminator]),
    segment: terminator,
  };
  if (terminator === ' ' || terminator === '\t') {
    // A space cannot end segments whose data has spaces: senders who put one after ISA16 end each line with
    // it, so the terminator is that blank together with the line break.
    if (!/[\r\n]/.test(text[at + 2] ?? '')) {
      return {
        code: 'invalid_segment_terminator',
        message: 'segment terminator is a blank not followed by a line break',
      };
    }
    return { delimiters, splitter: /[ \t](?:\r\n|\r|\n|$)/ };
  }
  return { delimiters, splitter: terminator };
}

function repetitionSeparator(isa11: string, version: string, taken: string[]): string | null {
  // ISA11 became the repetition separator in version 00402; before that it holds the standards id "U".
  if (version < '00402' || !/^[^A-Za-z0-9\s]$/.test(isa11) || taken.includes(isa11)) return null;
  return isa11;
}
