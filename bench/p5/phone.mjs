// The phone of P5 and P6: Debian's Chromium through playwright-core, emulating a Pixel 7, signed in as a
// demo person of the seeded Worker.
import { chromium, devices } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/demo-users.mjs';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const PIXEL_7 = devices['Pixel 7'];

/**
 * Lighthouse's "Slow 4G" (its mobile default): 150 ms RTT, 1.6 Mbps down, 750 kbps up, with kbit = 1024 bits
 * as Lighthouse counts them; applied as DevTools network emulation, so the 150 ms is added to each request.
 */
export const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
/** Lighthouse's mobile CPU slowdown. */
export const CPU_SLOWDOWN = 4;

export const launchPhoneBrowser = () =>
  chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS });

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Signs in through the API and answers the session cookie, to add to a browser context. */
export async function sessionCookie(base, email) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in as ${email}: ${res.status}`);
  const [pair] = res.headers.get('set-cookie').split(';');
  const [name, value] = pair.split('=');
  return { name, value, url: base };
}

/** Signs in on the sign-in screen, as a person would. */
export async function signInOnScreen(page, email) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
