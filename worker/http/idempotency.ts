import { and, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { database } from '../../db/client';
import { idempotencyKeys } from '../../db/schema';
import { sha256Hex } from '../domain/secrets';
import type { AppEnv } from './context';
import { ApiError } from './errors';

// A key still in progress after this long belongs to a request that died; a retry may take it over.
const ABANDONED_MS = 60_000;
// Answers a retry should get again; validation, auth and conflict answers are not kept, so a fixed retry can pass.
const REPLAYABLE = (status: number) => status < 400 || [404, 410, 422].includes(status);

/**
 * `Idempotency-Key` (IETF draft): the first answer is stored and replayed for the same key and body,
 * 409 while the first is still running, 422 for the same key with a different body.
 */
export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('idempotency-key')?.replace(/^"(.*)"$/, '$1');
  if (!key) return next();
  if (key.length > 255)
    throw new ApiError(400, 'invalid_idempotency_key', 'Idempotency-Key is longer than 255');
  const db = database(c.env);
  const scope = `${c.get('principal')?.actor ?? 'anonymous'} ${c.req.method} ${c.req.path}`;
  const requestHash = await sha256Hex(await c.req.text());
  const where = and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key));
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ scope, key, requestHash, state: 'in_progress', createdAt: new Date().toISOString() })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length === 0) {
    const prior = await db.query.idempotencyKeys.findFirst({ where });
    if (prior && prior.requestHash !== requestHash) {
      throw new ApiError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was used with a different body',
      );
    }
    if (prior?.state === 'done') {
      return new Response(prior.responseBody, {
        status: prior.responseStatus ?? 200,
        headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' },
      });
    }
    const abandoned = prior && Date.now() - Date.parse(prior.createdAt) > ABANDONED_MS;
    if (!abandoned)
      throw new ApiError(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is running');
    await db.update(idempotencyKeys).set({ createdAt: new Date().toISOString() }).where(where);
  }
  await next();
  if (REPLAYABLE(c.res.status)) {
    const body = await c.res.clone().text();
    await db
      .update(idempotencyKeys)
      .set({ state: 'done', responseStatus: c.res.status, responseBody: body })
      .where(where);
  } else {
    await db.delete(idempotencyKeys).where(where);
  }
};
