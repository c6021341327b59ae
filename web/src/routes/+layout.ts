import { prefetchLandingOrders } from '#lib/orders-feed.ts';
import { preloadCode } from '$app/navigation';
import { match } from '$app/paths';

export const ssr = false;
export const prerender = false;

// This module runs as the router starts, before it asks for the opened screen's code (the build also reads
// it in Node, for the options above). The SPA fallback page cannot name that screen's chunks, so without
// this they would wait a round trip behind the error page's chunk, and the screen's data behind them.
if (typeof window !== 'undefined') {
  const opened = new URL(window.location.href);
  prefetchLandingOrders(opened);
  // a failure to load shows when the router navigates there
  match(opened)
    .then((route) => route && preloadCode(route.id))
    .catch(() => {});
}
