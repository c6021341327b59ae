/** The 997 answer to one received functional group, built from the faults found in it. */
import {
  AK3_CODES,
  AK5_CODES,
  AK9_CODES,
  type EdiError,
  SEGMENTS_IN_ERROR,
  type SegmentError,
} from './edi-error';
import type { FunctionalGroup } from './envelope';
import type { FunctionalAck, SegmentNote, SetAck } from './functional-ack-997';
import { element } from './segment';

// AK4 echoes a bad value only when it is plain text: it was read under the sender's delimiters, and the
// 997 goes out under ours, where it could hold one.
const ECHOABLE = /^[A-Za-z0-9 .,\-/]{1,99}$/;
// AK502-AK506 and AK905-AK909: five codes at most.
const MAX_CODES = 5;

/**
 * Accepts each set without faults and rejects the others with their AK3/AK4/AK5 codes; a group-level fault
 * (GE missing, GE02 or GE01 wrong) rejects the whole group. `errors` are those of validateGroup and the mappers.
 */
export function acknowledge(group: FunctionalGroup, errors: EdiError[]): FunctionalAck {
  const groupCodes = errors.flatMap((e) =>
    e.level === 'group' && e.groupControlNumber === group.controlNumber ? [AK9_CODES[e.code]] : [],
  );
  const sets = group.transactionSets.map((set): SetAck => {
    const own = errors.filter((e) => e.level !== 'group' && e.controlNumber === set.controlNumber);
    const segmentErrors = own.filter((e): e is SegmentError => e.level === 'segment');
    const codes: string[] = own.flatMap((e) => (e.level === 'transaction_set' ? [AK5_CODES[e.code]] : []));
    if (segmentErrors.length > 0) codes.push(SEGMENTS_IN_ERROR);
    const rejected = codes.length > 0 || groupCodes.length > 0;
    return {
      transactionSetId: set.id,
      controlNumber: set.controlNumber,
      status: rejected ? 'R' : 'A',
      codes: unique(codes),
      segments: segmentNotes(segmentErrors),
    };
  });
  const accepted = sets.filter((s) => s.status === 'A').length;
  const declared = group.trailer ? element(group.trailer, 1) : '';
  return {
    functionalId: group.functionalId,
    groupControlNumber: group.controlNumber,
    version: group.version >= '005' ? group.version : null,
    sets,
    status: groupCodes.length > 0 || accepted === 0 ? 'R' : accepted === sets.length ? 'A' : 'P',
    included: /^\d{1,9}$/.test(declared) ? Number(declared) : sets.length,
    received: sets.length,
    accepted,
    codes: unique(groupCodes),
  };
}

function segmentNotes(errors: SegmentError[]): SegmentNote[] {
  const notes = new Map<string, SegmentNote>();
  for (const error of errors) {
    const codes = AK3_CODES[error.code];
    const key = `${error.position}:${codes.segment}`;
    const note = notes.get(key) ?? {
      segmentId: echoableSegmentId(error.segmentId),
      position: error.position,
      loopId: null,
      code: codes.segment,
      elements: [],
    };
    notes.set(key, note);
    if ('element' in codes && error.element) {
      const value = error.element.value ?? '';
      note.elements.push({
        position: error.element.position,
        component: error.element.component ?? null,
        reference: null,
        code: codes.element,
        value: ECHOABLE.test(value) ? value : null,
      });
    }
  }
  return [...notes.values()].sort((a, b) => a.position - b.position);
}

// AK301 is mandatory and 2-3 letters or digits: an id sent as something else is echoed with the rest dropped.
function echoableSegmentId(id: string): string {
  const kept = id
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 3);
  return kept.length >= 2 ? kept : kept.padEnd(2, '0');
}

const unique = (codes: string[]) => [...new Set(codes)].slice(0, MAX_CODES);
