/** Envelope checks inside one functional group: GS/GE and each ST/SE. */
import type { EdiError, GroupError, TransactionSetError } from './edi-error';
import type { FunctionalGroup, TransactionSet } from './envelope';
import { FUNCTIONAL_IDS } from './functional-ids';
import { element, type Segment } from './segment';

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

type Fault<Code> = { code: Code; segmentId: string; position: number; element?: number; message: string };

/**
 * Every envelope fault in the group: GE missing, GE02 not GS06, GE01 not the set count; per set ST01/ST02
 * malformed, SE missing, SE02 not ST02, SE01 not the segment count (ST and SE included), a control number
 * used twice, a set in the wrong kind of group, a segment id that is not one. Empty when the group is sound.
 */
export function validateGroup(group: FunctionalGroup): EdiError[] {
  const errors: EdiError[] = [];
  // GE sits after GS and every segment of every set.
  const gePosition = 2 + group.transactionSets.reduce((n, set) => n + set.segments.length, 0);
  const fault = ({ element, ...f }: Fault<GroupError['code']>) =>
    errors.push({
      level: 'group',
      groupControlNumber: group.controlNumber,
      ...f,
      ...at(group.trailer, element),
    });

  const ge = group.trailer;
  if (!ge) {
    fault({ code: 'missing_ge', segmentId: 'GE', position: gePosition, message: 'group has no GE trailer' });
  } else {
    const geFault = (code: GroupError['code'], n: number, message: string) =>
      fault({ code, segmentId: 'GE', position: gePosition, element: n, message });
    if (element(ge, 2) !== group.controlNumber) {
      geFault(
        'ge_control_number_mismatch',
        2,
        `GE02 ${element(ge, 2)} differs from GS06 ${group.controlNumber}`,
      );
    }
    if (!countIs(element(ge, 1), group.transactionSets.length)) {
      geFault(
        'ge_count_mismatch',
        1,
        `GE01 says ${element(ge, 1)} sets, found ${group.transactionSets.length}`,
      );
    }
  }
  const seen = new Set<string>();
  for (const set of group.transactionSets) {
    errors.push(...validateSet(set, group.functionalId, seen.has(set.controlNumber)));
    seen.add(set.controlNumber);
  }
  return errors;
}

function validateSet(set: TransactionSet, functionalId: string, duplicate: boolean): EdiError[] {
  const errors: EdiError[] = [];
  const ids = { transactionSetId: set.id, controlNumber: set.controlNumber };
  const st = set.segments[0]!;
  const fault = ({ element, ...f }: Fault<TransactionSetError['code']>) =>
    errors.push({
      level: 'transaction_set',
      ...ids,
      ...f,
      ...at(f.segmentId === 'ST' ? st : set.trailer, element),
    });
  const stFault = (code: TransactionSetError['code'], n: number, message: string) =>
    fault({ code, segmentId: 'ST', position: 1, element: n, message });
  const seFault = (code: TransactionSetError['code'], n: number | undefined, message: string) =>
    fault({
      code,
      segmentId: 'SE',
      position: set.trailer ? set.segments.length : set.segments.length + 1,
      element: n,
      message,
    });

  const expectedGroup = FUNCTIONAL_IDS[set.id];
  if (!/^\d{3}$/.test(set.id) || (expectedGroup && expectedGroup !== functionalId)) {
    stFault(
      'invalid_transaction_set_id',
      1,
      `ST01 ${JSON.stringify(set.id)} does not belong in a ${functionalId} group`,
    );
  }
  if (!/^\S{4,9}$/.test(set.controlNumber))
    stFault('missing_control_number', 2, 'ST02 is missing or malformed');
  if (duplicate)
    stFault('duplicate_control_number', 2, `ST02 ${set.controlNumber} is used twice in the group`);
  if (!set.trailer) seFault('missing_se', undefined, 'transaction set has no SE trailer');
  else {
    const se = set.trailer;
    if (element(se, 2) !== set.controlNumber) {
      seFault(
        'se_control_number_mismatch',
        2,
        `SE02 ${element(se, 2)} differs from ST02 ${set.controlNumber}`,
      );
    }
    if (!countIs(element(se, 1), set.segments.length)) {
      seFault('se_count_mismatch', 1, `SE01 says ${element(se, 1)} segments, found ${set.segments.length}`);
    }
  }
  for (const [index, segment] of set.segments.entries()) {
    if (SEGMENT_ID.test(segment.id)) continue;
    errors.push({
      level: 'segment',
      code: 'unrecognized_segment',
      ...ids,
      segmentId: segment.id.slice(0, 3),
      position: index + 1,
      message: `${JSON.stringify(segment.id)} is not a segment id`,
    });
  }
  return errors;
}

/** The faulty element of a present segment, with the value it holds. */
const at = (segment: Segment | null, n: number | undefined) =>
  segment && n !== undefined ? { element: { position: n, value: element(segment, n) } } : {};

const countIs = (text: string, actual: number) => /^\d{1,10}$/.test(text) && Number(text) === actual;
