import { z } from '@hono/zod-openapi';
import { PERMISSIONS, ROLES } from '../domain/permissions';

export const LoginBody = z
  .object({ email: z.string().trim().email().max(200), password: z.string().min(1).max(200) })
  .openapi('LoginRequest');

export const User = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    permissions: z.array(z.enum(PERMISSIONS)),
  })
  .openapi('User');

export const UserEnvelope = z.object({ user: User });

export const CreateUserBody = z
  .object({
    email: z.string().trim().email().max(200),
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    password: z.string().min(12, 'at least 12 characters').max(200),
  })
  .openapi('CreateUserRequest');

export const CreateTokenBody = z
  .object({ name: z.string().trim().min(1).max(100), scopes: z.array(z.enum(PERMISSIONS)).min(1) })
  .openapi('CreateTokenRequest');

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.string()),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .openapi('ApiToken');
