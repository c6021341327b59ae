import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { apiTokens, sessions, users } from '../../db/schema';
import { ROLE_PERMISSIONS } from '../domain/permissions';

export type UserRow = typeof users.$inferSelect;

/** A person as the API shows them, with what their role lets them do (the app shows only those actions). */
export const publicUser = (u: Pick<UserRow, 'id' | 'email' | 'name' | 'role'>) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  permissions: [...ROLE_PERMISSIONS[u.role]],
});

export async function findUserByEmail(db: Database, email: string) {
  return db.query.users.findFirst({ where: eq(users.email, email.toLowerCase()) });
}

export async function findSessionUser(db: Database, tokenHash: string, now: string) {
  const rows = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(users.disabled, false)))
    .limit(1);
  return rows[0]?.user ?? null;
}

export async function findActiveToken(db: Database, tokenHash: string) {
  return db.query.apiTokens.findFirst({
    where: and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)),
  });
}
