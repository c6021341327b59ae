/** TA1 interchange acknowledgement: the answer to an interchange as a whole, before any group is read. */
import type { IsaHeader, ParseResult } from './envelope';
import { TA1_NOTE_CODES } from './interchange-error';
import { draft, element, type Segment, type SegmentDraft } from './segment';

export interface TechnicalAck {
  /** ISA13, ISA09 and ISA10 of the interchange acknowledged. */
  controlNumber: string;
  date: string;
  time: string;
  /** A accepted, E accepted with errors, R rejected. */
  status: 'A' | 'E' | 'R';
  /** TA105 (X12 I18): 000 no error, 001 control numbers differ, 021 group count wrong, 023 premature end... */
  noteCode: string;
}

const NO_ERROR = '000';

/** The TA1 answering a parse: accepted, or rejected with the note code of its failure; null when no ISA could be read. */
export function technicalAckFor(result: ParseResult): TechnicalAck | null {
  const header: IsaHeader | null = result.ok ? result.interchange.header : result.error.header;
  if (!header) return null;
  return {
    controlNumber: header.controlNumber,
    date: header.date,
    time: header.time,
    status: result.ok ? 'A' : 'R',
    noteCode: result.ok ? NO_ERROR : TA1_NOTE_CODES[result.error.code],
  };
}

export const writeTa1 = (ack: TechnicalAck): SegmentDraft =>
  draft('TA1', ack.controlNumber, ack.date, ack.time, ack.status, ack.noteCode);

/** A TA1 as received; some senders leave out the note code. A status other than A or E counts as rejected. */
export function readTa1(segment: Segment): TechnicalAck {
  const status = element(segment, 4);
  return {
    controlNumber: element(segment, 1),
    date: element(segment, 2),
    time: element(segment, 3),
    status: status === 'A' || status === 'E' ? status : 'R',
    noteCode: element(segment, 5) || NO_ERROR,
  };
}
