import { type ClientResponse, hc } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
// Only the route types cross over: the import is erased, so no Worker code reaches the app's bundle.
import type { AppType } from '../../../worker/app.ts';
import type {
  ErrorEnvelope,
  LoginRequest,
  OrderListQuery,
  PackRequest,
  PickRequest,
  ShipmentQuery,
  TrackingRequest,
} from './api-types.ts';
import type { EdiDocumentListQuery, KpiOrders, KpiOrdersQuery, KpiQuery } from './report-types.ts';

export type * from './api-types.ts';

/** A failed call: `status` 0 means the network was unreachable. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get offline(): boolean {
    return this.status === 0;
  }
}

let onUnauthorized: () => void = () => {};

/** Called whenever a request other than sign-in answers 401. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** The Worker's routes as typed calls, at the same URLs the Worker mounts them (`/api/v1`). */
export const client = hc<AppType>('/api/v1', {
  headers: { accept: 'application/json' },
  init: { credentials: 'same-origin' },
});

/** The body of a route's 2xx answers. */
export type Answer<R> =
  R extends ClientResponse<infer Body, infer Status, 'json'>
    ? Status extends SuccessStatusCode
      ? Body
      : never
    : never;

/**
 * Sends one typed call and answers its 2xx body. Throws an `ApiError`: status 0 when the network is
 * unreachable, else the server's error envelope; a 401 (other than to a sign-in) forgets the session.
 */
export async function call<R extends ClientResponse<unknown>>(
  send: () => Promise<R>,
  { signingIn = false } = {},
): Promise<Answer<R>> {
  let res: R;
  try {
    res = await send();
  } catch {
    throw new ApiError(0, 'offline', 'You are offline. Check your connection and try again.');
  }
  const data: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.ok) return data as Answer<R>;
  const envelope = (data as Partial<ErrorEnvelope> | null)?.error;
  const error = new ApiError(
    res.status,
    envelope?.code ?? 'http_error',
    envelope?.message ?? `Request failed (${res.status})`,
    envelope?.details,
  );
  if (res.status === 401 && !signingIn) onUnauthorized();
  throw error;
}

/**
 * A path parameter, percent-encoded (the client puts it in the URL as given). An empty one would drop
 * its segment and reach another route, so it is refused as the server refuses an empty segment.
 */
export function segment(value: string): string {
  if (!value) throw new ApiError(404, 'not_found', 'No such API route');
  return encodeURIComponent(value);
}

/** The query without the filters left empty ('' means "any"). */
function present<Q extends object>(query: Q): { [K in keyof Q]?: Exclude<Q[K], ''> } {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== '' && v !== undefined)) as {
    [K in keyof Q]?: Exclude<Q[K], ''>;
  };
}

const once = () => ({ headers: { 'idempotency-key': crypto.randomUUID() } });

export const api = {
  login: (json: LoginRequest) => call(() => client.auth.login.$post({ json }), { signingIn: true }),
  me: () => call(() => client.auth.me.$get()),
  logout: () => call(() => client.auth.logout.$post()),
  orders: (query: OrderListQuery) => call(() => client.orders.$get({ query: present(query) })),
  order: (id: string) => call(() => client.orders[':id'].$get({ param: { id: segment(id) } })),
  cancelOrder: (id: string) =>
    call(() => client.orders[':id'].cancel.$post({ param: { id: segment(id) }, json: {} }, once())),
  /** 409 `invalid_transition` once work on the order has started. */
  holdOrder: (id: string, reason: string) =>
    call(() => client.orders[':id'].hold.$post({ param: { id: segment(id) }, json: { reason } })),
  /** 409 `unmatched_lines` while an unmatched SKU still waits to be linked. */
  releaseOrder: (id: string) =>
    call(() => client.orders[':id'].release.$post({ param: { id: segment(id) } })),
  stock: (sku: string) => call(() => client.inventory[':sku'].$get({ param: { sku: segment(sku) } })),
  locations: () => call(() => client.locations.$get()),
  /** Answers 409 `nothing_to_pick` when no shipment waits at the location. */
  createPickList: (location: string) => call(() => client['pick-lists'].$post({ json: { location } })),
  pickList: (id: string) => call(() => client['pick-lists'][':id'].$get({ param: { id: segment(id) } })),
  /** Applied once per `op_id`; 422 `wrong_item`, 409 `over_pick` when refused. */
  pick: (pickListId: string, json: PickRequest) =>
    call(() => client['pick-lists'][':id'].picks.$post({ param: { id: segment(pickListId) }, json })),
  shipment: (id: string) => call(() => client.shipments[':id'].$get({ param: { id: segment(id) } })),
  shipments: (query: Pick<ShipmentQuery, 'status' | 'location'>) =>
    call(() => client.shipments.$get({ query })),
  /** 409 `pack_mismatch` (details: `PackMismatch`) when the scans differ from the shipment. */
  pack: (id: string, json: PackRequest) =>
    call(() => client.shipments[':id'].pack.$post({ param: { id: segment(id) }, json })),
  tracking: (id: string, json: TrackingRequest) =>
    call(() => client.shipments[':id'].tracking.$post({ param: { id: segment(id) }, json })),
  carrierAccounts: () => call(() => client['carrier-accounts'].$get()),
  /** 422 `label_failed` (details: `LabelFailure`) when the carrier refuses. */
  buyLabel: (id: string) =>
    call(() =>
      client.shipments[':id'].label.$post(
        { param: { id: segment(id) }, json: { label_format: 'PDF' } },
        once(),
      ),
    ),
  ship: (id: string) =>
    call(() => client.shipments[':id'].ship.$post({ param: { id: segment(id) } }, once())),
  channels: () => call(() => client.channels.$get()),
  /** 400 `validation_failed` for a range the API refuses (from after to, more than 366 days). */
  kpis: ({ from, to, ...filters }: KpiQuery) =>
    call(() => client.reports.kpis.$get({ query: { ...present(filters), from, to } })),
  /** 404 `unknown_kpi` for a KPI the API does not have. Always asks for JSON, so never the CSV `Response`. */
  kpiOrders: (kpi: string, { day, ...filters }: KpiOrdersQuery): Promise<KpiOrders> =>
    call(() =>
      client.reports.kpis[':kpi'].orders.$get({
        param: { kpi: segment(kpi) },
        query: { ...present(filters), day, format: 'json' },
      }),
    ) as Promise<KpiOrders>,
  ediDocuments: (query: EdiDocumentListQuery) =>
    call(() => client.edi.documents.$get({ query: present(query) })),
  ediDocument: (id: string) => call(() => client.edi.documents[':id'].$get({ param: { id: segment(id) } })),
};
