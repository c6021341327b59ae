/// <reference lib="webworker" />
import { version } from '$app/env';
import { assets, immutable } from '$app/manifest';
import { self } from '$app/service-worker';

const CACHE = `shell-${version}`;
const SHELL = ['/', ...[...immutable, ...assets].map((file) => `/${file.path.replace(/^\//, '')}`)];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

// workbox-window's messageSkipWaiting() sends this when the user accepts "Update available".
self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // The API is never cached: stale orders or stock on a phone are worse than an offline message.
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;

  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (request.mode === 'navigate') {
        try {
          return await fetch(request);
        } catch {
          return (await cache.match('/')) ?? Response.error();
        }
      }
      return (await cache.match(request)) ?? fetch(request);
    })(),
  );
});

interface PushAlert {
  title: string;
  body: string;
  /** The app's screen for the alert, e.g. `/returns/rma_01J...`. */
  url: string;
  tag?: string;
}

/** Only the app's own paths are opened from a notification, whatever a payload says. */
const appPath = (url: unknown) =>
  typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : '/';

self.addEventListener('push', (event) => {
  let alert: PushAlert;
  try {
    alert = event.data?.json() as PushAlert;
  } catch {
    alert = { title: 'Switchyard', body: event.data?.text() ?? '', url: '/' };
  }
  event.waitUntil(
    self.registration.showNotification(alert.title || 'Switchyard', {
      body: alert.body,
      tag: alert.tag,
      icon: '/icon-192.png',
      badge: '/icon-192.png',
      data: { url: appPath(alert.url) },
    }),
  );
});

/** Opens the alert's screen: in a window of the app that is already open if there is one, else a new one. */
async function openFromNotification(url: string): Promise<void> {
  const target = new URL(appPath(url), self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (open) {
    // focus needs the tap's user activation; navigating the open app is what matters
    await open.focus().catch(() => open);
    if ((await open.navigate(target)) !== null) return;
  }
  await self.clients.openWindow(target);
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(openFromNotification((event.notification.data as { url?: string } | null)?.url ?? '/'));
});
