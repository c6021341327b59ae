/** Shippo (api.goshippo.com, `Authorization: ShippoToken …`): request builders and response parsers. */

import { toMinorUnitsRounded } from '../money';
import { codeFromText, failed, isTransientStatus, labelFailure, parcelFailure } from './failures';
import { arr, compact, type Json, num, obj, str } from './json';
import { parseShippoTrack } from './shippo-webhook';
import type {
  Address,
  CarrierAdapter,
  CarrierResponse,
  LabelFailure,
  LabelFormat,
  PurchasedLabel,
  Rate,
  VoidStatus,
} from './types';
import { postJson } from './types';
import { fromGrams, parcelDims } from './units';

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

/** "field.sub: message" for every string in a Shippo validation body (`{"address_to": {"zip": ["…"]}}`). */
function flatten(x: unknown, path = ''): string[] {
  if (typeof x === 'string') return [path && path !== 'detail' ? `${path}: ${x}` : x];
  if (Array.isArray(x)) return x.flatMap((v) => flatten(v, path));
  const o = obj(x);
  return o ? Object.entries(o).flatMap(([k, v]) => flatten(v, path ? `${path}.${k}` : k)) : [];
}

/** A Shippo HTTP error as a LabelFailure; Shippo has no stable error codes, so the cause is read from its text. */
export function shippoFailure(res: CarrierResponse): LabelFailure {
  const message = flatten(res.body).join('; ') || `Shippo answered HTTP ${res.status}`;
  if (res.status === 402) return labelFailure('insufficient_funds', message);
  if (isTransientStatus(res.status)) return labelFailure('carrier_unavailable', message);
  return labelFailure(codeFromText(message), message);
}

const messagesOf = (o: Json) =>
  arr(o.messages).flatMap((m) => {
    const text = str(obj(m)?.text);
    return text ? [[str(obj(m)?.source), text].filter(Boolean).join(': ')] : [];
  });

function parseRate(x: unknown): Rate[] {
  const r = obj(x) ?? {};
  const [carrier, rate_id, currency, price] = [r.provider, r.object_id, r.currency, r.amount].map(str);
  const service = str(obj(r.servicelevel)?.token);
  const amount = price && currency ? toMinorUnitsRounded(price, currency) : null;
  if (!carrier || !service || !rate_id || !currency || amount === null) return [];
  return [{ carrier, service, rate_id, currency, amount, delivery_days: num(r.estimated_days) ?? null }];
}

const FILE_TYPE = { PDF: 'PDF', ZPL: 'ZPLII' } as const;

function formatOf(
  fileType: string | undefined,
  asked: LabelFormat | undefined,
): PurchasedLabel['label_format'] {
  if (fileType === 'ZPLII') return 'ZPL';
  if (fileType?.startsWith('PDF')) return 'PDF';
  if (fileType?.startsWith('PNG')) return 'PNG';
  return asked ?? 'PDF';
}

/** A SUCCESS transaction as our label; the rate comes expanded in lists and as an id elsewhere. */
function labelFromTransaction(t: Json, shipmentId: string, asked?: { rate: Rate; format: LabelFormat }) {
  const [tracking_code, label_url, external_label_id] = [t.tracking_number, t.label_url, t.object_id].map(
    str,
  );
  if (t.status !== 'SUCCESS' || !tracking_code || !label_url || !external_label_id) return null;
  const r = obj(t.rate);
  const listed = r && parseRate({ ...r, servicelevel: { token: r.servicelevel_token } })[0];
  // A found label must never be bought again, even when its price was not in the answer.
  const rate = listed ?? asked?.rate ?? { carrier: '', service: '', amount: 0, currency: '' };
  const label: PurchasedLabel = {
    carrier: rate.carrier,
    service: rate.service,
    amount: rate.amount,
    currency: rate.currency,
    tracking_code,
    label_url,
    label_format: formatOf(str(t.label_file_type), asked?.format),
    external_shipment_id: shipmentId,
    external_label_id,
  };
  return label;
}

const REFUND: Record<string, VoidStatus> = {
  QUEUED: 'submitted',
  PENDING: 'submitted',
  SUCCESS: 'voided',
  ERROR: 'rejected',
};

export const shippo: CarrierAdapter = {
  provider: 'shippo',

  createShipment(req) {
    const refused = parcelFailure(req.parcel);
    if (refused) return { ok: false, failure: refused };
    const d = parcelDims(req.parcel, 'cm', 1);
    if (!d) return failed('unknown', 'Shippo needs the parcel length, width and height.');
    // Shippo takes every parcel number as a string; kilograms to 3 places keep the exact gram.
    const parcel = {
      length: `${d.length}`,
      width: `${d.width}`,
      height: `${d.height}`,
      distance_unit: 'cm',
      weight: `${fromGrams(req.parcel.weight_grams, 'kg', 3)}`,
      mass_unit: 'kg',
    };
    // a return is described as the outbound it reverses; Shippo swaps the addresses on the label
    const [to, from] = req.is_return ? [req.from, req.to] : [req.to, req.from];
    const body = {
      address_from: address(from),
      address_to: address(to),
      parcels: [parcel],
      async: false,
      metadata: req.idempotency_key,
      ...(req.is_return ? { extra: { is_return: true } } : {}),
    };
    return { ok: true, value: postJson('/shipments', body) };
  },

  parseRates(res) {
    if (res.status >= 400) return { ok: false, failure: shippoFailure(res) };
    const s = obj(res.body) ?? {};
    const id = str(s.object_id);
    if (!id) return failed('unknown', 'Shippo returned no shipment id.');
    const rates = arr(s.rates).flatMap(parseRate);
    const messages = messagesOf(s);
    if (rates.length === 0)
      return failed('rate_unavailable', messages.join('; ') || 'Shippo returned no rates.');
    return { ok: true, value: { external_shipment_id: id, rates, messages } };
  },

  buy: ({ rate, request }) =>
    postJson('/transactions', {
      rate: rate.rate_id,
      label_file_type: FILE_TYPE[request.label_format],
      async: false,
      metadata: request.idempotency_key,
    }),

  parseBuy(res, ctx) {
    if (res.status >= 400) return { ok: false, failure: shippoFailure(res) };
    const t = obj(res.body) ?? {};
    const label = labelFromTransaction(t, ctx.external_shipment_id, {
      rate: ctx.rate,
      format: ctx.request.label_format,
    });
    if (label) return { ok: true, value: label };
    const text = messagesOf(t).join('; ');
    // QUEUED or WAITING: Shippo may still buy it, so we must not conclude it failed.
    if (t.status !== 'ERROR')
      return failed('carrier_unavailable', text || `Shippo left the label ${String(t.status)}.`);
    return failed(codeFromText(text), text || 'Shippo could not buy the label.');
  },

  // Shippo lists transactions only by date, not by metadata: list from the first attempt on and match ours.
  lookup: (q) => ({
    method: 'GET',
    path: `/transactions?results=100${q.since ? `&object_created_gt=${encodeURIComponent(q.since)}` : ''}`,
    headers: {},
  }),

  parseLookup(res, q) {
    if (res.status >= 400) return { ok: false, failure: shippoFailure(res) };
    const mine = arr(obj(res.body)?.results).flatMap((t) => {
      const o = obj(t);
      return o && o.metadata === q.idempotency_key ? [o] : [];
    });
    const shipmentId = q.external_shipment_id ?? '';
    const label = mine.map((t) => labelFromTransaction(t, shipmentId)).find((l) => l !== null) ?? null;
    return { ok: true, value: compact({ label, external_shipment_id: q.external_shipment_id }) };
  },

  voidLabel: (label) => postJson('/refunds', { transaction: label.external_label_id, async: false }),

  parseVoid(res) {
    if (res.status >= 400) return { ok: false, failure: shippoFailure(res) };
    const status = REFUND[str(obj(res.body)?.status) ?? ''];
    return status
      ? { ok: true, value: status }
      : failed('unknown', 'Shippo answered the refund without a status.');
  },

  parseTrackingWebhook: parseShippoTrack,
};
