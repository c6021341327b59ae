import { describe, expect, it } from 'vitest';
import {
  fedexShipmentRequest,
  upsShipmentRequest,
  uspsLabelRequest,
} from '../../../worker/domain/carriers/direct';
import { dhlExpressShipmentRequest } from '../../../worker/domain/carriers/direct-dhl';
import type { LabelRequest } from '../../../worker/domain/carriers/types';

const request = (over: Partial<LabelRequest> = {}): LabelRequest => ({
  idempotency_key: 'shp_01TEST.1',
  from: {
    name: 'Dock 4',
    company: 'Switchyard Demo',
    line1: '1 Dock St',
    city: 'Newark',
    region: 'NJ',
    postal_code: '07105',
    country: 'US',
    phone: '2015550100',
  },
  to: {
    name: 'Dr. Steve Brule',
    line1: '179 N Harbor Dr',
    city: 'Redondo Beach',
    region: 'CA',
    postal_code: '90277-2506',
    country: 'US',
    phone: '8573875756',
  },
  parcel: { weight_grams: 1868, length_mm: 513, width_mm: 276, height_mm: 127 },
  label_format: 'PDF',
  reference: '#1001',
  ...over,
});
const account = { account_number: 'A1B2C3', ship_date: '2025-05-12' };
const body = (spec: { body?: unknown }) => spec.body as Record<string, any>;

describe('UPS ShipmentRequest', () => {
  it('bills the shipper account and sends a US parcel in pounds and inches to one decimal', () => {
    const spec = upsShipmentRequest(request(), account);
    expect(spec).toMatchObject({ method: 'POST', path: '/api/shipments/v2409/ship' });
    const { Shipment, LabelSpecification } = body(spec).ShipmentRequest;
    expect(Shipment.Shipper).toMatchObject({
      Name: 'Switchyard Demo',
      AttentionName: 'Dock 4',
      ShipperNumber: 'A1B2C3',
    });
    expect(Shipment.ShipTo.Address).toEqual({
      AddressLine: ['179 N Harbor Dr'],
      City: 'Redondo Beach',
      StateProvinceCode: 'CA',
      PostalCode: '90277-2506',
      CountryCode: 'US',
    });
    expect(Shipment.PaymentInformation).toEqual({
      ShipmentCharge: [{ Type: '01', BillShipper: { AccountNumber: 'A1B2C3' } }],
    });
    expect(Shipment.Service).toEqual({ Code: '03' });
    expect(Shipment.Package).toEqual([
      {
        Packaging: { Code: '02' },
        Dimensions: { UnitOfMeasurement: { Code: 'IN' }, Length: '20.2', Width: '10.9', Height: '5' },
        PackageWeight: { UnitOfMeasurement: { Code: 'LBS' }, Weight: '4.2' },
      },
    ]);
    expect(LabelSpecification.LabelImageFormat).toEqual({ Code: 'GIF' });
  });

  it('uses kilograms and centimetres outside the US, ZPL when asked, and the chosen service code', () => {
    const from = { ...request().from, country: 'DE', region: 'BE', postal_code: '10115' };
    const spec = upsShipmentRequest(
      request({ from, label_format: 'ZPL', service: { carrier: 'UPS', service: '65' } }),
      account,
    );
    const { Shipment, LabelSpecification } = body(spec).ShipmentRequest;
    expect(Shipment.Package[0].PackageWeight).toEqual({ UnitOfMeasurement: { Code: 'KGS' }, Weight: '1.9' });
    expect(Shipment.Package[0].Dimensions).toMatchObject({
      UnitOfMeasurement: { Code: 'CM' },
      Length: '51.3',
    });
    expect(Shipment.Service).toEqual({ Code: '65' });
    expect(LabelSpecification).toEqual({
      LabelImageFormat: { Code: 'ZPL' },
      LabelStockSize: { Height: '6', Width: '4' },
    });
  });
});

describe('FedEx requestedShipment', () => {
  it('sends whole inches, pounds to one decimal, the account and a 4x6 PDF', () => {
    const spec = fedexShipmentRequest(request(), account);
    expect(spec).toMatchObject({ method: 'POST', path: '/ship/v1/shipments' });
    const b = body(spec);
    expect(b.accountNumber).toEqual({ value: 'A1B2C3' });
    expect(b.labelResponseOptions).toBe('URL_ONLY');
    expect(b.requestedShipment).toMatchObject({
      shipDatestamp: '2025-05-12',
      serviceType: 'FEDEX_GROUND',
      packagingType: 'YOUR_PACKAGING',
      labelSpecification: { imageType: 'PDF', labelStockType: 'PAPER_4X6' },
      recipients: [
        {
          contact: { personName: 'Dr. Steve Brule', phoneNumber: '8573875756' },
          address: { streetLines: ['179 N Harbor Dr'], stateOrProvinceCode: 'CA' },
        },
      ],
    });
    expect(b.requestedShipment.requestedPackageLineItems).toEqual([
      {
        weight: { units: 'LB', value: 4.2 },
        dimensions: { length: 21, width: 11, height: 5, units: 'IN' },
        customerReferences: [{ customerReferenceType: 'CUSTOMER_REFERENCE', value: '#1001' }],
      },
    ]);
  });

  it('asks for ZPLII on 4x6 stock for thermal printers', () => {
    const b = body(fedexShipmentRequest(request({ label_format: 'ZPL' }), account));
    expect(b.requestedShipment.labelSpecification).toEqual({
      imageType: 'ZPLII',
      labelStockType: 'STOCK_4X6',
    });
  });
});

describe('USPS Labels v3', () => {
  it('splits names and ZIP+4, and sends pounds and inches with the mailing date', () => {
    const spec = uspsLabelRequest(request(), account);
    expect(spec).toMatchObject({ method: 'POST', path: '/labels/v3/label' });
    const b = body(spec);
    expect(b.imageInfo).toEqual({ imageType: 'PDF', labelType: '4X6LABEL', receiptOption: 'NONE' });
    expect(b.toAddress).toEqual({
      firstName: 'Dr. Steve',
      lastName: 'Brule',
      streetAddress: '179 N Harbor Dr',
      city: 'Redondo Beach',
      state: 'CA',
      ZIPCode: '90277',
      ZIPPlus4: '2506',
      phone: '8573875756',
    });
    expect(b.fromAddress).toMatchObject({
      firstName: 'Dock',
      lastName: '4',
      firm: 'Switchyard Demo',
      ZIPCode: '07105',
    });
    expect(b.packageDescription).toEqual({
      mailClass: 'USPS_GROUND_ADVANTAGE',
      rateIndicator: 'SP',
      weightUOM: 'lb',
      weight: 4.12,
      dimensionsUOM: 'in',
      length: 20.2,
      width: 10.9,
      height: 5,
      processingCategory: 'MACHINABLE',
      mailingDate: '2025-05-12',
      destinationEntryFacilityType: 'NONE',
      customerReference: [{ referenceNumber: '#1001', printReferenceNumber: true }],
    });
  });

  it('asks for 203 dpi ZPL when the printer is thermal', () => {
    expect(body(uspsLabelRequest(request({ label_format: 'ZPL' }), account)).imageInfo.imageType).toBe(
      'ZPL203DPI',
    );
  });
});

describe('DHL Express MyDHL shipment', () => {
  const dhl = {
    account_number: '123456789',
    planned_at: '2025-05-12T10:00:00 GMT-04:00',
    description: 'Canvas totes',
  };

  it('sends metric units, the shipper account and a PDF label', () => {
    const spec = dhlExpressShipmentRequest(request(), dhl);
    expect(spec).toMatchObject({ method: 'POST', path: '/shipments' });
    const b = body(spec);
    expect(b).toMatchObject({
      plannedShippingDateAndTime: '2025-05-12T10:00:00 GMT-04:00',
      pickup: { isRequested: false },
      productCode: 'P',
      accounts: [{ typeCode: 'shipper', number: '123456789' }],
      outputImageProperties: { encodingFormat: 'pdf' },
    });
    expect(b.customerDetails.receiverDetails).toEqual({
      postalAddress: {
        postalCode: '90277-2506',
        cityName: 'Redondo Beach',
        countryCode: 'US',
        provinceCode: 'CA',
        addressLine1: '179 N Harbor Dr',
      },
      contactInformation: {
        fullName: 'Dr. Steve Brule',
        companyName: 'Dr. Steve Brule',
        phone: '8573875756',
      },
    });
    expect(b.content).toEqual({
      packages: [
        {
          weight: 1.868,
          dimensions: { length: 52, width: 28, height: 13 },
          customerReferences: [{ value: '#1001', typeCode: 'CU' }],
        },
      ],
      isCustomsDeclarable: false,
      description: 'Canvas totes',
      incoterm: 'DAP',
      unitOfMeasurement: 'metric',
    });
  });

  it('marks a cross-border parcel as declarable and asks for ZPL when told', () => {
    const to = { ...request().to, country: 'DE', region: 'BE', postal_code: '10115' };
    const b = body(dhlExpressShipmentRequest(request({ to, label_format: 'ZPL' }), dhl));
    expect(b.content.isCustomsDeclarable).toBe(true);
    expect(b.outputImageProperties).toEqual({ encodingFormat: 'zpl' });
  });
});
