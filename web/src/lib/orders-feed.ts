// The orders screen's pages of orders, and the landing screen's first page asked for at app start.
import { api, type OrderListQuery, type OrderPage, type OrderStatus } from './api.ts';

export const ORDER_STATUSES: OrderStatus[] = ['allocated', 'backordered', 'on_hold', 'cancelled'];

/**
 * A page of orders, or the message to show instead (offline, signed out, refused); `late` is the answer still
 * on its way when a slow network made the screen stop waiting for it.
 */
export type OrdersAnswer =
  | { ok: true; page: OrderPage }
  | { ok: false; message: string; late?: Promise<OrdersAnswer> };

/** How long the orders screen waits for its first page before it shows itself without it. */
export const FIRST_PAGE_WAIT_MS = 4_000;

/**
 * The answer, or after `ms` a message with the answer still to come: on a network that hangs (a captive portal,
 * one bar of signal) the screen shows and says so instead of staying blank until the browser gives up.
 */
export async function withinWait(answer: Promise<OrdersAnswer>, ms: number): Promise<OrdersAnswer> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<OrdersAnswer>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          message: 'The network is slow: orders will show as soon as they arrive.',
          late: answer,
        }),
      ms,
    );
  });
  try {
    return await Promise.race([answer, slow]);
  } finally {
    clearTimeout(timer);
  }
}

/** The orders screen's filters as its URL has them; a status the API does not know means any. */
export function ordersQuery(params: URLSearchParams): OrderListQuery {
  return {
    status: ORDER_STATUSES.find((s) => s === params.get('status')) ?? '',
    channel: params.get('channel') ?? '',
    q: params.get('q') ?? '',
  };
}

/** One page of the orders matching `query`, from `cursor` on; never rejects. */
export async function fetchOrders(query: OrderListQuery, cursor?: string): Promise<OrdersAnswer> {
  try {
    return { ok: true, page: await api.orders({ ...query, cursor }) };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : 'Could not load orders' };
  }
}

const keyOf = (query: OrderListQuery) => JSON.stringify([query.status, query.channel, query.q]);

let early: { key: string; answer: Promise<OrdersAnswer> } | null = null;

/**
 * Asks for the first page of orders now when the app opens on the orders screen (or on `/`, which leads
 * there). Called as the app's first module runs, so the request goes out beside the session check while
 * the screen's own code is still downloading, instead of two or three round trips later.
 */
export function prefetchLandingOrders(url: URL): void {
  if (url.pathname !== '/orders' && url.pathname !== '/') return;
  const query = ordersQuery(url.searchParams);
  early = { key: keyOf(query), answer: fetchOrders(query) };
}

/**
 * The first page for `query`: the answer asked for at app start if it was for this query (once: a later
 * visit or refresh asks again, so nothing stale is shown), else a new request.
 */
export function firstOrders(query: OrderListQuery): Promise<OrdersAnswer> {
  const prefetched = early?.key === keyOf(query) ? early.answer : null;
  early = null;
  return prefetched ?? fetchOrders(query);
}
