import { z } from '@hono/zod-openapi';

const B64url = z
  .string()
  .max(4096)
  .regex(/^[A-Za-z0-9_-]*={0,2}$/, 'base64url');
const ChallengeId = z.string().min(1).max(64);
const ExtensionOutputs = z.object({
  appid: z.boolean().optional(),
  credProps: z.object({ rk: z.boolean().optional() }).optional(),
  hmacCreateSecret: z.boolean().optional(),
});

/** What `startRegistration()` of @simplewebauthn/browser gives (a `PublicKeyCredential` as JSON). */
export const RegistrationCredential = z.object({
  id: B64url.min(1),
  rawId: B64url.min(1),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: B64url,
    attestationObject: B64url,
    transports: z.array(z.string().max(20)).max(10).optional(),
  }),
  clientExtensionResults: ExtensionOutputs,
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

/** What `startAuthentication()` of @simplewebauthn/browser gives. */
export const AuthenticationCredential = z.object({
  id: B64url.min(1),
  rawId: B64url.min(1),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: B64url,
    authenticatorData: B64url,
    signature: B64url,
    userHandle: B64url.optional(),
  }),
  clientExtensionResults: ExtensionOutputs,
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

export const RegisterPasskeyBody = z
  .object({
    challenge_id: ChallengeId,
    response: RegistrationCredential,
    name: z.string().trim().min(1).max(100).optional(),
  })
  .openapi('RegisterPasskeyRequest');

export const PasskeySignInBody = z
  .object({ challenge_id: ChallengeId, response: AuthenticationCredential })
  .openapi('PasskeySignInRequest');

export const PasskeyChallenge = z
  .object({
    challenge_id: z.string(),
    options: z
      .record(z.string(), z.unknown())
      .describe('PublicKeyCredentialCreationOptionsJSON or PublicKeyCredentialRequestOptionsJSON'),
  })
  .openapi('PasskeyChallenge');

export const Passkey = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    device_type: z.string().nullable(),
    backed_up: z.boolean(),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
  })
  .openapi('Passkey');

export const PasskeyIdParam = z.object({ id: B64url.min(1).max(1024) });
