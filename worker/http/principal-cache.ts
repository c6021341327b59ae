import type { Principal } from '../domain/permissions';

// Sessions and API tokens are looked up once per isolate every few seconds instead of on every request:
// a revoked token or ended session stops working here at once and in other isolates within TTL_MS.
const TTL_MS = 5_000;
const MAX_ENTRIES = 1_000;
const cache = new Map<string, { at: number; principal: Principal | null }>();

export async function cachedPrincipal(
  key: string,
  resolve: () => Promise<Principal | null>,
): Promise<Principal | null> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.principal;
  const principal = await resolve();
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, { at: Date.now(), principal });
  return principal;
}

/** Forgets every cached lookup, after a sign-out or a token revocation in this isolate. */
export function forgetPrincipals() {
  cache.clear();
}
