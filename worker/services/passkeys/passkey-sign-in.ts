import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { passkeys, sessions, users } from '../../../db/schema';
import { randomToken, sha256Hex } from '../../domain/secrets';
import { ApiError } from '../../http/errors';
import { auditInsert } from '../../repo/audit';
import type { UserRow } from '../../repo/auth';
import { SESSION_TTL_SECONDS } from '../sign-in';
import { issueChallenge, takeChallenge } from './challenges';
import type { relyingParty } from './relying-party';

type RelyingParty = ReturnType<typeof relyingParty>;

/** Options for `navigator.credentials.get()` with no allow list: the phone offers its passkeys for this site. */
export async function signInOptions(db: Database, rp: RelyingParty) {
  const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: 'preferred' });
  return { challenge_id: await issueChallenge(db, 'authenticate', options.challenge, null), options };
}

const refused = (code: string, message: string, details?: unknown) =>
  new ApiError(401, code, message, details);

/**
 * Checks the passkey's signature over our challenge and opens a session. Refuses 400 `challenge_invalid`,
 * 401 `passkey_unknown` (no such credential, or its person is disabled) and 401 `passkey_not_verified`
 * (bad signature, wrong origin, or a signature counter that went backwards: a cloned authenticator).
 */
export async function signInWithPasskey(
  db: Database,
  rp: RelyingParty,
  input: { challenge_id: string; response: AuthenticationResponseJSON },
) {
  const expectedChallenge = await takeChallenge(db, input.challenge_id, 'authenticate', null);
  const found = await db
    .select({ passkey: passkeys, user: users })
    .from(passkeys)
    .innerJoin(users, eq(users.id, passkeys.userId))
    .where(eq(passkeys.id, input.response.id))
    .limit(1);
  const { passkey, user } = found[0] ?? {};
  if (!passkey || !user || user.disabled)
    throw refused('passkey_unknown', 'This passkey is not registered here');
  const handle = input.response.response.userHandle;
  if (handle && isoBase64URL.toUTF8String(handle) !== user.id) {
    throw refused('passkey_not_verified', 'The passkey belongs to someone else');
  }
  const verification = await verifyAuthenticationResponse({
    response: input.response,
    expectedChallenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpID,
    credential: {
      id: passkey.id,
      publicKey: isoBase64URL.toBuffer(passkey.publicKey),
      counter: passkey.counter,
      transports: passkey.transports ?? undefined,
    },
    requireUserVerification: false,
  }).catch((err: Error) => ({ verified: false as const, reason: err.message }));
  if (!verification.verified) {
    const reason = 'reason' in verification ? verification.reason : 'not verified';
    throw refused('passkey_not_verified', 'The passkey could not be verified', { reason });
  }
  const token = randomToken('sys');
  const now = new Date();
  const [moved] = await db.batch([
    // the counter moves only from the value just checked: a concurrent use of a clone loses here
    db
      .update(passkeys)
      .set({ counter: verification.authenticationInfo.newCounter, lastUsedAt: now.toISOString() })
      .where(and(eq(passkeys.id, passkey.id), eq(passkeys.counter, passkey.counter)))
      .returning({ id: passkeys.id }),
    db.insert(sessions).values({
      tokenHash: await sha256Hex(token),
      userId: user.id,
      expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000).toISOString(),
    }),
    auditInsert(db, {
      actor: `user:${user.id}`,
      action: 'auth.passkey_login',
      entity: 'user',
      entityId: user.id,
      data: { passkey: passkey.id },
    }),
  ]);
  if (moved.length === 0) {
    await db.delete(sessions).where(eq(sessions.tokenHash, await sha256Hex(token)));
    throw refused('passkey_not_verified', 'The passkey was used at the same moment elsewhere');
  }
  return { user: user as UserRow, token };
}
