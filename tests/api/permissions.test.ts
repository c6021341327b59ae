import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, ROLES } from '../../worker/domain/permissions';
import { call, signedIn } from '../helpers/api';

type Op = { 'x-permission': string };
const doc = (await call('GET', '/api/v1/openapi.json')).body as { paths: Record<string, Record<string, Op>> };
const SAMPLE: Record<string, string> = {
  sku: 'SKU-PERM',
  code: 'LOC-PERM',
  id: 'ord_00000000000000000000000000',
};
const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({
    method: method.toUpperCase(),
    path: `/api/v1${path.replace(/\{(\w+)\}/g, (_, name: string) => (path.startsWith('/tokens') ? 'tok_00000000000000000000000000' : SAMPLE[name]!))}`,
    permission: op['x-permission'],
  })),
);
const guarded = operations.filter((o) => o.permission !== 'public');

describe('every route declares a permission and enforces it for every role', () => {
  it('has routes to walk', () => {
    expect(guarded.length).toBeGreaterThan(15);
  });

  it.each(guarded)('$method $path answers 401 to nobody', async ({ method, path }) => {
    const res = await call(method, path, { body: method === 'GET' ? undefined : {} });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it.each(ROLES)(
    'answers 403 to a %s for each route outside the role, and never 401/403 inside it',
    async (role) => {
      const as = await signedIn(role);
      for (const { method, path, permission } of guarded) {
        const res = await call(method, path, { as, body: method === 'GET' ? undefined : {} });
        const allowed =
          permission === 'signed-in' || (ROLE_PERMISSIONS[role] as readonly string[]).includes(permission);
        if (allowed) expect([401, 403], `${role} ${method} ${path}`).not.toContain(res.status);
        else {
          expect(res.status, `${role} ${method} ${path}`).toBe(403);
          expect(res.body.error).toMatchObject({ code: 'forbidden', details: { permission } });
        }
      }
    },
  );

  it('limits an API token to its scopes', async () => {
    const owner = await signedIn('owner');
    const made = await call('POST', '/api/v1/tokens', {
      as: owner,
      body: { name: 'shop sync', scopes: ['orders:read'] },
    });
    expect(made.status).toBe(201);
    const token = { token: made.body.token };
    expect((await call('GET', '/api/v1/orders', { as: token })).status).toBe(200);
    expect((await call('GET', '/api/v1/skus', { as: token })).status).toBe(403);
  });
});
