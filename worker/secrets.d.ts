// Worker secrets (`wrangler secret put`, `.dev.vars` locally): not in wrangler.toml, so not generated.
interface Env {
  /** 32 random bytes, base64: seals channel credentials at rest (AES-GCM). */
  CREDENTIALS_KEY?: string;
}
