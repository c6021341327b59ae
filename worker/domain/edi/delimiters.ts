/** The four X12 separators. An interchange declares its own in the ISA segment; we write with ours. */
export interface Delimiters {
  /** Between elements (ISA position 3). */
  element: string;
  /** Between components of a composite element (ISA16). */
  component: string;
  /** Between repeats of an element (ISA11 from version 00402 on); null where the version has none. */
  repetition: string | null;
  /** After each segment (the character after ISA16). */
  segment: string;
}

export const DEFAULT_DELIMITERS: Delimiters = { element: '*', component: '>', repetition: '^', segment: '~' };

/** Why this set cannot delimit an interchange we write, or null when it can. */
export function delimiterProblem(d: Delimiters): string | null {
  const chars = [d.element, d.component, d.segment, ...(d.repetition === null ? [] : [d.repetition])];
  for (const c of chars) {
    if (c.length !== 1) return `delimiter ${JSON.stringify(c)} is not one character`;
    // Letters, digits and spaces occur in data, so they can never separate it.
    if (/[A-Za-z0-9 ]/.test(c)) return `delimiter ${JSON.stringify(c)} can occur in data`;
  }
  if (new Set(chars).size !== chars.length) return 'delimiters are not distinct';
  return null;
}
