import { describe, expect, it } from 'vitest';
import { normalizeShopifyRefund, type ShopifyRefund } from '../../../worker/domain/channels/shopify';
import fixture from '../../fixtures/shopify-rest-refund.json';

const refund = (over: Record<string, unknown> = {}) => ({ ...structuredClone(fixture.refund), ...over });

const expected: ShopifyRefund = {
  external_refund_id: '509562969',
  external_order_id: '450789469',
  amount: 20900,
  currency: 'USD',
  lines: [
    { line_item_id: '703073504', quantity: 1, restock_type: 'legacy_restock' },
    { line_item_id: '466157049', quantity: 1, restock_type: 'legacy_restock' },
  ],
  created_at: '2016-06-20T17:35:06.000Z',
};

describe('normalizeShopifyRefund', () => {
  it('turns the fixture refund into amount, lines and restock intent', () => {
    expect(normalizeShopifyRefund(fixture.refund)).toEqual(expected);
  });

  it('prefers each line restock_type over the deprecated refund-level flag', () => {
    const lines = structuredClone(fixture.refund.refund_line_items).map((line, i) => ({
      ...line,
      restock_type: i === 0 ? 'return' : 'no_restock',
    }));
    const result = normalizeShopifyRefund(refund({ refund_line_items: lines }));
    expect(result.lines.map((l) => l.restock_type)).toEqual(['return', 'no_restock']);
  });

  it('reads restock: false as no_restock', () => {
    const result = normalizeShopifyRefund(refund({ restock: false }));
    expect(result.lines.map((l) => l.restock_type)).toEqual(['no_restock', 'no_restock']);
  });

  it('counts only successful refund transactions', () => {
    const [paid] = fixture.refund.transactions;
    const transactions = [
      paid,
      { ...paid, id: 2, status: 'failure', amount: '50.00' },
      { ...paid, id: 3, amount: '1.50' },
    ];
    expect(normalizeShopifyRefund(refund({ transactions })).amount).toBe(21050);
  });

  it('reports no money and no currency for a refund without transactions', () => {
    const result = normalizeShopifyRefund(refund({ transactions: [] }));
    expect(result.amount).toBe(0);
    expect(result.currency).toBeNull();
  });

  it('names the field when a transaction amount is malformed', () => {
    const [paid] = fixture.refund.transactions;
    expect(() =>
      normalizeShopifyRefund(refund({ transactions: [{ ...paid, amount: '209' + '.000001' }] })),
    ).toThrow(expect.objectContaining({ name: 'ChannelPayloadError', field: 'transactions.0.amount' }));
  });
});
