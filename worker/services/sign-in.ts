import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { sessions } from '../../db/schema';
import { DUMMY_PASSWORD_HASH, randomToken, sha256Hex, verifyPassword } from '../domain/secrets';
import { auditInsert } from '../repo/audit';
import { findUserByEmail, type UserRow } from '../repo/auth';
import { assertNotLocked, clearFailures, recordFailure } from './login-throttle';

export const SESSION_TTL_SECONDS = 14 * 24 * 3600;

/**
 * Checks a password and opens a session; returns null for any wrong email or password alike. Five wrong
 * passwords in a row lock the email for 15 minutes (429), known or not, so guessing gains nothing.
 */
export async function signIn(db: Database, email: string, password: string) {
  const key = email.toLowerCase();
  await assertNotLocked(db, key);
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok || user.disabled) {
    await recordFailure(db, key);
    return null;
  }
  await clearFailures(db, key);
  return openSession(db, user as UserRow, 'auth.login');
}

/** A new session for a person who proved who they are (password or passkey), audited as `action`. */
export async function openSession(db: Database, user: UserRow, action: string, data?: unknown) {
  const token = randomToken('sys');
  const expiresAt = new Date(Date.now() + SESSION_TTL_SECONDS * 1000).toISOString();
  await db.batch([
    db.insert(sessions).values({ tokenHash: await sha256Hex(token), userId: user.id, expiresAt }),
    auditInsert(db, { actor: `user:${user.id}`, action, entity: 'user', entityId: user.id, data }),
  ]);
  return { user, token };
}

/** Ends the session that holds this token. */
export async function signOut(db: Database, token: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, await sha256Hex(token)));
}
