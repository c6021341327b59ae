/** EasyPost error bodies `{error:{code, message, errors}}` read as LabelFailures. */
import { codeFromText, isTransientStatus, labelFailure } from './failures';
import { allStrings, arr, obj, str } from './json';
import type { CarrierResponse, LabelFailure, LabelFailureCode } from './types';

function describe(e: unknown): string {
  const o = obj(e);
  if (!o) return allStrings(e).join(', ');
  if (typeof o.field === 'string') return `${o.field}: ${allStrings(o.message).join(', ')}`;
  return Object.entries(o)
    .map(([k, v]) => `${k}: ${allStrings(v).join(', ')}`)
    .join('; ');
}

// Codes from EasyPost's published error list. POSTAGE.EXISTS and PURCHASE.IN_PROGRESS leave us unsure what was
// bought, so they read as "carrier did not answer": the purchase logic then looks the shipment up.
function failureCode(code: string, status: number, text: string): LabelFailureCode {
  if (/^ADDRESS\.VERIFY\.(UNAVAILABLE|UPSTREAM_UNAVAILABLE)$/.test(code)) return 'carrier_unavailable';
  if (code.startsWith('ADDRESS.')) return 'address_invalid';
  if (code.startsWith('PARCEL.') || code === 'ITEM.WEIGHT.REQUIRED') return 'weight_missing';
  if (/^(PAYMENT|CREDIT_CARD\.|BANK_ACCOUNT\.|USER\.CHARGE\.)/.test(code)) return 'insufficient_funds';
  if (/^SHIPMENT\.(POSTAGE\.(NO_RESPONSE|TIMED_OUT|EXISTS)|PURCHASE\.IN_PROGRESS)$/.test(code)) {
    return 'carrier_unavailable';
  }
  if (/^(SHIPMENT\.MISSING_RATE|SHIPMENT\.RATES?\.|ORDER\.RATE\.)/.test(code)) return 'rate_unavailable';
  if (status === 402) return 'insufficient_funds';
  if (isTransientStatus(status)) return 'carrier_unavailable';
  return codeFromText(text);
}

/** An EasyPost error body `{error:{code, message, errors}}` as a LabelFailure carrying EasyPost's words. */
export function easypostFailure(res: CarrierResponse): LabelFailure {
  const error = obj(obj(res.body)?.error) ?? {};
  const code = str(error.code) ?? '';
  const main = allStrings(error.message).join(', ') || `EasyPost answered HTTP ${res.status}`;
  const details = arr(error.errors).map(describe).filter(Boolean);
  const message = details.length > 0 ? `${main} (${details.join('; ')})` : main;
  return labelFailure(
    failureCode(code, res.status, `${message} ${JSON.stringify(error.errors ?? '')}`),
    message,
  );
}
