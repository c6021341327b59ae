import {
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL, isoUint8Array } from '@simplewebauthn/server/helpers';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { passkeys, users } from '../../../db/schema';
import { ApiError } from '../../http/errors';
import { conflictOnUnique } from '../../http/unique';
import { auditInsert } from '../../repo/audit';
import { issueChallenge, takeChallenge } from './challenges';
import type { relyingParty } from './relying-party';

type RelyingParty = ReturnType<typeof relyingParty>;
type PasskeyRow = typeof passkeys.$inferSelect;

export const passkeyView = (p: PasskeyRow) => ({
  id: p.id,
  name: p.name,
  device_type: p.deviceType,
  backed_up: p.backedUp,
  created_at: p.createdAt,
  last_used_at: p.lastUsedAt,
});

/** Options for `navigator.credentials.create()`: a discoverable passkey, none of the user's existing ones again. */
export async function registrationOptions(db: Database, rp: RelyingParty, userId: string) {
  const user = await db.query.users.findFirst({ where: eq(users.id, userId) });
  if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in to add a passkey');
  const existing = await db.select().from(passkeys).where(eq(passkeys.userId, userId));
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: user.email,
    userDisplayName: user.name,
    userID: isoUint8Array.fromUTF8String(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports ?? undefined })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  return { challenge_id: await issueChallenge(db, 'register', options.challenge, userId), options };
}

/**
 * Verifies the authenticator's answer to our challenge and stores the passkey. Refuses 400
 * `challenge_invalid` (unknown, used or expired), 400 `passkey_not_verified`, 409 `passkey_exists`.
 */
export async function registerPasskey(
  db: Database,
  rp: RelyingParty,
  userId: string,
  input: { challenge_id: string; response: RegistrationResponseJSON; name?: string },
) {
  const expectedChallenge = await takeChallenge(db, input.challenge_id, 'register', userId);
  const verification = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpID,
    requireUserVerification: false,
  }).catch((err: Error) => ({ verified: false as const, reason: err.message }));
  if (!verification.verified) {
    const reason = 'reason' in verification ? verification.reason : 'not verified';
    throw new ApiError(400, 'passkey_not_verified', 'The passkey could not be verified', { reason });
  }
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  const [row] = await conflictOnUnique(
    db.batch([
      db
        .insert(passkeys)
        .values({
          id: credential.id,
          userId,
          publicKey: isoBase64URL.fromBuffer(credential.publicKey),
          counter: credential.counter,
          transports: credential.transports ?? input.response.response.transports ?? null,
          deviceType: credentialDeviceType,
          backedUp: credentialBackedUp,
          name: input.name ?? null,
        })
        .returning(),
      auditInsert(db, {
        actor: `user:${userId}`,
        action: 'passkey.register',
        entity: 'user',
        entityId: userId,
        data: { passkey: credential.id },
      }),
    ]),
    'passkey_exists',
    'This passkey is already registered',
  );
  return passkeyView(row[0]!);
}

export async function listPasskeys(db: Database, userId: string) {
  const rows = await db.select().from(passkeys).where(eq(passkeys.userId, userId));
  return { data: rows.map(passkeyView) };
}

/** Removes one of the user's passkeys; 404 when they have no such passkey. */
export async function removePasskey(db: Database, userId: string, id: string) {
  const gone = await db
    .delete(passkeys)
    .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)))
    .returning({ id: passkeys.id });
  if (gone.length === 0) throw new ApiError(404, 'not_found', 'You have no such passkey');
  await auditInsert(db, {
    actor: `user:${userId}`,
    action: 'passkey.remove',
    entity: 'user',
    entityId: userId,
    data: { passkey: id },
  });
  return { removed: true as const };
}
