import { describe, expect, it } from 'vitest';
import { easypost, easypostReference } from '../../../worker/domain/carriers/easypost';
import { chooseRate } from '../../../worker/domain/carriers/rate-shop';
import type { LabelRequest, Rate } from '../../../worker/domain/carriers/types';
import buyRequest from '../../fixtures/easypost-shipments-buy-request.json';
import buyResponse from '../../fixtures/easypost-shipments-buy-response.json';
import createRequest from '../../fixtures/easypost-shipments-create-request.json';
import createResponse from '../../fixtures/easypost-shipments-create-response.json';

/** The fixture's shipment in our terms: 1868 g and 513 x 276 x 127 mm are its 65.9 oz and 20.2 x 10.9 x 5 in. */
const request = (over: Partial<LabelRequest> = {}): LabelRequest => ({
  idempotency_key: 'shp_01TEST.1',
  from: {
    name: 'EasyPost',
    line1: '417 Montgomery Street',
    line2: '5th Floor',
    city: 'San Francisco',
    region: 'CA',
    postal_code: '94104',
    country: 'US',
    phone: '4153334445',
    email: 'support@easypost.com',
  },
  to: {
    name: 'Dr. Steve Brule',
    line1: '179 N Harbor Dr',
    city: 'Redondo Beach',
    region: 'CA',
    postal_code: '90277',
    country: 'US',
    phone: '8573875756',
    email: 'dr_steve_brule@gmail.com',
  },
  parcel: { weight_grams: 1868, length_mm: 513, width_mm: 276, height_mm: 127 },
  label_format: 'PDF',
  reference: '#1001',
  ...over,
});

const GROUND: Rate = {
  carrier: 'USPS',
  service: 'GroundAdvantage',
  amount: 820,
  currency: 'USD',
  delivery_days: 3,
  rate_id: 'rate_5d76435160da498fb8976b64f9f69b06',
};
const ctx = {
  external_shipment_id: 'shp_40b6f049f00348b18de3804a26f7fd62',
  rate: GROUND,
  request: request(),
};

const BOUGHT = {
  carrier: 'USPS',
  service: 'GroundAdvantage',
  amount: 820,
  currency: 'USD',
  tracking_code: '9434600208303109842228',
  label_url:
    'https://easypost-files.s3.us-west-2.amazonaws.com/files/postage_label/20250509/e8bbb027b8222f4578ab4250487ed98fc6.png',
  label_format: 'PNG',
  external_shipment_id: 'shp_40b6f049f00348b18de3804a26f7fd62',
  external_label_id: 'pl_ee9667b7f7cf4ec480f0c4cf3c53f39c',
};

describe('EasyPost create shipment', () => {
  it('builds the documented body: the fixture addresses, the parcel in ounces and inches, our reference', () => {
    const built = easypost.createShipment(request());
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.value).toMatchObject({ method: 'POST', path: '/v2/shipments' });
    expect(built.value.headers).toEqual({ 'Content-Type': 'application/json' });
    const { shipment } = built.value.body as { shipment: Record<string, unknown> };
    expect(shipment.to_address).toEqual(createRequest.shipment.to_address);
    expect(shipment.from_address).toEqual(createRequest.shipment.from_address);
    const fixtureParcel = Object.fromEntries(
      Object.entries(createRequest.shipment.parcel).map(([k, v]) => [k, Number(v)]),
    );
    expect(shipment.parcel).toEqual(fixtureParcel);
    expect(shipment.parcel).toEqual({ length: 20.2, width: 10.9, height: 5, weight: 65.9 });
    expect(shipment.reference).toBe('sy-shp_01TEST.1');
    expect(shipment.options).toEqual({ label_format: 'PDF', print_custom_1: '#1001' });
  });

  it('describes a return as the outbound it reverses, flagged is_return, so EasyPost swaps the addresses', () => {
    const outbound = request();
    const built = easypost.createShipment({
      ...outbound,
      from: outbound.to,
      to: outbound.from,
      is_return: true,
    });
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const { shipment } = built.value.body as { shipment: Record<string, unknown> };
    expect(shipment.is_return).toBe(true);
    expect(shipment.to_address).toEqual(createRequest.shipment.to_address);
    expect(shipment.from_address).toEqual(createRequest.shipment.from_address);
    const plain = easypost.createShipment(outbound);
    expect(plain.ok && 'is_return' in (plain.value.body as { shipment: object }).shipment).toBe(false);
  });

  it('rounds weight up to the next tenth of an ounce and leaves out partial dimensions', () => {
    const built = easypost.createShipment(request({ parcel: { weight_grams: 100, length_mm: 300 } }));
    if (!built.ok) throw new Error('expected a request');
    expect((built.value.body as { shipment: { parcel: unknown } }).shipment.parcel).toEqual({ weight: 3.6 });
  });

  it('refuses a parcel without weight before calling EasyPost', () => {
    const built = easypost.createShipment(request({ parcel: { weight_grams: 0 } }));
    expect(built).toEqual({
      ok: false,
      failure: {
        code: 'weight_missing',
        message: 'The parcel has no weight.',
        actions: ['retry', 'enter_tracking'],
      },
    });
  });

  it('reads the three fixture rates as integer cents with their delivery days', () => {
    const rated = easypost.parseRates({ status: 201, body: createResponse });
    expect(rated).toEqual({
      ok: true,
      value: {
        external_shipment_id: 'shp_a9b97f431c00435cb16ec2d6a14ed109',
        messages: [],
        rates: [
          {
            carrier: 'USPS',
            service: 'Express',
            amount: 5120,
            currency: 'USD',
            delivery_days: 2,
            rate_id: 'rate_9c291b87bdec47a0b3ed151c60b21fb4',
          },
          {
            carrier: 'USPS',
            service: 'Priority',
            amount: 1101,
            currency: 'USD',
            delivery_days: 2,
            rate_id: 'rate_e5b3aaafb00f48a4ab27d9f20a801b40',
          },
          {
            carrier: 'USPS',
            service: 'GroundAdvantage',
            amount: 820,
            currency: 'USD',
            delivery_days: 3,
            rate_id: 'rate_76e0cae29e294e6db279c76bbe2f27e9',
          },
        ],
      },
    });
  });

  it('shops the fixture rates: Priority keeps a two-day promise, Ground Advantage a three-day one', () => {
    const rated = easypost.parseRates({ status: 201, body: createResponse });
    if (!rated.ok) throw new Error('expected rates');
    expect(chooseRate(rated.value.rates, { promise_days: 2 })).toMatchObject({
      rate: { service: 'Priority', amount: 1101 },
      late: false,
    });
    expect(chooseRate(rated.value.rates, { promise_days: 3 })).toMatchObject({
      rate: { service: 'GroundAdvantage', amount: 820 },
      late: false,
    });
  });

  it('turns a shipment without rates into rate_unavailable with the carriers own messages', () => {
    const body = {
      ...createResponse,
      rates: [],
      messages: [{ carrier: 'FedEx', type: 'rate_error', message: 'Shipment cannot weigh less than 16oz' }],
    };
    const rated = easypost.parseRates({ status: 201, body });
    expect(rated).toMatchObject({
      ok: false,
      failure: { code: 'rate_unavailable', message: 'FedEx: Shipment cannot weigh less than 16oz' },
    });
  });
});

describe('EasyPost buy', () => {
  it('posts the chosen rate id the way the fixture buy request does', () => {
    const spec = easypost.buy(ctx);
    const { insurance: _optional, ...shape } = buyRequest;
    expect(spec).toEqual({
      method: 'POST',
      path: '/v2/shipments/shp_40b6f049f00348b18de3804a26f7fd62/buy',
      headers: { 'Content-Type': 'application/json' },
      body: { ...shape, rate: { id: 'rate_5d76435160da498fb8976b64f9f69b06' } },
    });
  });

  it('reads the label, tracking code and selected rate from the fixture; PNG is all it has', () => {
    expect(easypost.parseBuy({ status: 200, body: buyResponse }, ctx)).toEqual({ ok: true, value: BOUGHT });
  });

  it('prefers the URL of the asked format when EasyPost has one', () => {
    const pdf = 'https://easypost-files.s3.amazonaws.com/label.pdf';
    const body = { ...buyResponse, postage_label: { ...buyResponse.postage_label, label_pdf_url: pdf } };
    expect(easypost.parseBuy({ status: 200, body }, ctx)).toMatchObject({
      ok: true,
      value: { label_url: pdf, label_format: 'PDF' },
    });
  });
});

describe('EasyPost lookup and void', () => {
  it('looks a shipment up by its id, or by our prefixed reference when the create call never answered', () => {
    expect(
      easypost.lookup({
        idempotency_key: 'shp_01TEST.1',
        external_shipment_id: 'shp_40b6f049f00348b18de3804a26f7fd62',
      }).path,
    ).toBe('/v2/shipments/shp_40b6f049f00348b18de3804a26f7fd62');
    expect(easypost.lookup({ idempotency_key: 'shp_01TEST.1' })).toEqual({
      method: 'GET',
      path: '/v2/shipments/sy-shp_01TEST.1',
      headers: {},
    });
    expect(easypostReference('shp_01TEST.1')).toBe('sy-shp_01TEST.1');
  });

  it('finds the bought label on a looked-up shipment', () => {
    expect(easypost.parseLookup({ status: 200, body: buyResponse }, { idempotency_key: 'k' })).toEqual({
      ok: true,
      value: { label: BOUGHT, external_shipment_id: 'shp_40b6f049f00348b18de3804a26f7fd62' },
    });
  });

  it('reports a shipment that exists but was never bought, so the retry buys that same shipment', () => {
    expect(easypost.parseLookup({ status: 200, body: createResponse }, { idempotency_key: 'k' })).toEqual({
      ok: true,
      value: { label: null, external_shipment_id: 'shp_a9b97f431c00435cb16ec2d6a14ed109' },
    });
  });

  it('reads a 404 as nothing bought, not as an error', () => {
    const notFound = {
      error: { code: 'NOT_FOUND', message: 'The requested resource could not be found.', errors: [] },
    };
    expect(easypost.parseLookup({ status: 404, body: notFound }, { idempotency_key: 'k' })).toEqual({
      ok: true,
      value: { label: null },
    });
  });

  it('voids through the shipment refund endpoint and reads refund_status', () => {
    expect(easypost.voidLabel(BOUGHT as never)).toEqual({
      method: 'POST',
      path: '/v2/shipments/shp_40b6f049f00348b18de3804a26f7fd62/refund',
      headers: {},
    });
    const answer = (refund_status: string) =>
      easypost.parseVoid({ status: 200, body: { ...buyResponse, refund_status } });
    expect(answer('submitted')).toEqual({ ok: true, value: 'submitted' });
    expect(answer('refunded')).toEqual({ ok: true, value: 'voided' });
    expect(answer('rejected')).toEqual({ ok: true, value: 'rejected' });
  });
});

describe('EasyPost lookup after a void', () => {
  it('does not adopt a refunded shipment found by our reference', () => {
    const q = { idempotency_key: 'shp_X.1' };
    expect(
      easypost.parseLookup({ status: 200, body: { ...buyResponse, refund_status: 'submitted' } }, q),
    ).toEqual({
      ok: true,
      value: { label: null },
    });
    const live = easypost.parseLookup({ status: 200, body: buyResponse }, q);
    expect(live.ok && live.value.label?.tracking_code).toBe(buyResponse.tracking_code);
  });
});
