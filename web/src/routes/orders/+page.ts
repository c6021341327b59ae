import { FIRST_PAGE_WAIT_MS, firstOrders, ordersQuery, withinWait } from '#lib/orders-feed.ts';
import type { PageLoad } from './$types';

/** The first page of orders for the URL's filters; the screen renders with it, not with a placeholder. */
export const load: PageLoad = async ({ url, depends }) => {
  depends('app:orders');
  const query = ordersQuery(url.searchParams);
  return { query, first: await withinWait(firstOrders(query), FIRST_PAGE_WAIT_MS) };
};
