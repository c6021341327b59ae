import type { CarrierResponse, HttpRequestSpec } from '../domain/carriers/types';

/** The carrier did not answer in time (or the connection broke): the outcome of the call is unknown. */
export class CarrierNoAnswer extends Error {}

export interface CarrierEndpoint {
  provider: 'easypost' | 'shippo';
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

const auth = (e: CarrierEndpoint) =>
  e.provider === 'easypost' ? `Basic ${btoa(`${e.apiKey}:`)}` : `ShippoToken ${e.apiKey}`;

/** Executes a request an adapter described, with the provider's auth and a deadline. */
export async function callCarrier(e: CarrierEndpoint, spec: HttpRequestSpec): Promise<CarrierResponse> {
  let res: Response;
  try {
    res = await fetch(`${e.baseUrl}${spec.path}`, {
      method: spec.method,
      headers: { ...spec.headers, authorization: auth(e), accept: 'application/json' },
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      signal: AbortSignal.timeout(e.timeoutMs),
    });
  } catch (err) {
    throw new CarrierNoAnswer(String(err));
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, body };
}

/** Label files are fetched only from the provider's own hosts (never any URL a response names: SSRF). */
export function labelHostAllowed(url: string, baseUrl: string) {
  const host = new URL(url).hostname;
  return (
    host === new URL(baseUrl).hostname ||
    /(^|\.)easypost-files\.s3[.-][a-z0-9.-]*amazonaws\.com$/.test(host) ||
    /(^|\.)shippo-delivery[a-z0-9.-]*\.s3\.amazonaws\.com$/.test(host)
  );
}
