import { describe, expect, it } from 'vitest';
import {
  etsyConnector,
  etsyGetReceiptsRequest,
  etsyInventoryUpdate,
  etsyListingInventoryRequest,
  etsyMinorUnits,
  etsyNextOffset,
  etsyReceiptShipmentRequest,
  etsyReceiptsPage,
  normalizeEtsyReceipt,
} from '../../../worker/domain/channels/etsy';
import { CHANNEL_RATE_LIMITS } from '../../../worker/domain/channels/rate-limits';
import type { ChannelOrder } from '../../../worker/domain/channels/types';
import { CreateOrderBody } from '../../../worker/schemas/orders';
import receiptsPage from '../../fixtures/channels/etsy-getShopReceipts-response.json';
import inventory from '../../fixtures/channels/etsy-listing-inventory.json';

const [paidReceipt, cancelledReceipt] = receiptsPage.results;
const receipt = (over: Record<string, unknown> = {}) => ({ ...structuredClone(paidReceipt!), ...over });

const expectedPaid: ChannelOrder = {
  order: {
    external_id: '3581924067',
    currency: 'USD',
    placed_at: '2026-03-02T14:05:31.000Z',
    customer: { name: 'Jennifer Okafor', email: 'j.okafor@example.net' },
    lines: [
      {
        sku: 'PLANTER-M-WHT',
        quantity: 2,
        unit_price: 4200,
        name: 'Hand-thrown stoneware planter, medium, speckled white',
      },
      { sku: '1601128845/14677310021', quantity: 1, unit_price: 2000, name: 'Linen napkins, set of 4' },
    ],
    ship_to: {
      name: 'Jennifer Okafor',
      line1: '418 Larkspur Lane',
      line2: 'Apt 2',
      city: 'Asheville',
      region: 'NC',
      postal_code: '28801',
      country: 'US',
    },
    shipping_total: 850,
    tax_total: 712,
    discount_total: 712,
  },
  status: 'open',
  updated_at: '2026-03-02T14:50:12.000Z',
};

describe('normalizeEtsyReceipt', () => {
  it('turns a receipt into the canonical order, ids as strings and money in cents', () => {
    expect(normalizeEtsyReceipt(paidReceipt)).toEqual(expectedPaid);
  });

  it('produces bodies the orders API accepts', () => {
    for (const r of receiptsPage.results) {
      expect(CreateOrderBody.safeParse({ channel: 'etsy', ...normalizeEtsyReceipt(r).order }).success).toBe(
        true,
      );
    }
  });

  it('marks a canceled receipt cancelled, adds VAT to tax and drops blank address parts', () => {
    const result = normalizeEtsyReceipt(cancelledReceipt);
    expect(result.status).toBe('cancelled');
    expect(result.order).toMatchObject({ currency: 'EUR', tax_total: 551, shipping_total: 550 });
    expect(result.order.customer).toEqual({ name: 'Lukas Brandt' });
    expect(result.order.ship_to).toEqual({
      name: 'Lukas Brandt',
      line1: 'Schönhauser Allee 41',
      city: 'Berlin',
      postal_code: '10435',
      country: 'DE',
    });
  });

  it('names the field when an amount would need rounding or mixes currencies', () => {
    const items = structuredClone(paidReceipt!.transactions);
    items[0]!.price = { amount: 41995, divisor: 1000, currency_code: 'USD' };
    expect(() => normalizeEtsyReceipt(receipt({ transactions: items }))).toThrow(
      expect.objectContaining({ name: 'ChannelPayloadError', field: 'transactions.0.price.amount' }),
    );
    expect(() =>
      normalizeEtsyReceipt(
        receipt({ total_shipping_cost: { amount: 850, divisor: 100, currency_code: 'CAD' } }),
      ),
    ).toThrow(expect.objectContaining({ field: 'total_shipping_cost.currency_code' }));
  });

  it('converts money by the currency exponent, not by assuming cents', () => {
    expect(etsyMinorUnits('x', { amount: 41990, divisor: 1000, currency_code: 'USD' }, 'USD')).toBe(4199);
    expect(etsyMinorUnits('x', { amount: 1500, divisor: 1, currency_code: 'JPY' }, 'JPY')).toBe(1500);
  });

  it('refuses a receipt with no transactions or a non-numeric id', () => {
    expect(() => normalizeEtsyReceipt(receipt({ transactions: [] }))).toThrow(
      expect.objectContaining({ field: 'transactions' }),
    );
    expect(() => normalizeEtsyReceipt(receipt({ receipt_id: '3581924067' }))).toThrow(
      expect.objectContaining({ field: 'receipt_id' }),
    );
  });
});

describe('Etsy receipts paging', () => {
  it('asks for receipts modified since an instant, in epoch seconds, oldest update first', () => {
    const request = etsyGetReceiptsRequest({ shopId: '41223344', modifiedSince: '2026-03-02T00:00:00Z' });
    expect(request.path).toBe(
      '/v3/application/shops/41223344/receipts?min_last_modified=1772409600&sort_on=updated&sort_order=asc&limit=100&offset=0',
    );
    expect(() => etsyGetReceiptsRequest({ shopId: '1', modifiedSince: 'soon' })).toThrow(RangeError);
    expect(() => etsyGetReceiptsRequest({ shopId: '1', modifiedSince: '2026-03-02', limit: 101 })).toThrow(
      RangeError,
    );
  });

  it('walks the offset until count is reached', () => {
    expect(etsyReceiptsPage(receiptsPage, { limit: 2, offset: 0 })).toEqual({
      receipts: receiptsPage.results,
      next_offset: 2,
    });
    expect(etsyNextOffset({ count: 3, limit: 2, offset: 2 })).toBeNull();
  });
});

describe('etsyInventoryUpdate', () => {
  const put = (result: ReturnType<typeof etsyInventoryUpdate>) => {
    if (!result.ok) throw new Error(`refused: ${result.code}`);
    return { ...result.request, json: JSON.parse(result.request.body) };
  };

  it('changes only the matched product and sends every other product back as read', () => {
    const request = put(
      etsyInventoryUpdate('1587342210', inventory, [{ sku: 'PLANTER-M-WHT', quantity: 3 }]),
    );
    expect(request).toMatchObject({ method: 'PUT', path: '/v3/application/listings/1587342210/inventory' });
    const sizeValue = (id: number, value: string) => ({
      property_id: 62809790395,
      property_name: 'Size',
      scale_id: null,
      value_ids: [id],
      values: [value],
    });
    expect(request.json).toEqual({
      products: [
        {
          sku: 'PLANTER-S-WHT',
          property_values: [sizeValue(1290331141, 'Small')],
          offerings: [{ price: 32, quantity: 4, is_enabled: true }],
        },
        {
          sku: 'PLANTER-M-WHT',
          property_values: [sizeValue(1290331145, 'Medium')],
          offerings: [{ price: 42, quantity: 3, is_enabled: true }],
        },
        {
          sku: 'PLANTER-L-WHT',
          property_values: [sizeValue(1290331149, 'Large')],
          offerings: [{ price: 58.5, quantity: 0, is_enabled: false }],
        },
      ],
      price_on_property: [62809790395],
      quantity_on_property: [62809790395],
      sku_on_property: [62809790395],
    });
  });

  it('leaves out the read-only ids and deleted products the write would refuse', () => {
    const withDeleted = structuredClone(inventory);
    withDeleted.products[2]!.is_deleted = true;
    const request = put(etsyInventoryUpdate('1', withDeleted, [{ sku: 'PLANTER-S-WHT', quantity: 1 }]));
    expect(request.json.products.map((p: { sku: string }) => p.sku)).toEqual([
      'PLANTER-S-WHT',
      'PLANTER-M-WHT',
    ]);
    expect(request.body).not.toContain('product_id');
    expect(request.body).not.toContain('offering_id');
    expect(request.body).not.toContain('is_deleted');
  });

  it('refuses a SKU the listing does not have, and an out-of-range quantity', () => {
    expect(etsyInventoryUpdate('1', inventory, [{ sku: 'PLANTER-XL', quantity: 1 }])).toEqual({
      ok: false,
      code: 'sku_not_in_listing',
      sku: 'PLANTER-XL',
    });
    expect(etsyInventoryUpdate('1', inventory, [{ sku: 'PLANTER-S-WHT', quantity: 1000 }])).toMatchObject({
      ok: false,
      code: 'quantity_out_of_range',
    });
    expect(etsyInventoryUpdate('1', inventory, [{ sku: null, quantity: 1 }])).toMatchObject({
      ok: false,
      code: 'sku_not_in_listing',
    });
  });

  it('refuses a per-SKU quantity on a listing whose products share one quantity', () => {
    const shared = { ...structuredClone(inventory), quantity_on_property: [] };
    for (const p of shared.products) p.offerings[0]!.quantity = 5;
    expect(etsyInventoryUpdate('1', shared, [{ sku: 'PLANTER-S-WHT', quantity: 2 }])).toMatchObject({
      ok: false,
      code: 'quantity_not_per_product',
    });
    const all = shared.products.map((p) => ({ sku: p.sku, quantity: 2 }));
    expect(etsyInventoryUpdate('1', shared, all).ok).toBe(true);
  });
});

describe('etsyConnector stock push', () => {
  it('reads each listing once, then writes each from what was read', () => {
    const connector = etsyConnector();
    const items = [
      { listingId: '1587342210', sku: 'PLANTER-S-WHT', quantity: 1 },
      { listingId: '1587342210', sku: 'PLANTER-L-WHT', quantity: 6 },
    ];
    expect(connector.inventoryReads?.(items)).toEqual([etsyListingInventoryRequest('1587342210')]);
    expect(() => connector.inventoryPush(items, 'key')).toThrow(RangeError);
    const [request] = connector.inventoryPush(items, 'key', [inventory]);
    const quantities = JSON.parse(request!.body).products.map(
      (p: { offerings: { quantity: number }[] }) => p.offerings[0]!.quantity,
    );
    expect(quantities).toEqual([1, 9, 6]);
    expect(() =>
      connector.inventoryPush([{ listingId: '1', sku: 'NOPE', quantity: 1 }], 'key', [inventory]),
    ).toThrow(expect.objectContaining({ name: 'ChannelPayloadError' }));
  });
});

describe('etsyReceiptShipmentRequest', () => {
  it('posts the tracking code and carrier for the receipt', () => {
    const request = etsyReceiptShipmentRequest('41223344', '3581924067', {
      trackingCode: ' 9400111899223817576432 ',
      carrierName: 'usps',
    });
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v3/application/shops/41223344/receipts/3581924067/tracking',
    });
    expect(JSON.parse(request.body)).toEqual({
      tracking_code: '9400111899223817576432',
      carrier_name: 'usps',
    });
    expect(() => etsyReceiptShipmentRequest('1', '2', { trackingCode: '', carrierName: 'usps' })).toThrow(
      RangeError,
    );
  });
});

describe('Etsy rate budget', () => {
  it('holds to 10 requests a second and 10,000 in any day', () => {
    const second = CHANNEL_RATE_LIMITS['etsy.perSecond'];
    const day = CHANNEL_RATE_LIMITS['etsy.perDay'];
    expect(second).toEqual({ capacity: 10, refillPerSecond: 10 });
    expect(day.capacity + day.refillPerSecond * 86_400).toBeCloseTo(10_000, 6);
  });
});
