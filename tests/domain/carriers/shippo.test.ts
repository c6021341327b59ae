import { describe, expect, it } from 'vitest';
import { shippo } from '../../../worker/domain/carriers/shippo';
import type { LabelRequest, Rate } from '../../../worker/domain/carriers/types';

// Shippo bodies below follow the shapes in Shippo's API reference (no Shippo fixture is stored).
const request = (over: Partial<LabelRequest> = {}): LabelRequest => ({
  idempotency_key: 'shp_01TEST.2',
  from: {
    name: 'Dock 4',
    company: 'Switchyard Demo',
    line1: '1 Dock St',
    city: 'Newark',
    region: 'NJ',
    postal_code: '07105',
    country: 'US',
  },
  to: {
    name: 'Ada Lovelace',
    line1: '12 Analytical Way',
    line2: 'Apt 3',
    city: 'Brooklyn',
    region: 'NY',
    postal_code: '11215',
    country: 'US',
    email: 'ada@example.com',
  },
  parcel: { weight_grams: 1868, length_mm: 513, width_mm: 276, height_mm: 127 },
  label_format: 'ZPL',
  ...over,
});

const PRIORITY: Rate = {
  carrier: 'USPS',
  service: 'usps_priority',
  amount: 550,
  currency: 'USD',
  delivery_days: 2,
  rate_id: 'ec9f0d3adc9441449c85d315f0997fd5',
};
const ctx = { external_shipment_id: '5e40ead7cffe4cc1ad45108696162e42', rate: PRIORITY, request: request() };

const transaction = {
  object_id: '915d94940ea54c3a80cbfa328722f5a1',
  status: 'SUCCESS',
  tracking_number: '9499907123456123456781',
  label_url: 'https://shippo-delivery.s3.amazonaws.com/70ae8117ee1749e393f249d5b77c45e0.zpl',
  label_file_type: 'ZPLII',
  rate: 'ec9f0d3adc9441449c85d315f0997fd5',
  metadata: 'shp_01TEST.2',
  messages: [],
};

const LABEL = {
  carrier: 'USPS',
  service: 'usps_priority',
  amount: 550,
  currency: 'USD',
  tracking_code: '9499907123456123456781',
  label_url: 'https://shippo-delivery.s3.amazonaws.com/70ae8117ee1749e393f249d5b77c45e0.zpl',
  label_format: 'ZPL',
  external_shipment_id: '5e40ead7cffe4cc1ad45108696162e42',
  external_label_id: '915d94940ea54c3a80cbfa328722f5a1',
};

describe('Shippo shipments and rates', () => {
  it('sends addresses, one parcel in kilograms and centimetres (rounded up), async false and our key', () => {
    const built = shippo.createShipment(request());
    expect(built).toEqual({
      ok: true,
      value: {
        method: 'POST',
        path: '/shipments',
        headers: { 'Content-Type': 'application/json' },
        body: {
          address_from: {
            name: 'Dock 4',
            company: 'Switchyard Demo',
            street1: '1 Dock St',
            city: 'Newark',
            state: 'NJ',
            zip: '07105',
            country: 'US',
          },
          address_to: {
            name: 'Ada Lovelace',
            street1: '12 Analytical Way',
            street2: 'Apt 3',
            city: 'Brooklyn',
            state: 'NY',
            zip: '11215',
            country: 'US',
            email: 'ada@example.com',
          },
          parcels: [
            {
              length: '51.3',
              width: '27.6',
              height: '12.7',
              distance_unit: 'cm',
              weight: '1.868',
              mass_unit: 'kg',
            },
          ],
          async: false,
          metadata: 'shp_01TEST.2',
        },
      },
    });
  });

  it('describes a return as the outbound it reverses, with extra.is_return, so Shippo swaps the addresses', () => {
    const outbound = request();
    const asReturn = shippo.createShipment({
      ...outbound,
      from: outbound.to,
      to: outbound.from,
      is_return: true,
    });
    expect(asReturn.ok).toBe(true);
    const body = asReturn.ok ? (asReturn.value.body as Record<string, unknown>) : {};
    const normal = shippo.createShipment(outbound);
    const normalBody = normal.ok ? (normal.value.body as Record<string, unknown>) : {};
    expect(body.extra).toEqual({ is_return: true });
    expect(body.address_from).toEqual(normalBody.address_from);
    expect(body.address_to).toEqual(normalBody.address_to);
  });

  it('refuses a parcel without dimensions, which Shippo requires', () => {
    expect(shippo.createShipment(request({ parcel: { weight_grams: 500 } }))).toMatchObject({
      ok: false,
      failure: { code: 'unknown' },
    });
  });

  it('reads rates: amount strings to cents, servicelevel token as the service, estimated_days', () => {
    const body = {
      object_id: '5e40ead7cffe4cc1ad45108696162e42',
      status: 'SUCCESS',
      rates: [
        {
          object_id: 'ec9f0d3adc9441449c85d315f0997fd5',
          amount: '5.50',
          currency: 'USD',
          provider: 'USPS',
          servicelevel: { name: 'Priority Mail', token: 'usps_priority' },
          estimated_days: 2,
        },
        {
          object_id: 'a1',
          amount: '12',
          currency: 'USD',
          provider: 'UPS',
          servicelevel: { name: 'Ground', token: 'ups_ground' },
          estimated_days: null,
        },
        {
          object_id: 'broken',
          amount: 'n/a',
          currency: 'USD',
          provider: 'DHL',
          servicelevel: { token: 'dhl_express' },
        },
      ],
      messages: [{ source: 'FedEx', code: '', text: 'FedEx could not rate this parcel.' }],
    };
    expect(shippo.parseRates({ status: 201, body })).toEqual({
      ok: true,
      value: {
        external_shipment_id: '5e40ead7cffe4cc1ad45108696162e42',
        rates: [
          PRIORITY,
          {
            carrier: 'UPS',
            service: 'ups_ground',
            amount: 1200,
            currency: 'USD',
            delivery_days: null,
            rate_id: 'a1',
          },
        ],
        messages: ['FedEx: FedEx could not rate this parcel.'],
      },
    });
  });

  it('reads a validation error body with the field path in the message', () => {
    const res = { status: 400, body: { address_to: { zip: ['This field is required.'] } } };
    expect(shippo.parseRates(res)).toEqual({
      ok: false,
      failure: {
        code: 'address_invalid',
        message: 'address_to.zip: This field is required.',
        actions: ['retry', 'enter_tracking'],
      },
    });
  });
});

describe('Shippo transactions', () => {
  it('buys the rate synchronously, asking for ZPLII and tagging it with our key', () => {
    expect(shippo.buy(ctx).body).toEqual({
      rate: 'ec9f0d3adc9441449c85d315f0997fd5',
      label_file_type: 'ZPLII',
      async: false,
      metadata: 'shp_01TEST.2',
    });
    expect(shippo.buy({ ...ctx, request: request({ label_format: 'PDF' }) }).body).toMatchObject({
      label_file_type: 'PDF',
    });
  });

  it('reads a SUCCESS transaction, pricing it from the rate that was bought', () => {
    expect(shippo.parseBuy({ status: 201, body: transaction }, ctx)).toEqual({ ok: true, value: LABEL });
  });

  it.each([
    ['UPS API did not respond. Please try again in a few minutes.', 'carrier_unavailable'],
    ['The address as submitted could not be found. Please check for excess characters.', 'address_invalid'],
    ['Insufficient balance. Please add funds to your account.', 'insufficient_funds'],
    ['Parcel weight is required.', 'weight_missing'],
  ])('turns an ERROR transaction saying "%s" into %s', (text, code) => {
    const body = {
      ...transaction,
      status: 'ERROR',
      tracking_number: '',
      label_url: '',
      messages: [{ source: 'UPS', code: 'x', text }],
    };
    expect(shippo.parseBuy({ status: 201, body }, ctx)).toMatchObject({
      ok: false,
      failure: { code, message: `UPS: ${text}` },
    });
  });

  it('treats a transaction still QUEUED as not known yet, so the purchase logic looks it up', () => {
    const body = { ...transaction, status: 'QUEUED', tracking_number: '', label_url: '' };
    expect(shippo.parseBuy({ status: 201, body }, ctx)).toMatchObject({
      ok: false,
      failure: { code: 'carrier_unavailable' },
    });
  });

  it('looks up by listing transactions since the first attempt and matching our metadata', () => {
    expect(shippo.lookup({ idempotency_key: 'shp_01TEST.2', since: '2025-05-09T20:40:00Z' }).path).toBe(
      '/transactions?results=100&object_created_gt=2025-05-09T20%3A40%3A00Z',
    );
    const listed = {
      ...transaction,
      rate: {
        object_id: 'ec9f0d3adc9441449c85d315f0997fd5',
        amount: '5.5',
        currency: 'USD',
        provider: 'USPS',
        servicelevel_token: 'usps_priority',
      },
    };
    const body = {
      next: null,
      results: [{ ...transaction, object_id: 'other', metadata: 'shp_01OTHER.1' }, listed],
    };
    const query = {
      idempotency_key: 'shp_01TEST.2',
      external_shipment_id: '5e40ead7cffe4cc1ad45108696162e42',
    };
    expect(shippo.parseLookup({ status: 200, body }, query)).toEqual({
      ok: true,
      value: { label: LABEL, external_shipment_id: '5e40ead7cffe4cc1ad45108696162e42' },
    });
    expect(shippo.parseLookup({ status: 200, body: { results: [] } }, query)).toEqual({
      ok: true,
      value: { label: null, external_shipment_id: '5e40ead7cffe4cc1ad45108696162e42' },
    });
  });

  it('voids with a refund of the transaction and reads its status', () => {
    expect(shippo.voidLabel(LABEL as never)).toEqual({
      method: 'POST',
      path: '/refunds',
      headers: { 'Content-Type': 'application/json' },
      body: { transaction: '915d94940ea54c3a80cbfa328722f5a1', async: false },
    });
    expect(shippo.parseVoid({ status: 201, body: { status: 'QUEUED' } })).toEqual({
      ok: true,
      value: 'submitted',
    });
    expect(shippo.parseVoid({ status: 201, body: { status: 'SUCCESS' } })).toEqual({
      ok: true,
      value: 'voided',
    });
    expect(shippo.parseVoid({ status: 201, body: { status: 'ERROR' } })).toEqual({
      ok: true,
      value: 'rejected',
    });
  });
});
