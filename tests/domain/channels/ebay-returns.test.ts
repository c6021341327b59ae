import { describe, expect, it } from 'vitest';
import {
  ebayReturnedItemSku,
  ebayReturnReason,
  ebayReturnSearchRequest,
  ebayReturnsPage,
} from '../../../worker/domain/channels/ebay-returns';
import orders from '../../fixtures/channels/ebay-getOrders-response.json';
import search from '../../fixtures/channels/ebay-return-search-response.json';

const order = orders.orders[0]!;
const member = (over: Record<string, unknown>) => ({ ...structuredClone(search.members[0]!), ...over });

describe('eBay return/search', () => {
  it('asks for the returns created in a window, a page of 200 at a time', () => {
    const req = ebayReturnSearchRequest({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-29T00:00:00.000Z',
      offset: 200,
    });
    const url = new URL(req.path, 'https://api.ebay.com');
    expect(url.pathname).toBe('/post-order/v2/return/search');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      creation_date_range_from: '2026-11-01T00:00:00.000Z',
      creation_date_range_to: '2026-11-29T00:00:00.000Z',
      limit: '200',
      offset: '200',
      sort: 'CREATION_DATE',
    });
  });

  it('reads each member as a return of its item, with the refund eBay actually paid', () => {
    const page = ebayReturnsPage(search);
    expect(page.errors).toEqual([]);
    expect(page.next_offset).toBeNull();
    expect(page.returns).toEqual([
      {
        external_return_id: '5000123456',
        external_order_id: '06-15211-22068',
        state: 'open',
        channel_status: 'RETURN_REQUESTED',
        requested_at: '2026-11-20T09:14:03.000Z',
        lines: [
          {
            channel_sku: null,
            item_id: '325871430291',
            transaction_id: '10058394830012',
            quantity: 1,
            reason: 'damaged',
            channel_reason: 'ARRIVED_DAMAGED',
          },
        ],
        // only an estimate so far: nothing was refunded
        refund: null,
      },
      {
        external_return_id: '5000123457',
        external_order_id: '06-15211-22068',
        state: 'in_transit',
        channel_status: 'ITEM_SHIPPED',
        requested_at: '2026-11-21T16:40:00.000Z',
        lines: [
          {
            channel_sku: null,
            item_id: '325871430298',
            transaction_id: '10058394830013',
            quantity: 1,
            reason: 'changed_mind',
            channel_reason: 'NO_LONGER_NEED_ITEM',
          },
        ],
        refund: { amount: 1849, currency: 'EUR' },
      },
    ]);
  });

  it('names the next offset while entries remain', () => {
    const page = ebayReturnsPage({
      ...search,
      paginationOutput: { limit: 2, offset: 0, totalEntries: 5, totalPages: 3 },
    });
    expect(page.next_offset).toBe(2);
  });

  it.each([
    ['RETURN_REJECTED', 0, 'cancelled'],
    ['CLOSED', 0, 'cancelled'],
    ['CLOSED', 10, 'closed'],
    ['ITEM_DELIVERED', 0, 'delivered'],
    ['READY_FOR_SHIPPING', 0, 'open'],
  ])('reads status %s (refunded %d) as %s', (status, refunded, state) => {
    const body = member({
      status,
      sellerTotalRefund: refunded ? { actualRefundAmount: { value: refunded, currency: 'EUR' } } : {},
    });
    expect(ebayReturnsPage({ members: [body] }).returns[0]!.state).toBe(state);
  });

  it('reports an unreadable member and still reads the others', () => {
    const page = ebayReturnsPage({ members: [member({ returnId: '' }), search.members[1]] });
    expect(page.returns.map((r) => r.external_return_id)).toEqual(['5000123457']);
    expect(page.errors).toEqual([{ index: 0, message: expect.stringContaining('members.0.returnId') }]);
  });

  it.each([
    ['DEFECTIVE_ITEM', 'damaged'],
    ['DIFFERENT_FROM_LISTING', 'not_as_described'],
    ['ORDERED_ACCIDENTALLY', 'changed_mind'],
    ['ARRIVED_LATE', 'unspecified'],
    ['OTHER', 'unspecified'],
  ])('maps reason %s to %s', (code, reason) => {
    expect(ebayReturnReason(code)).toBe(reason);
  });
});

describe('the SKU of a returned eBay item', () => {
  it('is the SKU of the line item whose id is the transaction id', () => {
    expect(ebayReturnedItemSku(order, { item_id: '325871430291', transaction_id: '10058394830012' })).toBe(
      'MUG-ESP-BLU',
    );
  });

  it('is item id and variation for a line without a SKU, as the order normalizer names it', () => {
    expect(ebayReturnedItemSku(order, { item_id: '325871430298' })).toBe('325871430298/614220418871');
  });

  it('is null for an item the order does not have', () => {
    expect(ebayReturnedItemSku(order, { item_id: '999', transaction_id: '1' })).toBeNull();
  });
});
