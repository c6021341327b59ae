import { eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { loginAttempts } from '../../db/schema';
import { ApiError } from '../http/errors';

/** Failed sign-ins in a row before an email is locked, and for how long. */
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

/** Refuses a sign-in for an email that is locked after too many wrong passwords (429, with when to retry). */
export async function assertNotLocked(db: Database, email: string) {
  const row = await db.query.loginAttempts.findFirst({ where: eq(loginAttempts.email, email) });
  if (row?.lockedUntil && row.lockedUntil > new Date().toISOString()) {
    throw new ApiError(
      429,
      'too_many_attempts',
      `Too many wrong passwords; try again after ${row.lockedUntil}`,
      {
        retry_after: row.lockedUntil,
      },
    );
  }
}

/** Counts a wrong password; the one that reaches MAX_FAILURES locks the email for LOCK_MINUTES. */
export async function recordFailure(db: Database, email: string) {
  const now = new Date();
  const lock = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
  await db
    .insert(loginAttempts)
    .values({ email, failures: 1, lastFailureAt: now.toISOString() })
    .onConflictDoUpdate({
      target: loginAttempts.email,
      set: {
        // only an unlocked or expired email gets here: an expired lock starts the count again
        failures: sql`CASE WHEN ${loginAttempts.lockedUntil} IS NOT NULL THEN 1 ELSE ${loginAttempts.failures} + 1 END`,
        lockedUntil: sql`CASE WHEN ${loginAttempts.lockedUntil} IS NULL AND ${loginAttempts.failures} + 1 >= ${MAX_FAILURES} THEN ${lock} ELSE NULL END`,
        lastFailureAt: now.toISOString(),
      },
    });
}

export async function clearFailures(db: Database, email: string) {
  await db.delete(loginAttempts).where(eq(loginAttempts.email, email));
}

/** Forgets failures older than a day (unknown emails would otherwise pile up). Runs from the cron. */
export async function pruneLoginAttempts(db: Database, now = Date.now()) {
  await db
    .delete(loginAttempts)
    .where(lt(loginAttempts.lastFailureAt, new Date(now - 86_400_000).toISOString()));
}
