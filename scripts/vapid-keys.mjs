// VAPID keys for Web Push (RFC 8292) in the format `web-push generate-vapid-keys` prints: the P-256 public
// key as an uncompressed point and the private scalar, both base64url. Kept beside the local state, like
// the credentials key, so subscriptions made by a local phone stay valid across restarts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A new VAPID key pair: `{ publicKey, privateKey }`, base64url. */
export async function generateVapidKeys() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  const publicKey = Buffer.from(await crypto.subtle.exportKey('raw', pair.publicKey)).toString('base64url');
  const { d } = await crypto.subtle.exportKey('jwk', pair.privateKey);
  return { publicKey, privateKey: d };
}

/** The local VAPID keys in `dir/vapid-keys.json`, made on first use; `subject` is who push services may contact. */
export async function localVapidKeys(dir) {
  const file = join(dir, 'vapid-keys.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const keys = { ...(await generateVapidKeys()), subject: 'mailto:ops@switchyard.localhost' };
    writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The `wrangler dev --var` arguments that hand the keys to the Worker. */
export const vapidVars = (keys) => [
  '--var',
  `VAPID_PUBLIC_KEY:${keys.publicKey}`,
  '--var',
  `VAPID_PRIVATE_KEY:${keys.privateKey}`,
  '--var',
  `VAPID_SUBJECT:${keys.subject}`,
];

// `node scripts/vapid-keys.mjs [dir]`: prints the keys (for `wrangler secret put` or `.dev.vars`).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const keys = await localVapidKeys(process.argv[2] ?? '.wrangler');
  console.log(
    `VAPID_PUBLIC_KEY=${keys.publicKey}\nVAPID_PRIVATE_KEY=${keys.privateKey}\nVAPID_SUBJECT=${keys.subject}`,
  );
}
