/** An interchange read into its envelopes: ISA..IEA around functional groups GS..GE around transaction sets ST..SE. */
import type { Delimiters } from './delimiters';
import type { InterchangeError, InterchangeErrorCode } from './interchange-error';
import { element, type Segment } from './segment';
import { tokenize } from './tokenizer';

export interface PartnerId {
  qualifier: string;
  id: string;
}

/** The ISA, with the padding of the fixed-width ids removed. */
export interface IsaHeader {
  sender: PartnerId;
  receiver: PartnerId;
  /** ISA09 (YYMMDD) and ISA10 (HHMM) as sent. */
  date: string;
  time: string;
  /** ISA12, e.g. "00401". */
  version: string;
  /** ISA13, the sender's number for this interchange: with the sender, the key for spotting a resend. */
  controlNumber: string;
  acknowledgmentRequested: boolean;
  /** ISA15: P production, T test. */
  usage: string;
}

export interface TransactionSet {
  /** ST01, e.g. "850". */
  id: string;
  /** ST02. */
  controlNumber: string;
  /** ST through SE, ST at index 0; index + 1 is the position AK302 reports. */
  segments: Segment[];
  /** The SE, or null when the set ended without one. */
  trailer: Segment | null;
  /** GS08 of the enclosing group, e.g. "004010VICS". */
  version: string;
  delimiters: Delimiters;
}

export interface FunctionalGroup {
  /** GS01, e.g. "PO". */
  functionalId: string;
  applicationSender: string;
  applicationReceiver: string;
  /** GS06. */
  controlNumber: string;
  /** GS08. */
  version: string;
  transactionSets: TransactionSet[];
  /** The GE, or null when the group ended without one. */
  trailer: Segment | null;
}

export interface Interchange {
  header: IsaHeader;
  delimiters: Delimiters;
  groups: FunctionalGroup[];
  /** TA1 segments: an interchange that acknowledges another one carries them outside any group. */
  technicalAcks: Segment[];
}

export type ParseResult = { ok: true; interchange: Interchange } | { ok: false; error: InterchangeError };

/**
 * Reads one interchange and checks its ISA/IEA level (trailer present, control numbers equal, group count).
 * Group and transaction-set envelopes are checked by validateGroup, so one bad group does not sink the others.
 */
export function parseInterchange(text: string): ParseResult {
  const tokenized = tokenize(text);
  if (!tokenized.ok) return { ok: false, error: { ...tokenized.error, header: null, groups: [] } };
  const { segments, delimiters, complete } = tokenized.tokens;
  const header = readHeader(segments[0]!);
  const groups: FunctionalGroup[] = [];
  const technicalAcks: Segment[] = [];
  const fail = (code: InterchangeErrorCode, message: string, position?: number): ParseResult => ({
    ok: false,
    error: { code, message, header, groups, ...(position === undefined ? {} : { position }) },
  });

  let group: FunctionalGroup | null = null;
  let set: TransactionSet | null = null;
  let iea: Segment | null = null;
  for (const [index, segment] of segments.entries()) {
    const position = index + 1;
    if (index === 0) continue;
    if (iea) return fail('invalid_control_structure', `${segment.id} after IEA`, position);
    if (segment.id === 'IEA') {
      iea = segment;
      group = set = null;
    } else if (segment.id === 'GS') {
      group = readGroup(segment);
      groups.push(group);
      set = null;
    } else if (segment.id === 'GE' && group) {
      group.trailer = segment;
      group = set = null;
    } else if (segment.id === 'ST' && group) {
      const [id, controlNumber] = [element(segment, 1), element(segment, 2)];
      set = { id, controlNumber, segments: [segment], trailer: null, version: group.version, delimiters };
      group.transactionSets.push(set);
    } else if (set) {
      set.segments.push(segment);
      if (segment.id === 'SE') {
        set.trailer = segment;
        set = null;
      }
    } else if (segment.id === 'TA1' && !group) {
      technicalAcks.push(segment);
    } else {
      return fail(
        'invalid_control_structure',
        `${segment.id} outside a ${group ? 'transaction set' : 'group'}`,
        position,
      );
    }
  }
  if (!complete && segments.at(-1)?.id !== 'IEA') return fail('truncated', 'text ends inside a segment');
  if (!iea) return fail('missing_iea', 'interchange has no IEA trailer');
  if (!/^\d{9}$/.test(header.controlNumber)) {
    return fail('invalid_control_number', `ISA13 ${JSON.stringify(header.controlNumber)} is not 9 digits`, 1);
  }
  if (element(iea, 2) !== header.controlNumber) {
    return fail(
      'iea_control_number_mismatch',
      `IEA02 ${element(iea, 2)} differs from ISA13 ${header.controlNumber}`,
    );
  }
  if (!/^\d+$/.test(element(iea, 1)) || Number(element(iea, 1)) !== groups.length) {
    return fail('iea_group_count_mismatch', `IEA01 says ${element(iea, 1)} groups, found ${groups.length}`);
  }
  return { ok: true, interchange: { header, delimiters, groups, technicalAcks } };
}

function readHeader(isa: Segment): IsaHeader {
  const field = (n: number) => element(isa, n).trim();
  return {
    sender: { qualifier: field(5), id: field(6) },
    receiver: { qualifier: field(7), id: field(8) },
    date: field(9),
    time: field(10),
    version: field(12),
    controlNumber: field(13),
    acknowledgmentRequested: field(14) === '1',
    usage: field(15),
  };
}

function readGroup(gs: Segment): FunctionalGroup {
  return {
    functionalId: element(gs, 1),
    applicationSender: element(gs, 2).trim(),
    applicationReceiver: element(gs, 3).trim(),
    controlNumber: element(gs, 6),
    version: element(gs, 8).trim(),
    transactionSets: [],
    trailer: null,
  };
}
