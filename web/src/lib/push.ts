// Push alerts on this phone: the person's alert choices and this browser's push subscription.
import type { InferRequestType } from 'hono/client';
import { type Answer, call, client } from './api.ts';

type Alerts = Answer<Awaited<ReturnType<(typeof client)['push']['preferences']['$get']>>>;
export type AlertSetting = Alerts['alerts'][number];
export type AlertKind = AlertSetting['kind'];
type Choices = InferRequestType<(typeof client)['push']['preferences']['$put']>['json']['alerts'];

export const ALERT_LABELS: Record<AlertKind, { title: string; detail: string }> = {
  new_order: { title: 'New orders', detail: 'Each order as it comes in' },
  return_waiting: { title: 'Returns waiting for you', detail: 'Approve or reject from the alert' },
  exception_opened: { title: 'Exceptions', detail: 'Unmatched SKUs, failed syncs and labels' },
  low_stock: { title: 'Low stock', detail: 'A SKU down to its safety stock' },
};

export const alertPreferences = () => call(() => client.push.preferences.$get());
export const saveAlertPreferences = (alerts: Choices) =>
  call(() => client.push.preferences.$put({ json: { alerts } }));

/** Why this browser cannot get push alerts, or null when it can. */
export function pushUnsupported(): string | null {
  if (!('serviceWorker' in navigator))
    return 'This browser has no service worker, so it cannot receive alerts.';
  if (!('PushManager' in window) || !('Notification' in window)) {
    return 'This browser cannot receive push alerts. On an iPhone, add Switchyard to the home screen and open it from there.';
  }
  if (Notification.permission === 'denied') {
    return 'Notifications are blocked for this site: allow them in the browser’s site settings.';
  }
  return null;
}

const bytesOf = (base64url: string) =>
  Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

async function registration(): Promise<ServiceWorkerRegistration> {
  const registered = await navigator.serviceWorker.getRegistration();
  if (!registered)
    throw new Error('The app is not installed on this phone yet: reload the page and try again.');
  return registered;
}

/** This browser's current push subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (pushUnsupported()) return null;
  const reg = await navigator.serviceWorker.getRegistration();
  return (await reg?.pushManager.getSubscription()) ?? null;
}

const within = <T>(promise: Promise<T>, ms: number, message: string) =>
  Promise.race([promise, new Promise<never>((_, fail) => setTimeout(() => fail(new Error(message)), ms))]);

/** Asks for notification permission, subscribes this browser with the server's key and registers it. */
export async function enablePush(device: string): Promise<void> {
  const why = pushUnsupported();
  if (why) throw new Error(why);
  if ((await Notification.requestPermission()) !== 'granted') {
    throw new Error('Notifications were not allowed, so alerts cannot be shown.');
  }
  const { public_key } = await call(() => client.push.key.$get());
  const reg = await registration();
  const subscription = await within(
    reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytesOf(public_key) }),
    30_000,
    'The browser’s push service did not answer. Check the connection and try again.',
  );
  const { endpoint, keys } = subscription.toJSON();
  if (!endpoint || !keys?.p256dh || !keys.auth)
    throw new Error('The browser gave an incomplete subscription.');
  await call(() =>
    client.push.subscriptions.$post({
      json: { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth }, device },
    }),
  );
}

/** Stops alerts on this browser: forgotten by the server, then unsubscribed here. */
export async function disablePush(): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) return;
  await call(() => client.push.subscriptions.$delete({ json: { endpoint: subscription.endpoint } }));
  await subscription.unsubscribe();
}

/** A name for this device in the list of devices that get alerts. */
export function deviceName(): string {
  const ua = navigator.userAgent;
  const model = /Android [\d.]+; ([^;)]+)/.exec(ua)?.[1] ?? /iPhone|iPad/.exec(ua)?.[0] ?? 'Browser';
  return model.trim().slice(0, 100);
}
