import { describe, expect, it } from 'vitest';
import { cancellation, preFulfilmentCancel } from '../../../worker/domain/kpi/cancellation';
import type { CancelledBy } from '../../../worker/domain/kpi/facts';
import { context, facts, line, order } from './facts';

const cancelled = (by: CancelledBy, at = '2025-03-10T15:00:00Z') => ({
  status: 'cancelled',
  cancellation: { at, by },
});

const amazon = (id: string, over = {}) => order(id, { channel: 'amz', channelType: 'amazon', ...over });

const SIX = facts({
  orders: [
    amazon('a'),
    amazon('b', cancelled('seller')),
    amazon('c', cancelled('buyer')),
    amazon('d', cancelled('channel')),
    // one of two lines cancelled: the order goes on, so it is not a cancelled order
    amazon('e', { lines: [line({ id: 'e1' }), line({ id: 'e2', quantity: 2, cancelledQuantity: 2 })] }),
    // cancelled after the report time: not cancelled as of then
    amazon('f', cancelled('seller', '2025-04-02T00:00:00Z')),
  ],
});

describe('cancellation', () => {
  it('counts orders cancelled as a whole by anyone, against orders placed that day; partial cancels apart', () => {
    // cancelled: b, c, d -> 3 / 6; e only lost a line
    expect(cancellation(SIX, context()).buckets).toEqual([
      {
        channel: 'amz',
        location: null,
        day: '2025-03-10',
        numerator: 3,
        denominator: 6,
        ratio: 0.5,
        ids: { numerator: ['b', 'c', 'd'], denominator: ['a', 'b', 'c', 'd', 'e', 'f'] },
        partialIds: ['e'],
      },
    ]);
  });

  it('counts an order in the day it was placed in the account time zone, whenever it was cancelled', () => {
    // placed 02:00Z on the 11th = 19:00 PDT on the 10th; cancelled on the 12th
    const input = facts({
      orders: [
        order('o1', { placedAt: '2025-03-11T02:00:00Z', ...cancelled('seller', '2025-03-12T10:00:00Z') }),
      ],
    });
    expect(cancellation(input, context(undefined, 'America/Los_Angeles')).buckets).toMatchObject([
      { day: '2025-03-10', numerator: 1, denominator: 1 },
    ]);
  });

  it('leaves out orders placed after the report time, and is empty for no facts', () => {
    expect(cancellation(facts({ orders: [order('o1')] }), context('2025-03-10T11:59:59Z')).buckets).toEqual(
      [],
    );
    expect(cancellation(facts(), context()).buckets).toEqual([]);
  });
});

describe('preFulfilmentCancel', () => {
  it('counts seller and channel cancellations, not buyer-requested ones', () => {
    // b (seller) and d (channel: a seller cancelling in Seller Central) -> 2 / 6
    expect(preFulfilmentCancel(SIX, context()).buckets).toEqual([
      {
        channel: 'amz',
        location: null,
        day: '2025-03-10',
        numerator: 2,
        denominator: 6,
        ratio: 2 / 6,
        ids: { numerator: ['b', 'd'], denominator: ['a', 'b', 'c', 'd', 'e', 'f'] },
      },
    ]);
  });

  it('is empty for no facts', () => {
    expect(preFulfilmentCancel(facts(), context()).buckets).toEqual([]);
  });
});
