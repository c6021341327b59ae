import { OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { database } from '../../db/client';
import { apiTokens, users } from '../../db/schema';
import { newId } from '../domain/ids';
import { hashPassword, randomToken, sha256Hex } from '../domain/secrets';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { forgetPrincipals } from '../http/principal-cache';
import { route } from '../http/route';
import { conflictOnUnique } from '../http/unique';
import { auditInsert } from '../repo/audit';
import { publicUser } from '../repo/auth';
import { ApiToken, CreateTokenBody, CreateUserBody, User } from '../schemas/auth';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';

const tokenView = (t: typeof apiTokens.$inferSelect) => ({
  id: t.id,
  name: t.name,
  scopes: t.scopes,
  created_at: t.createdAt,
  last_used_at: t.lastUsedAt,
  revoked_at: t.revokedAt,
});

const TokenIdParam = z.object({
  id: z
    .string()
    .regex(/^tok_[0-9A-Z]{26}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const people = new OpenAPIHono<AppEnv>()
  .openapi(
    route('users:manage', {
      method: 'post',
      path: '/users',
      tags: ['people'],
      summary: 'Adds a person with a role',
      request: { body: jsonBody(CreateUserBody) },
      responses: { 201: jsonResponse(User, 'Created'), 409: errorResponse('The email is taken') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const db = database(c.env);
      const row = {
        id: newId('usr'),
        email: body.email.toLowerCase(),
        name: body.name,
        role: body.role,
        passwordHash: await hashPassword(body.password),
      };
      await conflictOnUnique(
        db.batch([
          db.insert(users).values(row),
          auditInsert(db, {
            actor: principalOf(c).actor,
            action: 'user.create',
            entity: 'user',
            entityId: row.id,
            data: { email: row.email, role: row.role },
          }),
        ]),
        'email_taken',
        'Someone has this email already',
      );
      return c.json(publicUser(row), 201);
    },
  )
  .openapi(
    route('users:manage', {
      method: 'get',
      path: '/users',
      tags: ['people'],
      summary: 'Everyone who can sign in',
      responses: { 200: jsonResponse(z.object({ data: z.array(User) }), 'The people') },
    }),
    async (c) => {
      const rows = await database(c.env).select().from(users).orderBy(users.email);
      return c.json({ data: rows.map(publicUser) }, 200);
    },
  )
  .openapi(
    route('tokens:manage', {
      method: 'post',
      path: '/tokens',
      tags: ['people'],
      summary: 'Creates an API token for an integration; the secret is shown once',
      request: { body: jsonBody(CreateTokenBody) },
      responses: { 201: jsonResponse(ApiToken.extend({ token: z.string() }), 'Created') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const p = principalOf(c);
      const beyond = body.scopes.filter((s) => !p.permissions.has(s));
      if (beyond.length)
        throw new ApiError(403, 'scope_beyond_grantor', 'A token cannot do more than its maker', {
          scopes: beyond,
        });
      const db = database(c.env);
      const token = randomToken('syt');
      const row = {
        id: newId('tok'),
        name: body.name,
        tokenHash: await sha256Hex(token),
        scopes: body.scopes,
        createdBy: p.actor,
      };
      await db.batch([
        db.insert(apiTokens).values(row),
        auditInsert(db, {
          actor: p.actor,
          action: 'token.create',
          entity: 'api_token',
          entityId: row.id,
          data: { scopes: body.scopes },
        }),
      ]);
      const created = await db.query.apiTokens.findFirst({ where: eq(apiTokens.id, row.id) });
      return c.json({ ...tokenView(created!), token }, 201);
    },
  )
  .openapi(
    route('tokens:manage', {
      method: 'get',
      path: '/tokens',
      tags: ['people'],
      summary: 'API tokens (never their secrets)',
      responses: { 200: jsonResponse(z.object({ data: z.array(ApiToken) }), 'The tokens') },
    }),
    async (c) => {
      const rows = await database(c.env).select().from(apiTokens).orderBy(desc(apiTokens.id));
      return c.json({ data: rows.map(tokenView) }, 200);
    },
  )
  .openapi(
    route('tokens:manage', {
      method: 'delete',
      path: '/tokens/{id}',
      tags: ['people'],
      summary: 'Revokes an API token at once',
      request: { params: TokenIdParam },
      responses: { 200: jsonResponse(ApiToken, 'Revoked'), 404: errorResponse('No such token') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const db = database(c.env);
      const now = new Date().toISOString();
      await db.batch([
        db
          .update(apiTokens)
          .set({ revokedAt: now })
          .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))),
        auditInsert(db, {
          actor: principalOf(c).actor,
          action: 'token.revoke',
          entity: 'api_token',
          entityId: id,
        }),
      ]);
      forgetPrincipals();
      const row = await db.query.apiTokens.findFirst({ where: eq(apiTokens.id, id) });
      if (!row) throw new ApiError(404, 'token_not_found', 'No such token');
      return c.json(tokenView(row), 200);
    },
  );
