import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { database } from '../../db/client';
import { principalOf, SESSION_COOKIE } from '../http/auth';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { route } from '../http/route';
import { publicUser } from '../repo/auth';
import { UserEnvelope } from '../schemas/auth';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import {
  Passkey,
  PasskeyChallenge,
  PasskeyIdParam,
  PasskeySignInBody,
  RegisterPasskeyBody,
} from '../schemas/passkeys';
import { signInOptions, signInWithPasskey } from '../services/passkeys/passkey-sign-in';
import {
  listPasskeys,
  registerPasskey,
  registrationOptions,
  removePasskey,
} from '../services/passkeys/register-passkey';
import { relyingParty } from '../services/passkeys/relying-party';
import { SESSION_TTL_SECONDS } from '../services/sign-in';

const challengeRefused = { 400: errorResponse('Unknown, used or expired challenge (`challenge_invalid`)') };

/** The signed-in person's id (a passkey belongs to a person, never to an API token). */
function personId(c: Context<AppEnv>) {
  const p = principalOf(c);
  if (p.kind !== 'user') throw new ApiError(403, 'user_only', 'Passkeys are for signed-in people');
  return p.id;
}

export const passkeyRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('signed-in', {
      method: 'post',
      path: '/passkeys/registration-options',
      tags: ['auth'],
      summary: 'Starts adding a passkey for you: options for navigator.credentials.create(), valid 5 minutes',
      responses: { 200: jsonResponse(PasskeyChallenge, 'The challenge') },
    }),
    async (c) =>
      c.json(await registrationOptions(database(c.env), relyingParty(c.req.url), personId(c)), 200),
  )
  .openapi(
    route('signed-in', {
      method: 'post',
      path: '/passkeys',
      tags: ['auth'],
      summary: "Stores a passkey from the authenticator's answer to the challenge",
      request: { body: jsonBody(RegisterPasskeyBody) },
      responses: {
        201: jsonResponse(Passkey, 'Added'),
        ...challengeRefused,
        409: errorResponse('Already registered (`passkey_exists`)'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const added = await registerPasskey(database(c.env), relyingParty(c.req.url), personId(c), {
        ...body,
        response: body.response as unknown as RegistrationResponseJSON,
      });
      return c.json(added, 201);
    },
  )
  .openapi(
    route('signed-in', {
      method: 'get',
      path: '/passkeys',
      tags: ['auth'],
      summary: 'Your passkeys',
      responses: { 200: jsonResponse(z.object({ data: z.array(Passkey) }), 'Your passkeys') },
    }),
    async (c) => c.json(await listPasskeys(database(c.env), personId(c)), 200),
  )
  .openapi(
    route('signed-in', {
      method: 'delete',
      path: '/passkeys/{id}',
      tags: ['auth'],
      summary: 'Removes one of your passkeys',
      request: { params: PasskeyIdParam },
      responses: {
        200: jsonResponse(z.object({ removed: z.literal(true) }), 'Removed'),
        404: errorResponse('No such passkey of yours'),
      },
    }),
    async (c) => c.json(await removePasskey(database(c.env), personId(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route('public', {
      method: 'post',
      path: '/passkeys/sign-in-options',
      tags: ['auth'],
      summary: 'Starts a passkey sign-in: options for navigator.credentials.get(), valid 5 minutes',
      responses: { 200: jsonResponse(PasskeyChallenge, 'The challenge') },
    }),
    async (c) => c.json(await signInOptions(database(c.env), relyingParty(c.req.url)), 200),
  )
  .openapi(
    route('public', {
      method: 'post',
      path: '/passkeys/sign-in',
      tags: ['auth'],
      summary: 'Signs in with a passkey; sets the session cookie',
      request: { body: jsonBody(PasskeySignInBody) },
      responses: {
        200: jsonResponse(UserEnvelope, 'Signed in'),
        ...challengeRefused,
        401: errorResponse('Unknown passkey (`passkey_unknown`) or bad signature (`passkey_not_verified`)'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const session = await signInWithPasskey(database(c.env), relyingParty(c.req.url), {
        ...body,
        response: body.response as unknown as AuthenticationResponseJSON,
      });
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        secure: new URL(c.req.url).protocol === 'https:',
        sameSite: 'Lax',
        path: '/',
        maxAge: SESSION_TTL_SECONDS,
      });
      return c.json({ user: publicUser(session.user) }, 200);
    },
  );
