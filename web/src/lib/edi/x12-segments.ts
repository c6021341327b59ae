/** X12 text split into its segments, one per line, by the delimiters the interchange itself declares. */

// ISA is fixed width: the element separator is its 4th character and the segment terminator the 106th.
const ISA_LENGTH = 106;

/** The segments of `raw` without their terminators; text that is not an interchange splits at `~` or line ends. */
export function x12Segments(raw: string): string[] {
  const text = raw.trimStart();
  const terminator = text.startsWith('ISA') && text.length >= ISA_LENGTH ? text[ISA_LENGTH - 1]! : null;
  const parts =
    terminator && !/[A-Za-z0-9]/.test(terminator) ? text.split(terminator) : text.split(/~|\r?\n/);
  return parts.map((s) => s.trim()).filter(Boolean);
}

/** The element separator, so a screen can set the segment id apart from its elements. */
export const elementSeparator = (raw: string): string => {
  const text = raw.trimStart();
  return text.startsWith('ISA') ? (text[3] ?? '*') : '*';
};

/** Names of the documents the screen filters by. */
export const DOCUMENT_TYPES = [
  { type: '850', name: 'Purchase order' },
  { type: '855', name: 'PO acknowledgment' },
  { type: '856', name: 'Ship notice' },
  { type: '810', name: 'Invoice' },
  { type: '846', name: 'Inventory advice' },
  { type: '997', name: 'Functional ack' },
  { type: 'TA1', name: 'Interchange ack' },
] as const;

export const documentName = (type: string): string =>
  DOCUMENT_TYPES.find((d) => d.type === type)?.name ?? type;
