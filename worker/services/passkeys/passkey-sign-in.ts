import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { passkeys, users } from '../../../db/schema';
import { ApiError } from '../../http/errors';
import type { UserRow } from '../../repo/auth';
import { openSession } from '../sign-in';
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
  // the counter moves only from the value just checked: a concurrent use of a clone loses here
  const moved = await db
    .update(passkeys)
    .set({ counter: verification.authenticationInfo.newCounter, lastUsedAt: new Date().toISOString() })
    .where(and(eq(passkeys.id, passkey.id), eq(passkeys.counter, passkey.counter)))
    .returning({ id: passkeys.id });
  if (moved.length === 0) {
    throw refused('passkey_not_verified', 'The passkey was used at the same moment elsewhere');
  }
  return openSession(db, user as UserRow, 'auth.passkey_login', { passkey: passkey.id });
}
