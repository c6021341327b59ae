import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { database } from '../../db/client';
import { users } from '../../db/schema';
import { hashPassword } from '../../worker/domain/secrets';
import { call, signedIn, uid } from '../helpers/api';

async function person(role: 'owner' | 'staff', password = 'correct horse battery') {
  const email = `${role}-${uid()}@example.com`;
  await database(env)
    .insert(users)
    .values({ id: `usr_${uid()}`, email, name: role, role, passwordHash: await hashPassword(password) });
  return { email, password };
}

const cookieOf = (setCookie: string | null) => setCookie!.split(';')[0]!;

describe('password sign-in and sessions', () => {
  it('signs in, sets a secure session cookie, and knows who is signed in', async () => {
    const { email, password } = await person('staff');
    const res = await call('POST', '/api/v1/auth/login', { body: { email: email.toUpperCase(), password } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email, role: 'staff' });
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/^sy_session=sys_[\w-]{43};/);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/Secure/);
    expect(set).toMatch(/SameSite=Lax/);
    const me = await call('GET', '/api/v1/auth/me', { as: { cookie: cookieOf(set) } });
    expect(me.body.user.email).toBe(email);
    expect(me.body.user.permissions).toContain('fulfillment:write');
    expect(me.body.user.permissions).not.toContain('orders:cancel');
  });

  it('answers a wrong password and an unknown email alike, with 401', async () => {
    const { email } = await person('staff');
    const wrong = await call('POST', '/api/v1/auth/login', { body: { email, password: 'nope nope nope' } });
    const unknown = await call('POST', '/api/v1/auth/login', {
      body: { email: 'ghost@example.com', password: 'x' },
    });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('invalid_credentials');
      expect(r.headers.get('set-cookie')).toBeNull();
    }
  });

  it('locks an email for a while after five wrong passwords, even against the right one', async () => {
    const { email, password } = await person('staff');
    for (let i = 0; i < 5; i++) {
      const wrong = await call('POST', '/api/v1/auth/login', {
        body: { email, password: `wrong-${i}-password` },
      });
      expect(wrong.status).toBe(401);
    }
    const locked = await call('POST', '/api/v1/auth/login', { body: { email, password } });
    expect([locked.status, locked.body.error.code]).toEqual([429, 'too_many_attempts']);
    expect(locked.body.error.details.retry_after).toMatch(/^\d{4}-/);
    await env.DB.prepare(`UPDATE login_attempts SET locked_until = ? WHERE email = ?`)
      .bind('2000-01-01T00:00:00.000Z', email)
      .run();
    // once the lock has passed, one more wrong password does not lock again at once
    expect(
      (await call('POST', '/api/v1/auth/login', { body: { email, password: 'still-wrong-pw' } })).status,
    ).toBe(401);
    expect((await call('POST', '/api/v1/auth/login', { body: { email, password } })).status).toBe(200);
  });

  it('forgets earlier wrong passwords after a good sign-in', async () => {
    const { email, password } = await person('staff');
    for (let i = 0; i < 4; i++)
      await call('POST', '/api/v1/auth/login', { body: { email, password: 'nope-nope-nope' } });
    expect((await call('POST', '/api/v1/auth/login', { body: { email, password } })).status).toBe(200);
    await call('POST', '/api/v1/auth/login', { body: { email, password: 'nope-nope-nope' } });
    expect((await call('POST', '/api/v1/auth/login', { body: { email, password } })).status).toBe(200);
  });

  it('stores passwords as salted PBKDF2, never in clear', async () => {
    const { email, password } = await person('owner', 'another long passphrase');
    const row = await env.DB.prepare('SELECT password_hash FROM users WHERE email = ?')
      .bind(email)
      .first<{ password_hash: string }>();
    expect(row!.password_hash).toMatch(/^pbkdf2-sha256\$100000\$[\w-]{22}\$[\w-]{43}$/);
    expect(row!.password_hash).not.toContain(password);
  });

  it('ends the session on sign-out', async () => {
    const { email, password } = await person('staff');
    const login = await call('POST', '/api/v1/auth/login', { body: { email, password } });
    const as = { cookie: cookieOf(login.headers.get('set-cookie')) };
    expect((await call('POST', '/api/v1/auth/logout', { as })).status).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', { as })).status).toBe(401);
  });

  it('refuses a cookie-authenticated write from another origin', async () => {
    const owner = await signedIn('owner');
    const res = await call('POST', '/api/v1/skus', {
      as: owner,
      body: { sku: `X-${uid()}`, name: 'x' },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('cross_origin_rejected');
  });
});

describe('API tokens', () => {
  it('are hashed at rest, shown once, and stop working when revoked', async () => {
    const owner = await signedIn('owner');
    const made = await call('POST', '/api/v1/tokens', {
      as: owner,
      body: { name: 'erp', scopes: ['orders:read'] },
    });
    expect(made.body.token).toMatch(/^syt_/);
    const stored = await env.DB.prepare('SELECT token_hash FROM api_tokens WHERE id = ?')
      .bind(made.body.id)
      .first<{ token_hash: string }>();
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const listed = await call('GET', '/api/v1/tokens', { as: owner });
    expect(JSON.stringify(listed.body)).not.toContain(made.body.token);
    const as = { token: made.body.token };
    expect((await call('GET', '/api/v1/orders', { as })).status).toBe(200);
    expect((await call('DELETE', `/api/v1/tokens/${made.body.id}`, { as: owner })).status).toBe(200);
    const after = await call('GET', '/api/v1/orders', { as });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_token');
  });

  it('cannot be given more than its maker may do', async () => {
    const owner = await signedIn('owner');
    const res = await call('POST', '/api/v1/tokens', {
      as: owner,
      body: { name: 'x', scopes: ['nonsense:perm'] },
    });
    expect(res.status).toBe(400);
  });

  it('writes an audit entry for every write', async () => {
    const owner = await signedIn('owner');
    const made = await call('POST', '/api/v1/tokens', {
      as: owner,
      body: { name: 'audited', scopes: ['orders:read'] },
    });
    const audit = await call('GET', `/api/v1/audit?entity=api_token&entity_id=${made.body.id}`, {
      as: owner,
    });
    expect(audit.body.data.map((a: { action: string }) => a.action)).toEqual(['token.create']);
  });
});
