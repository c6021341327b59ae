import { describe, expect, it } from 'vitest';
import {
  type MarketplaceReturnLine,
  marketplaceMove,
  matchReturnLines,
} from '../../worker/domain/returns/marketplace-return';
import { checkReturnTransition, RETURN_STATUSES } from '../../worker/domain/returns/return-status';

const item = (channel_sku: string | null, quantity: number, over: Partial<MarketplaceReturnLine> = {}) => ({
  channel_sku,
  quantity,
  reason: 'damaged' as const,
  channel_reason: 'CR-DEFECTIVE',
  ...over,
});

describe('matching a marketplace return to order lines', () => {
  it('takes each item onto the line of its channel SKU', () => {
    const m = matchReturnLines(
      [item('A', 1), item('B', 2, { reason: 'changed_mind', channel_reason: 'CR-UNWANTED_ITEM' })],
      [
        { id: 'l1', channelSku: 'A', returnable: 3 },
        { id: 'l2', channelSku: 'B', returnable: 2 },
      ],
    );
    expect(m).toEqual({
      lines: [
        { orderLineId: 'l1', quantity: 1, reason: 'damaged', note: 'CR-DEFECTIVE' },
        { orderLineId: 'l2', quantity: 2, reason: 'changed_mind', note: 'CR-UNWANTED_ITEM' },
      ],
      unmatched: [],
      exceeded: [],
    });
  });

  it('spreads an item over several lines of one SKU, first line first', () => {
    const m = matchReturnLines(
      [item('A', 3)],
      [
        { id: 'l1', channelSku: 'A', returnable: 1 },
        { id: 'l2', channelSku: 'A', returnable: 5 },
      ],
    );
    expect(m.lines.map((l) => [l.orderLineId, l.quantity])).toEqual([
      ['l1', 1],
      ['l2', 2],
    ]);
  });

  it('lists items of no line as unmatched, and units beyond what may be returned as exceeded', () => {
    const m = matchReturnLines(
      [item('GONE', 1), item(null, 1, { item_id: '325' }), item('A', 4)],
      [{ id: 'l1', channelSku: 'A', returnable: 3 }],
    );
    expect(m.lines).toEqual([{ orderLineId: 'l1', quantity: 3, reason: 'damaged', note: 'CR-DEFECTIVE' }]);
    expect(m.unmatched).toEqual([
      { channel_sku: 'GONE', item_id: undefined, quantity: 1 },
      { channel_sku: null, item_id: '325', quantity: 1 },
    ]);
    expect(m.exceeded).toEqual([{ channel_sku: 'A', requested: 4, returnable: 3 }]);
  });
});

describe("a marketplace state's move", () => {
  it('moves an approved or labelled return in transit once the buyer shipped it or it was delivered', () => {
    for (const state of ['in_transit', 'delivered'] as const) {
      expect(marketplaceMove('approved', state)).toBe('in_transit');
      expect(marketplaceMove('label_sent', state)).toBe('in_transit');
      expect(marketplaceMove('received', state)).toBeNull();
    }
  });

  it('cancels a return withdrawn on the channel only before anything came back', () => {
    expect(marketplaceMove('approved', 'cancelled')).toBe('cancelled');
    expect(marketplaceMove('in_transit', 'cancelled')).toBeNull();
    expect(marketplaceMove('inspected', 'cancelled')).toBeNull();
  });

  it('never proposes a move the status machine refuses, and leaves open and closed to the refund', () => {
    for (const from of RETURN_STATUSES) {
      for (const state of ['open', 'in_transit', 'delivered', 'closed', 'cancelled'] as const) {
        const to = marketplaceMove(from, state);
        if (to) expect(checkReturnTransition(from, to).ok).toBe(true);
        if (state === 'open' || state === 'closed') expect(to).toBeNull();
      }
    }
  });
});
