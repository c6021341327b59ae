/**
 * Direct-carrier label requests (UPS, FedEx, USPS; DHL Express in direct-dhl.ts): request shapes only, for when a merchant
 * brings its own account. Field names follow each carrier's published API reference as we know it; they
 * have NOT been checked against a live API or sandbox (no network here), so verify them before go-live.
 * OAuth tokens (and USPS's X-Payment-Authorization-Token) are the HTTP client's job.
 */
import { compact } from './json';
import type { Address, HttpRequestSpec, LabelRequest } from './types';
import { postJson } from './types';
import { fromGrams, parcelDims } from './units';

export interface DirectAccount {
  account_number: string;
  /** YYYY-MM-DD, the day the parcel is handed over. */
  ship_date: string;
}

// UPS and FedEx rate US-origin parcels in pounds and inches, everything else in kilograms and centimetres.
const imperial = (req: LabelRequest) => req.from.country === 'US' || req.from.country === 'PR';

/** UPS Shipping API: POST /api/shipments/{version}/ship with a `ShipmentRequest`. Service codes: "03" Ground, "02" 2nd Day Air… */
export function upsShipmentRequest(req: LabelRequest, account: DirectAccount): HttpRequestSpec {
  const us = imperial(req);
  const party = (a: Address) =>
    compact({
      Name: a.company ?? a.name,
      AttentionName: a.name,
      Phone: a.phone ? { Number: a.phone } : undefined,
      EMailAddress: a.email,
      Address: {
        AddressLine: [a.line1, a.line2].filter((l): l is string => Boolean(l)),
        City: a.city,
        StateProvinceCode: a.region,
        PostalCode: a.postal_code,
        CountryCode: a.country,
      },
    });
  const d = parcelDims(req.parcel, us ? 'in' : 'cm', 1);
  const pkg = compact({
    Packaging: { Code: '02' },
    Dimensions: d
      ? {
          UnitOfMeasurement: { Code: us ? 'IN' : 'CM' },
          Length: `${d.length}`,
          Width: `${d.width}`,
          Height: `${d.height}`,
        }
      : undefined,
    PackageWeight: {
      UnitOfMeasurement: { Code: us ? 'LBS' : 'KGS' },
      Weight: `${fromGrams(req.parcel.weight_grams, us ? 'lb' : 'kg', 1)}`,
    },
  });
  return postJson('/api/shipments/v2409/ship', {
    ShipmentRequest: {
      Request: {
        RequestOption: 'nonvalidate',
        TransactionReference: { CustomerContext: req.idempotency_key },
      },
      Shipment: {
        Shipper: { ...party(req.from), ShipperNumber: account.account_number },
        ShipTo: party(req.to),
        ShipFrom: party(req.from),
        PaymentInformation: {
          ShipmentCharge: [{ Type: '01', BillShipper: { AccountNumber: account.account_number } }],
        },
        Service: { Code: req.service?.service ?? '03' },
        Package: [pkg],
      },
      // UPS has no PDF label: GIF is its printable default, ZPL for thermal printers.
      LabelSpecification: {
        LabelImageFormat: { Code: req.label_format === 'ZPL' ? 'ZPL' : 'GIF' },
        LabelStockSize: { Height: '6', Width: '4' },
      },
    },
  });
}

/** FedEx Ship API: POST /ship/v1/shipments. Service types: FEDEX_GROUND, FEDEX_2_DAY, PRIORITY_OVERNIGHT… */
export function fedexShipmentRequest(req: LabelRequest, account: DirectAccount): HttpRequestSpec {
  const us = imperial(req);
  const party = (a: Address) => ({
    contact: compact({
      personName: a.name,
      companyName: a.company,
      phoneNumber: a.phone,
      emailAddress: a.email,
    }),
    address: {
      streetLines: [a.line1, a.line2].filter((l): l is string => Boolean(l)),
      city: a.city,
      stateOrProvinceCode: a.region,
      postalCode: a.postal_code,
      countryCode: a.country,
    },
  });
  const d = parcelDims(req.parcel, us ? 'in' : 'cm', 0); // FedEx takes whole inches or centimetres
  const item = compact({
    weight: { units: us ? 'LB' : 'KG', value: fromGrams(req.parcel.weight_grams, us ? 'lb' : 'kg', 1) },
    dimensions: d ? { ...d, units: us ? 'IN' : 'CM' } : undefined,
    customerReferences: req.reference
      ? [{ customerReferenceType: 'CUSTOMER_REFERENCE', value: req.reference }]
      : undefined,
  });
  return postJson('/ship/v1/shipments', {
    labelResponseOptions: 'URL_ONLY',
    accountNumber: { value: account.account_number },
    requestedShipment: {
      shipper: party(req.from),
      recipients: [party(req.to)],
      shipDatestamp: account.ship_date,
      serviceType: req.service?.service ?? 'FEDEX_GROUND',
      packagingType: 'YOUR_PACKAGING',
      pickupType: 'DROPOFF_AT_FEDEX_LOCATION',
      shippingChargesPayment: { paymentType: 'SENDER' },
      labelSpecification:
        req.label_format === 'ZPL'
          ? { imageType: 'ZPLII', labelStockType: 'STOCK_4X6' }
          : { imageType: 'PDF', labelStockType: 'PAPER_4X6' },
      requestedPackageLineItems: [item],
    },
  });
}

/** USPS Labels API v3 (apis.usps.com): POST /labels/v3/label; the answer is multipart (JSON metadata + label file). */
export function uspsLabelRequest(
  req: LabelRequest,
  account: Pick<DirectAccount, 'ship_date'>,
): HttpRequestSpec {
  const addr = (a: Address) => {
    const words = a.name.trim().split(/\s+/);
    const [zip5, zip4] = a.postal_code.split('-');
    return compact({
      firstName: words.length > 1 ? words.slice(0, -1).join(' ') : undefined,
      lastName: words.at(-1),
      firm: a.company,
      streetAddress: a.line1,
      secondaryAddress: a.line2,
      city: a.city,
      state: a.region,
      ZIPCode: zip5,
      ZIPPlus4: zip4,
      phone: a.phone,
      email: a.email,
    });
  };
  const d = parcelDims(req.parcel, 'in', 1);
  return postJson('/labels/v3/label', {
    imageInfo: {
      imageType: req.label_format === 'ZPL' ? 'ZPL203DPI' : 'PDF',
      labelType: '4X6LABEL',
      receiptOption: 'NONE',
    },
    toAddress: addr(req.to),
    fromAddress: addr(req.from),
    packageDescription: compact({
      mailClass: req.service?.service ?? 'USPS_GROUND_ADVANTAGE',
      rateIndicator: 'SP',
      weightUOM: 'lb',
      weight: fromGrams(req.parcel.weight_grams, 'lb', 2),
      ...(d ? { dimensionsUOM: 'in', ...d } : {}),
      processingCategory: 'MACHINABLE',
      mailingDate: account.ship_date,
      destinationEntryFacilityType: 'NONE',
      customerReference: req.reference
        ? [{ referenceNumber: req.reference, printReferenceNumber: true }]
        : undefined,
    }),
  });
}
