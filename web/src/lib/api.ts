import type {
  CarrierAccount,
  ErrorEnvelope,
  Location,
  LoginRequest,
  OrderDetail,
  OrderListQuery,
  OrderPage,
  PackRequest,
  PickAnswer,
  PickList,
  PickRequest,
  Shipment,
  SkuStock,
  TrackingRequest,
  UserResponse,
} from './api-types.ts';

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

export async function request<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'offline', 'You are offline. Check your connection and try again.');
  }
  const data: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.ok) return data as T;
  const envelope = (data as Partial<ErrorEnvelope> | null)?.error;
  const error = new ApiError(
    res.status,
    envelope?.code ?? 'http_error',
    envelope?.message ?? `Request failed (${res.status})`,
    envelope?.details,
  );
  if (res.status === 401 && path !== '/auth/login') onUnauthorized();
  throw error;
}

function query(params: object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

const enc = encodeURIComponent;

export const api = {
  login: (body: LoginRequest) => request<UserResponse>('POST', '/auth/login', body),
  me: () => request<UserResponse>('GET', '/auth/me'),
  logout: () => request<unknown>('POST', '/auth/logout'),
  orders: (params: OrderListQuery) => request<OrderPage>('GET', `/orders${query(params)}`),
  order: (id: string) => request<OrderDetail>('GET', `/orders/${enc(id)}`),
  cancelOrder: (id: string) =>
    request<unknown>('POST', `/orders/${enc(id)}/cancel`, undefined, {
      'idempotency-key': crypto.randomUUID(),
    }),
  stock: (sku: string) => request<SkuStock>('GET', `/inventory/${enc(sku)}`),
  locations: () => request<{ data: Location[] }>('GET', '/locations'),
  /** Answers 409 `nothing_to_pick` when no shipment waits at the location. */
  createPickList: (location: string) => request<PickList>('POST', '/pick-lists', { location }),
  pickList: (id: string) => request<PickList>('GET', `/pick-lists/${enc(id)}`),
  /** Applied once per `op_id`; 422 `wrong_item`, 409 `over_pick` when refused. */
  pick: (pickListId: string, body: PickRequest) =>
    request<PickAnswer>('POST', `/pick-lists/${enc(pickListId)}/picks`, body),
  shipment: (id: string) => request<Shipment>('GET', `/shipments/${enc(id)}`),
  shipments: (params: { status?: string; location?: string }) =>
    request<{ data: Shipment[]; next_cursor: string | null }>('GET', `/shipments${query(params)}`),
  /** 409 `pack_mismatch` (details: `PackMismatch`) when the scans differ from the shipment. */
  pack: (id: string, body: PackRequest) => request<Shipment>('POST', `/shipments/${enc(id)}/pack`, body),
  tracking: (id: string, body: TrackingRequest) =>
    request<Shipment>('POST', `/shipments/${enc(id)}/tracking`, body),
  carrierAccounts: () => request<{ data: CarrierAccount[] }>('GET', '/carrier-accounts'),
  /** 422 `label_failed` (details: `LabelFailure`) when the carrier refuses. */
  buyLabel: (id: string) =>
    request<Shipment>(
      'POST',
      `/shipments/${enc(id)}/label`,
      { label_format: 'PDF' },
      { 'idempotency-key': crypto.randomUUID() },
    ),
  ship: (id: string) =>
    request<Shipment>('POST', `/shipments/${enc(id)}/ship`, undefined, {
      'idempotency-key': crypto.randomUUID(),
    }),
};
