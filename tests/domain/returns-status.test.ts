import { describe, expect, it } from 'vitest';
import {
  canReturnTransition,
  checkReturnTransition,
  RETURN_STATUSES,
  type ReturnStatus,
} from '../../worker/domain/returns/return-status';

// The allowed moves, written out independently of the table under test.
const ALLOWED = new Set([
  'requested>approved',
  'requested>rejected',
  'requested>cancelled',
  'approved>label_sent',
  'approved>in_transit',
  'approved>received',
  'approved>inspected',
  'approved>cancelled',
  'label_sent>in_transit',
  'label_sent>received',
  'label_sent>inspected',
  'label_sent>cancelled',
  'in_transit>received',
  'in_transit>inspected',
  'received>received',
  'received>inspected',
  'inspected>closed',
]);

const pairs = RETURN_STATUSES.flatMap((from) => RETURN_STATUSES.map((to) => ({ from, to })));

describe('the return status machine', () => {
  it.each(pairs.filter(({ from, to }) => !ALLOWED.has(`${from}>${to}`)))(
    'refuses $from -> $to with illegal_transition',
    ({ from, to }) => {
      expect(canReturnTransition(from, to)).toBe(false);
      expect(checkReturnTransition(from, to)).toEqual({ ok: false, code: 'illegal_transition', from, to });
    },
  );

  it.each(pairs.filter(({ from, to }) => ALLOWED.has(`${from}>${to}`)))(
    'allows $from -> $to',
    ({ from, to }) => {
      expect(checkReturnTransition(from, to)).toEqual({ ok: true });
    },
  );

  it('refuses any move out of a state it does not know', () => {
    expect(checkReturnTransition('lost', 'approved' as ReturnStatus)).toMatchObject({
      ok: false,
      from: 'lost',
    });
  });

  it('ends in closed, rejected and cancelled', () => {
    for (const end of ['closed', 'rejected', 'cancelled'] as const)
      expect(RETURN_STATUSES.filter((to) => canReturnTransition(end, to))).toEqual([]);
  });
});
