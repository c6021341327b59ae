// Svelte actions for long phone lists: load the next page before the end is reached, and pull down at the
// top to refresh.

/** Calls `onNear` whenever the element comes within `margin` of the viewport (the end of a list). */
export function nearEnd(node: HTMLElement, onNear: () => void) {
  let callback = onNear;
  const observer = new IntersectionObserver(
    (entries) => entries.some((e) => e.isIntersecting) && callback(),
    {
      rootMargin: '0px 0px 400px 0px',
    },
  );
  observer.observe(node);
  return {
    update: (next: () => void) => (callback = next),
    destroy: () => observer.disconnect(),
  };
}

/** How far (px) a finger must pull down from the top of the page to refresh. */
export const PULL_THRESHOLD = 70;

export interface PullOptions {
  /** Distance pulled so far (0 when not pulling), for the indicator. */
  onPull: (distance: number) => void;
  onRefresh: () => void;
}

/** Pull-to-refresh on touch screens: only when the page is scrolled to the very top. */
export function pullToRefresh(node: HTMLElement, options: PullOptions) {
  let opts = options;
  let startY: number | null = null;
  let distance = 0;
  const start = (e: TouchEvent) => {
    startY = window.scrollY === 0 ? (e.touches[0]?.clientY ?? null) : null;
  };
  const move = (e: TouchEvent) => {
    if (startY === null) return;
    distance = Math.max(0, (e.touches[0]?.clientY ?? startY) - startY);
    opts.onPull(Math.min(distance, PULL_THRESHOLD * 1.5));
  };
  const end = () => {
    if (startY !== null && distance >= PULL_THRESHOLD) opts.onRefresh();
    startY = null;
    distance = 0;
    opts.onPull(0);
  };
  node.addEventListener('touchstart', start, { passive: true });
  node.addEventListener('touchmove', move, { passive: true });
  node.addEventListener('touchend', end);
  node.addEventListener('touchcancel', end);
  return {
    update: (next: PullOptions) => (opts = next),
    destroy() {
      node.removeEventListener('touchstart', start);
      node.removeEventListener('touchmove', move);
      node.removeEventListener('touchend', end);
      node.removeEventListener('touchcancel', end);
    },
  };
}
