import { describe, expect, it } from 'vitest';
import { acknowledge } from '../../../worker/domain/edi/acknowledge';
import type { TransactionSetDraft } from '../../../worker/domain/edi/build-interchange';
import { type FunctionalGroup, parseInterchange } from '../../../worker/domain/edi/envelope';
import { read997, write997 } from '../../../worker/domain/edi/functional-ack-997';
import { draft } from '../../../worker/domain/edi/segment';
import { readTa1, technicalAckFor, writeTa1 } from '../../../worker/domain/edi/ta1';
import { MAX_INTERCHANGE_CHARS } from '../../../worker/domain/edi/tokenizer';
import { validateGroup } from '../../../worker/domain/edi/validate';
import { interchangeOf, interchangeText, roundTrip } from './fixtures';

const order = (poNumber: string): TransactionSetDraft => ({
  id: '850',
  segments: [
    draft('BEG', '00', 'SA', poNumber, '', '20250301'),
    draft('PO1', '1', '2', 'EA', '3.5'),
    draft('CTT', '1'),
  ],
});
// ST, BEG, PO1, CTT, SE: each set of the good interchange has 5 segments.
const good = interchangeText([order('A-1'), order('A-2')]);

/** The 997 for a group, written out, read back, and checked to survive the trip unchanged. */
function ackOf(group: FunctionalGroup) {
  const ack = acknowledge(group, validateGroup(group));
  const read = read997(roundTrip(write997(ack)));
  expect(read).toEqual({ ok: true, value: ack });
  return ack;
}

function rejected(text: string) {
  const parsed = parseInterchange(text);
  if (parsed.ok) throw new Error('expected the interchange to be refused');
  return parsed.error;
}

describe('a sound interchange', () => {
  it('has no envelope faults and a 997 that accepts every set', () => {
    const group = interchangeOf(good).groups[0]!;
    expect(validateGroup(group)).toEqual([]);
    expect(ackOf(group)).toMatchObject({
      functionalId: 'PO',
      groupControlNumber: '77',
      status: 'A',
      included: 2,
      received: 2,
      accepted: 2,
      sets: [
        { transactionSetId: '850', controlNumber: '0001', status: 'A', codes: [], segments: [] },
        { transactionSetId: '850', controlNumber: '0002', status: 'A', codes: [], segments: [] },
      ],
    });
  });

  it('is answered by an accepting TA1 that echoes ISA13, ISA09 and ISA10', () => {
    const ta1 = technicalAckFor(parseInterchange(good));
    expect(ta1).toEqual({
      controlNumber: '000000905',
      date: '250304',
      time: '0506',
      status: 'A',
      noteCode: '000',
    });
  });
});

describe('group and transaction set faults, answered by a 997', () => {
  it('rejects a set whose SE01 miscounts its segments (AK5 4) and accepts its sibling', () => {
    const group = interchangeOf(good.replace('SE*5*0002~', 'SE*6*0002~')).groups[0]!;
    expect(validateGroup(group)).toEqual([
      {
        level: 'transaction_set',
        code: 'se_count_mismatch',
        transactionSetId: '850',
        controlNumber: '0002',
        segmentId: 'SE',
        position: 5,
        element: { position: 1, value: '6' },
        message: 'SE01 says 6 segments, found 5',
      },
    ]);
    const ack = ackOf(group);
    expect(ack.sets.map((s) => [s.controlNumber, s.status, s.codes])).toEqual([
      ['0001', 'A', []],
      ['0002', 'R', ['4']],
    ]);
    expect(ack).toMatchObject({ status: 'P', included: 2, received: 2, accepted: 1 });
  });

  it('rejects a set whose SE02 differs from ST02 (AK5 3)', () => {
    const group = interchangeOf(good.replace('SE*5*0001~', 'SE*5*0009~')).groups[0]!;
    expect(validateGroup(group).map((e) => e.code)).toEqual(['se_control_number_mismatch']);
    expect(ackOf(group).sets[0]).toMatchObject({ status: 'R', codes: ['3'] });
  });

  it('rejects the group when GE01 miscounts its sets (AK9 5)', () => {
    const group = interchangeOf(good.replace('GE*2*77~', 'GE*3*77~')).groups[0]!;
    expect(validateGroup(group)).toEqual([
      // GS, two sets of five segments, then GE at 12.
      expect.objectContaining({ level: 'group', code: 'ge_count_mismatch', segmentId: 'GE', position: 12 }),
    ]);
    expect(ackOf(group)).toMatchObject({ status: 'R', included: 3, received: 2, accepted: 0, codes: ['5'] });
  });

  it('rejects the group when GE02 differs from GS06 (AK9 4)', () => {
    const group = interchangeOf(good.replace('GE*2*77~', 'GE*2*78~')).groups[0]!;
    expect(validateGroup(group).map((e) => e.code)).toEqual(['ge_control_number_mismatch']);
    expect(ackOf(group)).toMatchObject({ status: 'R', codes: ['4'] });
  });

  it('rejects a set numbered like an earlier one (AK5 23)', () => {
    const text = good.replace('ST*850*0002~', 'ST*850*0001~').replace('SE*5*0002~', 'SE*5*0001~');
    const group = interchangeOf(text).groups[0]!;
    expect(validateGroup(group).map((e) => e.code)).toEqual(['duplicate_control_number']);
  });

  it('rejects an 850 sent in an invoice group (AK5 6)', () => {
    const group = interchangeOf(good.replace('GS*PO*', 'GS*IN*')).groups[0]!;
    expect(validateGroup(group).map((e) => e.code)).toEqual([
      'invalid_transaction_set_id',
      'invalid_transaction_set_id',
    ]);
  });

  it('judges each group on its own: a bad group does not sink a good one', () => {
    const text = interchangeText([], {
      groups: [
        { controlNumber: 1, transactionSets: [order('B-1')] },
        { controlNumber: 2, transactionSets: [order('B-2')] },
      ],
    }).replace('GE*1*2~', 'GE*1*9~');
    const [first, second] = interchangeOf(text).groups;
    expect(ackOf(first!).status).toBe('A');
    expect(ackOf(second!)).toMatchObject({ status: 'R', codes: ['4'] });
  });
});

describe('interchange faults, answered by a TA1', () => {
  it.each([
    [
      'IEA02 differs from ISA13',
      good.replace('IEA*1*000000905~', 'IEA*1*000000906~'),
      'iea_control_number_mismatch',
      '001',
    ],
    ['IEA01 miscounts the groups', good.replace('IEA*1*', 'IEA*2*'), 'iea_group_count_mismatch', '021'],
    ['the IEA is missing', good.replace('IEA*1*000000905~', ''), 'missing_iea', '023'],
    ['the text stops mid-segment', good.slice(0, good.indexOf('CTT*1~SE*5*0002') + 4), 'truncated', '023'],
    [
      'a segment sits outside any group',
      good.replace('GS*', 'REF*X~GS*'),
      'invalid_control_structure',
      '022',
    ],
    ['ISA13 is not nine digits', good.replace(/\*000000905\*/, '*905*'), 'invalid_control_number', '018'],
  ])('refuses the interchange when %s', (_, text, code, noteCode) => {
    const parsed = parseInterchange(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe(code);
    const ta1 = technicalAckFor(parsed);
    expect(ta1).toMatchObject({ status: 'R', noteCode });
    // The TA1 itself goes out as an interchange of its own and reads back the same.
    const answer = interchangeOf(interchangeText([], { groups: [], technicalAcks: [writeTa1(ta1!)] }));
    expect(answer.technicalAcks.map(readTa1)).toEqual([ta1]);
  });

  it('keeps what it read of a truncated interchange so a 997 can name the missing SE and GE', () => {
    const error = rejected(good.slice(0, good.indexOf('SE*5*0002')));
    expect(error.code).toBe('missing_iea');
    const group = error.groups[0]!;
    expect(validateGroup(group).map((e) => [e.code, e.segmentId, e.position])).toEqual([
      ['missing_ge', 'GE', 11],
      ['missing_se', 'SE', 5],
    ]);
    expect(ackOf(group)).toMatchObject({
      status: 'R',
      codes: ['3'],
      sets: [
        expect.objectContaining({ status: 'R', codes: [] }),
        expect.objectContaining({ status: 'R', codes: ['2'] }),
      ],
    });
  });

  it.each([
    ['empty text', '', 'missing_isa'],
    ['text that is not X12', '{"order": 1}', 'missing_isa'],
    ['an ISA cut short', good.slice(0, 50), 'truncated'],
    ['a letter as element separator', `ISAX${good.slice(4).replaceAll('*', 'X')}`, 'invalid_delimiters'],
    ['a digit as segment terminator', good.replace('*>~', '*>7'), 'invalid_segment_terminator'],
    [
      'a blank terminator with no line break after it',
      good.replace('*>~', '*> '),
      'invalid_segment_terminator',
    ],
  ])('refuses %s', (_, text, code) => {
    expect(rejected(text).code).toBe(code);
  });

  it('refuses an interchange over the size bound before reading it', () => {
    const error = rejected(good + ' '.repeat(MAX_INTERCHANGE_CHARS));
    expect(error).toMatchObject({ code: 'too_large', header: null });
  });

  it('has no TA1 for text whose ISA could not be read', () => {
    expect(technicalAckFor(parseInterchange('hello'))).toBeNull();
  });
});
