import { env, exports } from 'cloudflare:workers';
import { database } from '../../db/client';
import { sessions, users } from '../../db/schema';
import type { Role } from '../../worker/domain/permissions';
import { randomToken, sha256Hex } from '../../worker/domain/secrets';

export const BASE = 'https://switchyard.test';

/** A short unique suffix, so tests never share SKUs, locations or orders. */
export const uid = () => crypto.randomUUID().replaceAll('-', '').slice(0, 10);

export interface Caller {
  cookie?: string;
  token?: string;
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the Worker's own fetch handler, as a browser or integration would. */
export async function call<T = any>(
  method: string,
  path: string,
  opts: { as?: Caller | null; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.as?.cookie) headers.cookie = opts.as.cookie;
  if (opts.as?.token) headers.authorization = `Bearer ${opts.as.token}`;
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await exports.default.fetch(new Request(`${BASE}${path}`, { method, headers, body }));
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** A user of the role with an open session, made directly in D1 (password sign-in has its own tests). */
export async function signedIn(role: Role): Promise<Caller> {
  const db = database(env);
  const id = `usr_${uid()}`;
  await db
    .insert(users)
    .values({ id, email: `${role}-${uid()}@example.com`, name: role, role, passwordHash: 'x' });
  const token = randomToken('sys');
  await db.insert(sessions).values({
    tokenHash: await sha256Hex(token),
    userId: id,
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  });
  return { cookie: `sy_session=${token}` };
}
