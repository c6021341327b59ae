/**
 * DHL Express label request (MyDHL API), request shape only. Field names follow DHL's published MyDHL API
 * reference as we know it; NOT checked against a live API or sandbox (no network here): verify before go-live.
 */
import { compact } from './json';
import type { Address, HttpRequestSpec, LabelRequest } from './types';
import { postJson } from './types';
import { fromGrams, parcelDims } from './units';

export interface DhlAccount {
  account_number: string;
  /** MyDHL's own format: "2025-05-12T10:00:00 GMT+01:00". */
  planned_at: string;
  /** What is in the parcel; DHL requires a description. */
  description: string;
}

/** DHL Express MyDHL API (express.api.dhl.com/mydhlapi): POST /shipments. Product "P" Express Worldwide, "N" domestic. */
export function dhlExpressShipmentRequest(req: LabelRequest, account: DhlAccount): HttpRequestSpec {
  const party = (a: Address) => ({
    postalAddress: compact({
      postalCode: a.postal_code,
      cityName: a.city,
      countryCode: a.country,
      provinceCode: a.region,
      addressLine1: a.line1,
      addressLine2: a.line2,
    }),
    contactInformation: compact({
      fullName: a.name,
      companyName: a.company ?? a.name,
      phone: a.phone,
      email: a.email,
    }),
  });
  const d = parcelDims(req.parcel, 'cm', 0);
  const pkg = compact({
    weight: fromGrams(req.parcel.weight_grams, 'kg', 3),
    dimensions: d ?? undefined,
    customerReferences: req.reference ? [{ value: req.reference, typeCode: 'CU' }] : undefined,
  });
  return postJson('/shipments', {
    plannedShippingDateAndTime: account.planned_at,
    pickup: { isRequested: false },
    productCode: req.service?.service ?? 'P',
    accounts: [{ typeCode: 'shipper', number: account.account_number }],
    outputImageProperties: { encodingFormat: req.label_format === 'ZPL' ? 'zpl' : 'pdf' },
    customerDetails: { shipperDetails: party(req.from), receiverDetails: party(req.to) },
    content: {
      packages: [pkg],
      // Cross-border parcels also need declaredValue, currency and an exportDeclaration: not built here.
      isCustomsDeclarable: req.from.country !== req.to.country,
      description: account.description,
      incoterm: 'DAP',
      unitOfMeasurement: 'metric',
    },
  });
}
