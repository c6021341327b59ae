import { OpenAPIHono, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { database } from '../../db/client';
import { principalOf, SESSION_COOKIE } from '../http/auth';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { forgetPrincipals } from '../http/principal-cache';
import { route } from '../http/route';
import { publicUser } from '../repo/auth';
import { LoginBody, UserEnvelope } from '../schemas/auth';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import { SESSION_TTL_SECONDS, signIn, signOut } from '../services/sign-in';

export const auth = new OpenAPIHono<AppEnv>()
  .openapi(
    route('public', {
      method: 'post',
      path: '/auth/login',
      tags: ['auth'],
      summary: 'Sign in with email and password; sets the session cookie',
      request: { body: jsonBody(LoginBody) },
      responses: {
        200: jsonResponse(UserEnvelope, 'Signed in'),
        401: errorResponse('Wrong email or password'),
        429: errorResponse('Too many wrong passwords for this email; retry later'),
      },
    }),
    async (c) => {
      const { email, password } = c.req.valid('json');
      const session = await signIn(database(c.env), email, password);
      if (!session) throw new ApiError(401, 'invalid_credentials', 'The email or password is wrong');
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        secure: new URL(c.req.url).protocol === 'https:',
        sameSite: 'Lax',
        path: '/',
        maxAge: SESSION_TTL_SECONDS,
      });
      return c.json({ user: publicUser(session.user) }, 200);
    },
  )
  .openapi(
    route('public', {
      method: 'post',
      path: '/auth/logout',
      tags: ['auth'],
      summary: 'Ends the current session',
      responses: { 200: jsonResponse(z.object({ ok: z.literal(true) }), 'Signed out') },
    }),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await signOut(database(c.env), token);
      forgetPrincipals();
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    route('signed-in', {
      method: 'get',
      path: '/auth/me',
      tags: ['auth'],
      summary: 'The signed-in user',
      responses: { 200: jsonResponse(UserEnvelope, 'The current user') },
    }),
    async (c) => {
      const p = principalOf(c);
      if (p.kind !== 'user') throw new ApiError(401, 'unauthenticated', 'Sign in to see your profile');
      const user = await database(c.env).query.users.findFirst({ where: (u, { eq }) => eq(u.id, p.id) });
      if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in to see your profile');
      return c.json({ user: publicUser(user) }, 200);
    },
  );
