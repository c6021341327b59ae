/** Typed drafts -> one X12 interchange: ISA (fixed widths), GS, ST..SE per set, GE, IEA, with counts and control numbers filled in. */
import { DEFAULT_DELIMITERS, type Delimiters, delimiterProblem } from './delimiters';
import type { PartnerId } from './envelope';
import { FUNCTIONAL_IDS } from './functional-ids';
import { draft, type SegmentDraft } from './segment';
import { forbiddenIn, serializeSegments } from './serialize';

export type X12Version = '004010' | '005010';

/** A transaction set's segments between ST and SE; the builder adds those two. */
export interface TransactionSetDraft {
  id: string;
  segments: SegmentDraft[];
}

export interface GroupDraft {
  /** GS06, unique per sender; ST02 inside the group is numbered 0001, 0002... in order. */
  controlNumber: number;
  transactionSets: TransactionSetDraft[];
  /** GS02 and GS03; the ISA ids when absent. */
  applicationSender?: string;
  applicationReceiver?: string;
}

export interface InterchangeDraft {
  sender: PartnerId;
  receiver: PartnerId;
  /** ISA13, 1 to 999999999, unique per sender. */
  controlNumber: number;
  createdAt: Date;
  version: X12Version;
  /** ISA15; P unless told otherwise. */
  usage?: 'P' | 'T';
  /** ISA14: ask the receiver for a TA1. */
  acknowledgmentRequested?: boolean;
  /** The repetition separator is used from 005010 on and ignored for 004010. */
  delimiters?: Delimiters;
  /** Written after every segment terminator, for people reading the file. */
  lineBreak?: '' | '\n' | '\r\n';
  groups: GroupDraft[];
  /** TA1 segments, written between ISA and the first group. */
  technicalAcks?: SegmentDraft[];
}

export interface BuildRefusal {
  code: 'invalid_delimiters' | 'invalid_envelope' | 'delimiter_in_data';
  message: string;
  /** For delimiter_in_data: the segment (ISA = 1) and element that holds the delimiter. */
  segmentId?: string;
  position?: number;
  element?: number;
}

export type BuildResult = { ok: true; text: string } | { ok: false; error: BuildRefusal };

const ISA_VERSIONS: Record<X12Version, string> = { '004010': '00401', '005010': '00501' };
const MAX_CONTROL_NUMBER = 999_999_999;

/** Writes the interchange, or refuses it when a delimiter set, id or control number is invalid or a value holds a delimiter. */
export function buildInterchange(spec: InterchangeDraft): BuildResult {
  const refuse = (code: BuildRefusal['code'], message: string): BuildResult => ({
    ok: false,
    error: { code, message },
  });
  const chosen = spec.delimiters ?? DEFAULT_DELIMITERS;
  const d: Delimiters = spec.version === '004010' ? { ...chosen, repetition: null } : chosen;
  const lineBreak = spec.lineBreak ?? '';
  const problem = delimiterProblem(d);
  if (problem) return refuse('invalid_delimiters', problem);
  if (spec.version === '005010' && d.repetition === null) {
    return refuse('invalid_delimiters', '005010 needs a repetition separator');
  }
  if (lineBreak && /[\r\n]/.test(d.segment))
    return refuse('invalid_delimiters', 'a line break terminator takes no extra line break');

  const forbidden = forbiddenIn(d);
  for (const [role, party] of [
    ['sender', spec.sender],
    ['receiver', spec.receiver],
  ] as const) {
    if (!/^[A-Z0-9]{2}$/.test(party.qualifier))
      return refuse('invalid_envelope', `${role} qualifier must be 2 characters`);
    if (!/^\S.{0,14}$/.test(party.id) || forbidden.test(party.id)) {
      return refuse('invalid_envelope', `${role} id must be 1 to 15 characters without delimiters`);
    }
  }
  const controlNumbers = [spec.controlNumber, ...spec.groups.map((g) => g.controlNumber)];
  if (!controlNumbers.every((n) => Number.isSafeInteger(n) && n >= 1 && n <= MAX_CONTROL_NUMBER)) {
    return refuse(
      'invalid_envelope',
      `control numbers must be whole numbers from 1 to ${MAX_CONTROL_NUMBER}`,
    );
  }

  const stamp = spec.createdAt.toISOString();
  const [date, time] = [stamp.slice(0, 10).replaceAll('-', ''), stamp.slice(11, 16).replace(':', '')];
  const isaControl = String(spec.controlNumber).padStart(9, '0');
  const isa = [
    'ISA',
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    spec.sender.qualifier,
    spec.sender.id.padEnd(15),
    spec.receiver.qualifier,
    spec.receiver.id.padEnd(15),
    date.slice(2),
    time,
    d.repetition ?? 'U',
    ISA_VERSIONS[spec.version],
    isaControl,
    spec.acknowledgmentRequested ? '1' : '0',
    spec.usage ?? 'P',
    d.component,
  ].join(d.element);

  const segments: SegmentDraft[] = [...(spec.technicalAcks ?? [])];
  for (const group of spec.groups) {
    const functionalIds = new Set(group.transactionSets.map((set) => FUNCTIONAL_IDS[set.id]));
    const [functionalId] = functionalIds;
    if (functionalIds.size !== 1 || !functionalId) {
      return refuse('invalid_envelope', 'a group holds one or more sets of one known kind');
    }
    const gsControl = String(group.controlNumber);
    const applicationIds = [
      group.applicationSender ?? spec.sender.id,
      group.applicationReceiver ?? spec.receiver.id,
    ];
    segments.push(draft('GS', functionalId, ...applicationIds, date, time, gsControl, 'X', spec.version));
    for (const [index, set] of group.transactionSets.entries()) {
      const stControl = String(index + 1).padStart(4, '0');
      segments.push(draft('ST', set.id, stControl), ...set.segments);
      segments.push(draft('SE', String(set.segments.length + 2), stControl));
    }
    segments.push(draft('GE', String(group.transactionSets.length), gsControl));
  }
  segments.push(draft('IEA', String(spec.groups.length), isaControl));

  const body = serializeSegments(segments, d, lineBreak);
  if (!body.ok) {
    const { segmentId, position, element, message } = body.error;
    return {
      ok: false,
      error: { code: 'delimiter_in_data', message, segmentId, position: position + 1, element },
    };
  }
  return { ok: true, text: isa + d.segment + lineBreak + body.text };
}
