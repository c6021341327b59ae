import { and, eq, gt, lt } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { authChallenges } from '../../../db/schema';
import { newId } from '../../domain/ids';
import { ApiError } from '../../http/errors';

const CHALLENGE_TTL_MS = 5 * 60_000;

type Kind = 'register' | 'authenticate';

/** Stores a WebAuthn challenge for five minutes (and drops expired ones); returns its id. */
export async function issueChallenge(db: Database, kind: Kind, challenge: string, userId: string | null) {
  const now = Date.now();
  const id = newId('chl');
  await db.batch([
    db.delete(authChallenges).where(lt(authChallenges.expiresAt, new Date(now).toISOString())),
    db.insert(authChallenges).values({
      id,
      challenge,
      kind,
      userId,
      expiresAt: new Date(now + CHALLENGE_TTL_MS).toISOString(),
    }),
  ]);
  return id;
}

/**
 * Takes the challenge out (single use: deleted as it is read). Refuses with 400 `challenge_invalid` one
 * that is unknown, already used, expired, of the other kind, or issued to someone else.
 */
export async function takeChallenge(db: Database, id: string, kind: Kind, userId: string | null) {
  const [row] = await db
    .delete(authChallenges)
    .where(
      and(
        eq(authChallenges.id, id),
        eq(authChallenges.kind, kind),
        gt(authChallenges.expiresAt, new Date().toISOString()),
      ),
    )
    .returning();
  if (!row || row.userId !== userId) {
    throw new ApiError(
      400,
      'challenge_invalid',
      'The passkey challenge is unknown, used or expired: start again',
    );
  }
  return row.challenge;
}
