import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETURN_POLICY,
  decideApproval,
  type ReturnFacts,
} from '../../worker/domain/returns/approval';
import { returnLinesFromChannelRefund } from '../../worker/domain/returns/channel-return';
import { checkReturnQuantities, planReceipt } from '../../worker/domain/returns/quantities';
import { exceedsOrder, refundAmount, refundMismatch } from '../../worker/domain/returns/refund';

const facts = (over: Partial<ReturnFacts> = {}): ReturnFacts => ({
  fulfilledAt: '2026-03-01T00:00:00Z',
  now: '2026-03-10T00:00:00Z',
  lines: [{ sku: 'TOTE', quantity: 1, unitPrice: 1500, reason: 'damaged', finalSale: false }],
  ...over,
});

describe('return approval policy', () => {
  it('approves a small, recent return at once', () => {
    expect(decideApproval(DEFAULT_RETURN_POLICY, facts())).toEqual({ auto: true, reasons: [] });
  });

  it('sends a return asked for after the window to a person', () => {
    const late = decideApproval(DEFAULT_RETURN_POLICY, facts({ now: '2026-04-15T00:00:00Z' }));
    expect(late.auto).toBe(false);
    expect(late.reasons).toEqual(['asked 45 days after delivery (window: 30)']);
  });

  it('sends a return worth more than the limit to a person', () => {
    const lines = [
      { sku: 'TOTE', quantity: 3, unitPrice: 9000, reason: 'damaged' as const, finalSale: false },
    ];
    expect(decideApproval(DEFAULT_RETURN_POLICY, facts({ lines })).reasons).toEqual([
      'worth 27000, above the 20000 approved without a person',
    ]);
  });

  it('sends a change of mind on a final-sale SKU to a person, but not a damaged one', () => {
    const line = { sku: 'FINAL', quantity: 1, unitPrice: 100, finalSale: true };
    expect(
      decideApproval(DEFAULT_RETURN_POLICY, facts({ lines: [{ ...line, reason: 'changed_mind' }] })).auto,
    ).toBe(false);
    expect(
      decideApproval(DEFAULT_RETURN_POLICY, facts({ lines: [{ ...line, reason: 'damaged' }] })).auto,
    ).toBe(true);
  });

  it('lets every return wait when auto approval is off', () => {
    expect(decideApproval({ ...DEFAULT_RETURN_POLICY, auto_approve: false }, facts()).auto).toBe(false);
  });
});

describe('return quantities', () => {
  const bounds = [{ orderLineId: 'L1', shipped: 3, returned: 2 }];

  it('refuses more than shipped less what earlier returns claim, saying how many may come back', () => {
    expect(checkReturnQuantities([{ orderLineId: 'L1', quantity: 2 }], bounds)).toEqual({
      ok: false,
      code: 'return_quantity_exceeded',
      lines: [{ order_line_id: 'L1', requested: 2, returnable: 1 }],
    });
    expect(checkReturnQuantities([{ orderLineId: 'L1', quantity: 1 }], bounds)).toEqual({ ok: true });
  });

  it('spreads scanned units over the lines of that SKU and refuses more than expected', () => {
    const lines = [
      { id: 'A', sku: 'TOTE', quantity: 1, received: 0 },
      { id: 'B', sku: 'TOTE', quantity: 2, received: 1 },
    ];
    expect(planReceipt(lines, [{ sku: 'TOTE', quantity: 2, disposition: 'restock' }])).toEqual({
      ok: true,
      receipts: [
        { lineId: 'A', sku: 'TOTE', quantity: 1, disposition: 'restock' },
        { lineId: 'B', sku: 'TOTE', quantity: 1, disposition: 'restock' },
      ],
    });
    expect(planReceipt(lines, [{ sku: 'TOTE', quantity: 3, disposition: 'write_off' }])).toEqual({
      ok: false,
      code: 'over_receive',
      sku: 'TOTE',
      scanned: 3,
      expected: 2,
    });
    expect(planReceipt(lines, [{ sku: 'MUG', quantity: 1, disposition: 'restock' }])).toMatchObject({
      ok: false,
      code: 'wrong_item',
    });
  });
});

describe('refund amounts', () => {
  it('is lines plus shipping less the restocking fee, and never below zero', () => {
    expect(refundAmount({ lines_amount: 3000, shipping_amount: 500, restocking_fee: 300 })).toEqual({
      ok: true,
      amount: 3200,
    });
    expect(refundAmount({ lines_amount: 100, shipping_amount: 0, restocking_fee: 300 }).ok).toBe(false);
  });

  it('knows when refunds exceed the order and when two amounts disagree', () => {
    expect(exceedsOrder(5000, 4000, 1001)).toBe(true);
    expect(exceedsOrder(5000, 4000, 1000)).toBe(false);
    expect(refundMismatch(1500, 20900)).toBe(true);
    expect(refundMismatch(null, 20900)).toBe(false);
  });
});

describe('a channel refund read as a return', () => {
  it('takes only lines marked returned, mapped by the channel SKU of the order line', () => {
    const result = returnLinesFromChannelRefund(
      [
        { line_item_id: '1', quantity: 1, restock_type: 'return' },
        { line_item_id: '2', quantity: 1, restock_type: 'no_restock' },
        { line_item_id: '3', quantity: 2, restock_type: 'return' },
        { line_item_id: '4', quantity: 1, restock_type: 'return' },
      ],
      { '1': 'TOTE', '2': 'MUG', '3': 'TOTE', '4': 'UNKNOWN' },
      [
        { id: 'ord.1', channelSku: 'TOTE' },
        { id: 'ord.2', channelSku: 'MUG' },
      ],
    );
    expect(result).toEqual({ lines: [{ orderLineId: 'ord.1', quantity: 3 }], unmatched: ['4'] });
  });
});
