/** Carrier-neutral label types and the adapter contract every label API (EasyPost, Shippo) implements. */

export interface Parcel {
  weight_grams: number;
  length_mm?: number;
  width_mm?: number;
  height_mm?: number;
}

export interface Address {
  name: string;
  company?: string;
  line1: string;
  line2?: string;
  city: string;
  region: string;
  postal_code: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  phone?: string;
  email?: string;
}

export type LabelFormat = 'PDF' | 'ZPL';

export interface ServiceChoice {
  carrier: string;
  service: string;
}

export interface LabelRequest {
  /** `labelKey(shipmentId, packageNo)`: the same package always gets the same key. */
  idempotency_key: string;
  from: Address;
  to: Address;
  parcel: Parcel;
  service?: ServiceChoice;
  label_format: LabelFormat;
  /** Printed on the label when the carrier allows it (an order number). */
  reference?: string;
  /**
   * A return: `from` is the customer and `to` our location, as the parcel travels. The carrier bills it as
   * a return (EasyPost and Shippo take the outbound addresses and swap them on the label).
   */
  is_return?: boolean;
}

export interface Rate {
  carrier: string;
  service: string;
  /** Integer minor units. */
  amount: number;
  currency: string;
  delivery_days: number | null;
  rate_id: string;
}

export interface PurchasedLabel {
  carrier: string;
  service: string;
  tracking_code: string;
  label_url: string;
  /** PNG when the carrier only produced its default image; the caller may ask for a conversion. */
  label_format: LabelFormat | 'PNG';
  amount: number;
  currency: string;
  external_shipment_id: string;
  /** The purchase itself (EasyPost postage label, Shippo transaction): what a void needs. */
  external_label_id: string;
}

export type LabelFailureCode =
  | 'address_invalid'
  | 'weight_missing'
  | 'carrier_unavailable'
  | 'insufficient_funds'
  | 'rate_unavailable'
  | 'unknown';

export type LabelAction = 'retry' | 'change_service' | 'enter_tracking';

export interface LabelFailure {
  code: LabelFailureCode;
  /** The carrier's own text, so the person fixing it reads what the carrier said. */
  message: string;
  actions: LabelAction[];
}

export type TrackingStatus =
  | 'pre_transit'
  | 'in_transit'
  | 'out_for_delivery'
  | 'delivered'
  | 'return_to_sender'
  | 'failure'
  | 'unknown';

export interface TrackingUpdate {
  tracking_code: string;
  carrier: string;
  status: TrackingStatus;
  at: string;
  location?: string;
  /** The provider's event id: the dedup key for webhook deliveries. */
  event_id: string;
}

/** An HTTP call described, not made. Auth headers are added by the client that executes it. */
export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  /** Path and query, relative to the provider's base URL. */
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** What the client hands back to a parser: the status and the JSON-decoded body (null if it was not JSON). */
export interface CarrierResponse {
  status: number;
  body: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; failure: LabelFailure };

export interface RatedShipment {
  external_shipment_id: string;
  rates: Rate[];
  /** Per-carrier rating errors, in the carriers' words. */
  messages: string[];
}

export interface BuyContext {
  external_shipment_id: string;
  rate: Rate;
  request: LabelRequest;
}

export interface LookupQuery {
  idempotency_key: string;
  external_shipment_id?: string;
  /** When the first attempt started (ISO): bounds a provider that can only list by date. */
  since?: string;
  label_format?: LabelFormat;
}

/** label null = nothing bought yet; external_shipment_id set = a shipment exists that can still be bought. */
export interface LookupOutcome {
  label: PurchasedLabel | null;
  external_shipment_id?: string;
}

export type VoidStatus = 'submitted' | 'voided' | 'rejected';

export interface CarrierAdapter {
  readonly provider: string;
  createShipment(req: LabelRequest): Result<HttpRequestSpec>;
  parseRates(res: CarrierResponse): Result<RatedShipment>;
  buy(ctx: BuyContext): HttpRequestSpec;
  parseBuy(res: CarrierResponse, ctx: BuyContext): Result<PurchasedLabel>;
  lookup(query: LookupQuery): HttpRequestSpec;
  parseLookup(res: CarrierResponse, query: LookupQuery): Result<LookupOutcome>;
  voidLabel(label: PurchasedLabel): HttpRequestSpec;
  parseVoid(res: CarrierResponse): Result<VoidStatus>;
  parseTrackingWebhook(body: unknown): TrackingUpdate | null;
}

/** The idempotency key of one package's label: derived, so every retry of that package reuses it. */
export const labelKey = (shipmentId: string, packageNo: number) => `${shipmentId}.${packageNo}`;

export const JSON_HEADERS: Record<string, string> = { 'Content-Type': 'application/json' };

export const postJson = (path: string, body: unknown): HttpRequestSpec => ({
  method: 'POST',
  path,
  headers: JSON_HEADERS,
  body,
});
