/** EasyPost v2 (api.easypost.com, basic auth with the API key): request builders and response parsers. */

import { toMinorUnitsRounded } from '../money';
import { easypostFailure } from './easypost-errors';
import { parseEasyPostEvent } from './easypost-webhook';
import { failed, parcelFailure } from './failures';
import { arr, compact, type Json, num, obj, str } from './json';
import type {
  Address,
  BuyContext,
  CarrierAdapter,
  HttpRequestSpec,
  LabelFormat,
  LookupOutcome,
  Parcel,
  PurchasedLabel,
  Rate,
  Result,
  VoidStatus,
} from './types';
import { postJson } from './types';
import { fromGrams, parcelDims } from './units';

// Our shipment ids start with "shp_" like EasyPost's, and EasyPost accepts a reference wherever an id goes:
// an unprefixed key would be read as an (unknown) EasyPost id, 404, and invite a second purchase.
export const easypostReference = (idempotencyKey: string) => `sy-${idempotencyKey}`;

const address = (a: Address) =>
  compact({
    name: a.name,
    company: a.company,
    street1: a.line1,
    street2: a.line2,
    city: a.city,
    state: a.region,
    zip: a.postal_code,
    country: a.country,
    phone: a.phone,
    email: a.email,
  });

/** EasyPost parcels are ounces and inches to one decimal; dimensions go only as a complete set. */
export const easypostParcel = (p: Parcel): Json => ({
  ...parcelDims(p, 'in', 1),
  weight: fromGrams(p.weight_grams, 'oz', 1),
});

function parseRate(x: unknown): Rate[] {
  const r = obj(x) ?? {};
  const [carrier, service, rate_id, currency, price] = [r.carrier, r.service, r.id, r.currency, r.rate].map(
    str,
  );
  const amount = price && currency ? toMinorUnitsRounded(price, currency) : null;
  if (!carrier || !service || !rate_id || !currency || amount === null) return [];
  return [{ carrier, service, rate_id, currency, amount, delivery_days: num(r.delivery_days) ?? null }];
}

const FILE_TYPES: Record<string, PurchasedLabel['label_format']> = {
  'application/pdf': 'PDF',
  'application/zpl': 'ZPL',
};

/** The bought label on a Shipment, or null when it has no postage yet. Prefers the URL of the format asked for. */
export function labelFromShipment(shipment: unknown, format?: LabelFormat): PurchasedLabel | null {
  const s = obj(shipment) ?? {};
  const pl = obj(s.postage_label);
  const sel = parseRate(s.selected_rate)[0];
  const [tracking_code, external_shipment_id, external_label_id] = [s.tracking_code, s.id, pl?.id].map(str);
  if (!pl || !sel || !tracking_code || !external_shipment_id || !external_label_id) return null;
  const wanted =
    format === 'PDF' ? str(pl.label_pdf_url) : format === 'ZPL' ? str(pl.label_zpl_url) : undefined;
  const label_url = wanted ?? str(pl.label_url);
  if (!label_url) return null;
  const label_format = wanted && format ? format : (FILE_TYPES[str(pl.label_file_type) ?? ''] ?? 'PNG');
  const { carrier, service, amount, currency } = sel;
  return {
    carrier,
    service,
    amount,
    currency,
    tracking_code,
    label_url,
    label_format,
    external_shipment_id,
    external_label_id,
  };
}

const shipmentPath = (idOrReference: string) => `/v2/shipments/${encodeURIComponent(idOrReference)}`;

/** GET the label again in another format (EasyPost converts the one it has). */
export const convertLabel = (externalShipmentId: string, format: LabelFormat): HttpRequestSpec => ({
  method: 'GET',
  path: `${shipmentPath(externalShipmentId)}/label?file_format=${format}`,
  headers: {},
});

const REFUND: Record<string, VoidStatus> = {
  submitted: 'submitted',
  refunded: 'voided',
  rejected: 'rejected',
  not_applicable: 'rejected',
};

export const easypost: CarrierAdapter = {
  provider: 'easypost',

  createShipment(req) {
    const refused = parcelFailure(req.parcel);
    if (refused) return { ok: false, failure: refused };
    const options = compact({ label_format: req.label_format, print_custom_1: req.reference });
    // a return is described as the outbound it reverses; EasyPost swaps the addresses on the label
    const [to, from] = req.is_return ? [req.from, req.to] : [req.to, req.from];
    const shipment = {
      to_address: address(to),
      from_address: address(from),
      parcel: easypostParcel(req.parcel),
      reference: easypostReference(req.idempotency_key),
      ...(req.is_return ? { is_return: true } : {}),
      options,
    };
    return { ok: true, value: postJson('/v2/shipments', { shipment }) };
  },

  parseRates(res) {
    if (res.status >= 400) return { ok: false, failure: easypostFailure(res) };
    const s = obj(res.body) ?? {};
    const id = str(s.id);
    if (!id) return failed('unknown', 'EasyPost returned no shipment id.');
    const rates = arr(s.rates).flatMap(parseRate);
    const messages = arr(s.messages).map((m) => {
      const o = obj(m) ?? {};
      return [str(o.carrier), str(o.message)].filter(Boolean).join(': ');
    });
    if (rates.length === 0)
      return failed('rate_unavailable', messages.join('; ') || 'EasyPost returned no rates.');
    return { ok: true, value: { external_shipment_id: id, rates, messages } };
  },

  buy: (ctx: BuyContext) =>
    postJson(`${shipmentPath(ctx.external_shipment_id)}/buy`, { rate: { id: ctx.rate.rate_id } }),

  parseBuy(res, ctx) {
    if (res.status >= 400) return { ok: false, failure: easypostFailure(res) };
    const label = labelFromShipment(res.body, ctx.request.label_format);
    return label
      ? { ok: true, value: label }
      : failed('unknown', 'EasyPost answered the purchase without a label.');
  },

  lookup: (q) => ({
    method: 'GET',
    path: shipmentPath(q.external_shipment_id ?? easypostReference(q.idempotency_key)),
    headers: {},
  }),

  parseLookup(res, q): Result<LookupOutcome> {
    if (res.status === 404) return { ok: true, value: { label: null } };
    if (res.status >= 400) return { ok: false, failure: easypostFailure(res) };
    // a voided (refunded) shipment found by our reference is history, not the label to adopt
    if (['submitted', 'refunded'].includes(str(obj(res.body)?.refund_status) ?? ''))
      return { ok: true, value: { label: null } };
    const id = str(obj(res.body)?.id);
    return {
      ok: true,
      value: compact({ label: labelFromShipment(res.body, q.label_format), external_shipment_id: id }),
    };
  },

  voidLabel: (label) => ({
    method: 'POST',
    path: `${shipmentPath(label.external_shipment_id)}/refund`,
    headers: {},
  }),

  parseVoid(res) {
    if (res.status >= 400) return { ok: false, failure: easypostFailure(res) };
    const status = REFUND[str(obj(res.body)?.refund_status) ?? ''];
    return status
      ? { ok: true, value: status }
      : failed('unknown', 'EasyPost answered the refund without a status.');
  },

  parseTrackingWebhook: parseEasyPostEvent,
};
