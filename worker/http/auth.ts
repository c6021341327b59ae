import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { database } from '../../db/client';
import { isPermission, type Permission, type Principal, ROLE_PERMISSIONS } from '../domain/permissions';
import { sha256Hex } from '../domain/secrets';
import { findActiveToken, findSessionUser } from '../repo/auth';
import type { AppEnv } from './context';
import { ApiError } from './errors';
import { cachedPrincipal } from './principal-cache';

export const SESSION_COOKIE = 'sy_session';

/** A permission, or `signed-in` (anyone authenticated), or `public` (no one needs to be). */
export type RoutePermission = Permission | 'signed-in' | 'public';

async function resolvePrincipal(env: Env, credential: { kind: 'token' | 'session'; hash: string }) {
  const db = database(env);
  if (credential.kind === 'token') {
    const token = await findActiveToken(db, credential.hash);
    if (!token) throw new ApiError(401, 'invalid_token', 'The API token is unknown or revoked');
    const permissions = new Set(token.scopes.filter(isPermission));
    return {
      kind: 'token',
      id: token.id,
      actor: `token:${token.id}`,
      role: null,
      permissions,
    } satisfies Principal;
  }
  const user = await findSessionUser(db, credential.hash, new Date().toISOString());
  if (!user) return null;
  const permissions = new Set(ROLE_PERMISSIONS[user.role]);
  return {
    kind: 'user',
    id: user.id,
    actor: `user:${user.id}`,
    role: user.role,
    permissions,
  } satisfies Principal;
}

/** Resolves who is calling (session cookie or `Authorization: Bearer` API token); refuses nobody by itself. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const auth = c.req.header('authorization');
  const bearer = auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : undefined;
  const cookie = getCookie(c, SESSION_COOKIE);
  const secret = bearer ?? cookie;
  const credential = secret
    ? { kind: bearer ? ('token' as const) : ('session' as const), hash: await sha256Hex(secret) }
    : null;
  c.set(
    'principal',
    credential
      ? await cachedPrincipal(`${credential.kind}:${credential.hash}`, () =>
          resolvePrincipal(c.env, credential),
        )
      : null,
  );
  // A cookie-authenticated write must come from our own origin (CSRF); tokens are not sent by browsers.
  if (!bearer && cookie && !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
    const origin = c.req.header('origin');
    if (origin && new URL(origin).host !== new URL(c.req.url).host) {
      throw new ApiError(403, 'cross_origin_rejected', 'Cross-origin writes are not allowed');
    }
  }
  await next();
};

/** Refuses with 401 when nobody is signed in and 403 when the caller lacks the permission. */
export const requirePermission =
  (permission: RoutePermission): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (permission !== 'public') {
      const principal = c.get('principal');
      if (!principal) throw new ApiError(401, 'unauthenticated', 'Sign in or send an API token');
      if (permission !== 'signed-in' && !principal.permissions.has(permission)) {
        throw new ApiError(403, 'forbidden', `This needs the ${permission} permission`, { permission });
      }
    }
    await next();
  };

/** The caller of a route that required a permission (so there is one). */
export const principalOf = (c: { get(key: 'principal'): Principal | null }): Principal => {
  const p = c.get('principal');
  if (!p) throw new ApiError(401, 'unauthenticated', 'Sign in or send an API token');
  return p;
};
