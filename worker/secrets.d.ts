// Worker secrets (`wrangler secret put`, `.dev.vars` locally): not in wrangler.toml, so not generated.
interface Env {
  /** 32 random bytes, base64: seals channel credentials at rest (AES-GCM). */
  CREDENTIALS_KEY?: string;
  /** Web Push VAPID public key (uncompressed P-256 point, base64url); `node scripts/vapid-keys.mjs` makes one. */
  VAPID_PUBLIC_KEY?: string;
  /** Web Push VAPID private key (the P-256 scalar `d`, base64url). */
  VAPID_PRIVATE_KEY?: string;
  /** Who push services may contact about our pushes: `mailto:` or `https:` (RFC 8292). */
  VAPID_SUBJECT?: string;
}
