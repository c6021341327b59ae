/** 997 functional acknowledgement: the typed form, and its writer and reader. */
import type { TransactionSetDraft } from './build-interchange';
import type { TransactionSet } from './envelope';
import { fieldReader, type ReadResult, verdict } from './field-reader';
import { components, draft, element, type SegmentDraft } from './segment';
import { formatCount } from './values';

/** AK4: one faulty element. */
export interface ElementNote {
  position: number;
  component: number | null;
  /** AK402 data element reference number, when known. */
  reference: string | null;
  /** AK403 (X12 723), e.g. 1 mandatory element missing, 7 invalid code value. */
  code: string;
  /** AK404 copy of the bad value. */
  value: string | null;
}

/** AK3: one faulty segment, counted from ST = 1. */
export interface SegmentNote {
  segmentId: string;
  position: number;
  loopId: string | null;
  /** AK304 (X12 720), e.g. 3 mandatory segment missing, 8 segment has element errors. */
  code: string | null;
  elements: ElementNote[];
}

/** AK2..AK5: the verdict on one transaction set. */
export interface SetAck {
  transactionSetId: string;
  controlNumber: string;
  /** A accepted, E accepted with errors noted, R rejected. */
  status: 'A' | 'E' | 'R';
  /** AK502.. (X12 718), e.g. 4 segment count wrong. */
  codes: string[];
  segments: SegmentNote[];
}

export interface FunctionalAck {
  /** AK1: the group acknowledged. */
  functionalId: string;
  groupControlNumber: string;
  /** AK103, only in 005010 and later. */
  version: string | null;
  sets: SetAck[];
  /** AK901: A accepted, E with errors noted, P some sets accepted, R rejected. */
  status: 'A' | 'E' | 'P' | 'R';
  /** AK902 sets the GE declared, AK903 sets received, AK904 sets accepted. */
  included: number;
  received: number;
  accepted: number;
  /** AK905.. (X12 716), e.g. 5 set count wrong. */
  codes: string[];
}

const SET_STATUSES = { A: 'A', E: 'E', R: 'R' } as const;
const GROUP_STATUSES = { A: 'A', E: 'E', P: 'P', R: 'R' } as const;

export function write997(ack: FunctionalAck): TransactionSetDraft {
  const segments: SegmentDraft[] = [draft('AK1', ack.functionalId, ack.groupControlNumber, ack.version)];
  for (const set of ack.sets) {
    segments.push(draft('AK2', set.transactionSetId, set.controlNumber));
    for (const s of set.segments) {
      segments.push(draft('AK3', s.segmentId, formatCount(s.position), s.loopId, s.code));
      for (const e of s.elements) {
        const position = [
          formatCount(e.position),
          ...(e.component === null ? [] : [formatCount(e.component)]),
        ];
        segments.push(draft('AK4', position, e.reference, e.code, e.value));
      }
    }
    segments.push(draft('AK5', set.status, ...set.codes));
  }
  const counts = [ack.included, ack.received, ack.accepted].map(formatCount);
  segments.push(draft('AK9', ack.status, ...counts, ...ack.codes));
  return { id: '997', segments };
}

/** Maps a 997 back: what a partner said about a group we sent. */
export function read997(set: TransactionSet): ReadResult<FunctionalAck> {
  const r = fieldReader(set);
  const ak1 = r.body[0]?.segment.id === 'AK1' ? r.body[0] : undefined;
  if (!ak1) r.missing('AK1', r.body[0]);
  const ack: FunctionalAck = {
    functionalId: ak1 ? r.text(ak1, 1, true) : '',
    groupControlNumber: ak1 ? r.text(ak1, 2, true) : '',
    version: (ak1 && element(ak1.segment, 3)) || null,
    sets: [],
    status: 'R',
    included: 0,
    received: 0,
    accepted: 0,
    codes: [],
  };
  let sawAk9 = false;
  const rest = (segment: TransactionSet['segments'][number], from: number) =>
    segment.elements.slice(from - 1).filter(Boolean);
  for (const at of r.body.slice(ak1 ? 1 : 0)) {
    const { segment } = at;
    const current = ack.sets.at(-1);
    const note = current?.segments.at(-1);
    if (segment.id === 'AK2') {
      ack.sets.push({
        transactionSetId: r.text(at, 1, true),
        controlNumber: r.text(at, 2, true),
        status: 'R',
        codes: [],
        segments: [],
      });
    } else if (segment.id === 'AK3' && current) {
      const code = element(segment, 4) || null;
      const position = r.count(at, 2) ?? 0;
      current.segments.push({
        segmentId: r.text(at, 1, true),
        position,
        loopId: element(segment, 3) || null,
        code,
        elements: [],
      });
    } else if (segment.id === 'AK4' && note) {
      const [position = '', component = ''] = components(segment, 1, set.delimiters.component);
      note.elements.push({
        position: Number(position),
        component: component === '' ? null : Number(component),
        reference: element(segment, 2) || null,
        code: r.text(at, 3, true),
        value: element(segment, 4) || null,
      });
      if (!/^\d+$/.test(position) || !/^\d*$/.test(component))
        r.fail(at, 'invalid_character', 'is not a position', 1);
    } else if (segment.id === 'AK5' && current) {
      current.status = r.code(at, 1, SET_STATUSES) ?? 'R';
      current.codes = rest(segment, 2);
    } else if (segment.id === 'AK9') {
      sawAk9 = true;
      ack.status = r.code(at, 1, GROUP_STATUSES) ?? 'R';
      [ack.included, ack.received, ack.accepted] = [2, 3, 4].map((n) => r.count(at, n) ?? 0) as [
        number,
        number,
        number,
      ];
      ack.codes = rest(segment, 5);
    } else r.fail(at, 'unexpected_segment', `${segment.id} out of place in a 997`);
  }
  if (!sawAk9) r.missing('AK9');
  return verdict(r, ack);
}
