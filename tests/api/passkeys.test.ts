import { env } from 'cloudflare:workers';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE, type Caller, call, signedIn } from '../helpers/api';

type CBOR = Parameters<typeof isoCBOR.encode>[0];
const b64 = (bytes: ArrayBuffer | Uint8Array) => isoBase64URL.fromBuffer(new Uint8Array(bytes));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const sha256 = async (data: Uint8Array) => new Uint8Array(await crypto.subtle.digest('SHA-256', data));
const uint32 = (n: number) => new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

/** WebAuthn signs ES256 as ASN.1 DER; WebCrypto gives r || s. */
function derSignature(raw: Uint8Array) {
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.slice(i);
    return v[0]! & 0x80 ? concat(new Uint8Array([0]), v) : v;
  };
  const r = int(raw.slice(0, 32));
  const s = int(raw.slice(32));
  const body = concat(new Uint8Array([2, r.length]), r, new Uint8Array([2, s.length]), s);
  return concat(new Uint8Array([0x30, body.length]), body);
}

/**
 * A software passkey (a "none" attestation authenticator with a P-256 key), answering the server's
 * options the way a phone's authenticator answers `navigator.credentials.create()` and `.get()`.
 */
class SoftPasskey {
  counter = 0;
  readonly id = crypto.getRandomValues(new Uint8Array(16));
  private keys!: CryptoKeyPair;
  private userHandle = '';

  constructor(readonly origin = BASE) {}

  private clientData(type: string, challenge: string) {
    return new TextEncoder().encode(
      JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }),
    );
  }

  private async authData(rpID: string, flags: number, attested = new Uint8Array()) {
    return concat(
      await sha256(new TextEncoder().encode(rpID)),
      new Uint8Array([flags]),
      uint32(this.counter),
      attested,
    );
  }

  async create(options: { challenge: string; rp: { id: string }; user: { id: string } }) {
    this.keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    this.userHandle = options.user.id;
    const jwk = (await crypto.subtle.exportKey('jwk', this.keys.publicKey)) as JsonWebKey;
    const cose = isoCBOR.encode(
      new Map<number, CBOR>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, isoBase64URL.toBuffer(jwk.x!)],
        [-3, isoBase64URL.toBuffer(jwk.y!)],
      ]),
    );
    const attested = concat(new Uint8Array(16), new Uint8Array([0, this.id.length]), this.id, cose);
    const authData = await this.authData(options.rp.id, 0x45, attested);
    const attestationObject = isoCBOR.encode(
      new Map<string, CBOR>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    return {
      id: b64(this.id),
      rawId: b64(this.id),
      type: 'public-key',
      response: {
        clientDataJSON: b64(this.clientData('webauthn.create', options.challenge)),
        attestationObject: b64(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  async get(options: { challenge: string; rpId: string }) {
    this.counter++;
    const authData = await this.authData(options.rpId, 0x05);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge);
    const signed = concat(authData, await sha256(clientDataJSON));
    const raw = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, this.keys.privateKey, signed);
    return {
      id: b64(this.id),
      rawId: b64(this.id),
      type: 'public-key',
      response: {
        clientDataJSON: b64(clientDataJSON),
        authenticatorData: b64(authData),
        signature: b64(derSignature(new Uint8Array(raw))),
        userHandle: this.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}

async function register(as: Caller, passkey = new SoftPasskey()) {
  const start = await call('POST', '/api/v1/passkeys/registration-options', { as });
  expect(start.status, JSON.stringify(start.body)).toBe(200);
  const res = await call('POST', '/api/v1/passkeys', {
    as,
    body: {
      challenge_id: start.body.challenge_id,
      response: await passkey.create(start.body.options),
      name: 'Pixel 7',
    },
  });
  return { res, passkey };
}

const signInOptions = async () => (await call('POST', '/api/v1/passkeys/sign-in-options')).body;
const sessionOf = (headers: Headers) => /sy_session=([^;]+)/.exec(headers.get('set-cookie') ?? '')?.[1];
const storedCounter = async (id: Uint8Array) =>
  (
    await env.DB.prepare('SELECT counter FROM passkeys WHERE id = ?')
      .bind(b64(id))
      .first<{ counter: number }>()
  )?.counter;

let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

describe('passkeys', () => {
  it('registers a passkey for the signed-in person and signs them in with it, moving the counter', async () => {
    const { res, passkey } = await register(owner);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ id: b64(passkey.id), name: 'Pixel 7', last_used_at: null });

    const me = (await call('GET', '/api/v1/auth/me', { as: owner })).body.user;
    for (const expected of [1, 2]) {
      const options = await signInOptions();
      expect(options.options).toMatchObject({ rpId: 'switchyard.test', userVerification: 'preferred' });
      expect(options.options.allowCredentials ?? []).toEqual([]);
      const signedInAs = await call('POST', '/api/v1/passkeys/sign-in', {
        body: { challenge_id: options.challenge_id, response: await passkey.get(options.options) },
      });
      expect(signedInAs.status, JSON.stringify(signedInAs.body)).toBe(200);
      expect(signedInAs.body.user).toEqual(me);
      const session = sessionOf(signedInAs.headers);
      const who = await call('GET', '/api/v1/auth/me', { as: { cookie: `sy_session=${session}` } });
      expect(who.body.user.id).toBe(me.id);
      expect(await storedCounter(passkey.id)).toBe(expected);
    }
    const listed = (await call('GET', '/api/v1/passkeys', { as: owner })).body.data;
    expect(listed).toEqual([
      expect.objectContaining({ id: b64(passkey.id), last_used_at: expect.any(String) }),
    ]);
  });

  it('refuses a challenge used twice, changing nothing', async () => {
    const { passkey } = await register(await signedIn('manager'));
    const options = await signInOptions();
    const answer = await passkey.get(options.options);
    const first = await call('POST', '/api/v1/passkeys/sign-in', {
      body: { challenge_id: options.challenge_id, response: answer },
    });
    expect(first.status).toBe(200);
    const replay = await call('POST', '/api/v1/passkeys/sign-in', {
      body: { challenge_id: options.challenge_id, response: answer },
    });
    expect([replay.status, replay.body.error.code]).toEqual([400, 'challenge_invalid']);
    expect(sessionOf(replay.headers)).toBeUndefined();
    expect(await storedCounter(passkey.id)).toBe(1);
  });

  it('refuses an answer signed over another challenge, or for another site, and spends the challenge', async () => {
    const { passkey } = await register(await signedIn('staff'));
    const options = await signInOptions();
    const other = await signInOptions();
    const wrong = await call('POST', '/api/v1/passkeys/sign-in', {
      body: { challenge_id: options.challenge_id, response: await passkey.get(other.options) },
    });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'passkey_not_verified']);
    expect(sessionOf(wrong.headers)).toBeUndefined();
    const again = await call('POST', '/api/v1/passkeys/sign-in', {
      body: { challenge_id: options.challenge_id, response: await passkey.get(options.options) },
    });
    expect(again.body.error.code).toBe('challenge_invalid');

    const phishing = new SoftPasskey('https://switchyard.test.evil.example');
    const regStart = await call('POST', '/api/v1/passkeys/registration-options', { as: owner });
    const reg = await call('POST', '/api/v1/passkeys', {
      as: owner,
      body: {
        challenge_id: regStart.body.challenge_id,
        response: await phishing.create(regStart.body.options),
      },
    });
    expect([reg.status, reg.body.error.code]).toEqual([400, 'passkey_not_verified']);
    expect(await storedCounter(phishing.id)).toBeUndefined();
  });

  it('refuses an unknown passkey and a counter that went backwards (a cloned authenticator)', async () => {
    const stranger = new SoftPasskey();
    await stranger.create({ challenge: 'x', rp: { id: 'switchyard.test' }, user: { id: 'dXNy' } });
    const options = await signInOptions();
    const unknown = await call('POST', '/api/v1/passkeys/sign-in', {
      body: { challenge_id: options.challenge_id, response: await stranger.get(options.options) },
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([401, 'passkey_unknown']);

    const { passkey } = await register(await signedIn('seller'));
    const first = await signInOptions();
    await call('POST', '/api/v1/passkeys/sign-in', {
      body: { challenge_id: first.challenge_id, response: await passkey.get(first.options) },
    });
    passkey.counter = 0;
    const cloned = await signInOptions();
    const res = await call('POST', '/api/v1/passkeys/sign-in', {
      body: { challenge_id: cloned.challenge_id, response: await passkey.get(cloned.options) },
    });
    expect([res.status, res.body.error.code]).toEqual([401, 'passkey_not_verified']);
    expect(await storedCounter(passkey.id)).toBe(1);
  });

  it('refuses a registration challenge issued to someone else, an expired one, and the same passkey twice', async () => {
    const someoneElse = await signedIn('manager');
    const start = await call('POST', '/api/v1/passkeys/registration-options', { as: someoneElse });
    const theirs = await call('POST', '/api/v1/passkeys', {
      as: owner,
      body: {
        challenge_id: start.body.challenge_id,
        response: await new SoftPasskey().create(start.body.options),
      },
    });
    expect([theirs.status, theirs.body.error.code]).toEqual([400, 'challenge_invalid']);

    const late = await call('POST', '/api/v1/passkeys/registration-options', { as: owner });
    await env.DB.prepare('UPDATE auth_challenges SET expires_at = ? WHERE id = ?')
      .bind(new Date(Date.now() - 1000).toISOString(), late.body.challenge_id)
      .run();
    const expired = await call('POST', '/api/v1/passkeys', {
      as: owner,
      body: {
        challenge_id: late.body.challenge_id,
        response: await new SoftPasskey().create(late.body.options),
      },
    });
    expect([expired.status, expired.body.error.code]).toEqual([400, 'challenge_invalid']);

    const passkey = new SoftPasskey();
    expect((await register(owner, passkey)).res.status).toBe(201);
    const twice = await register(owner, passkey);
    expect([twice.res.status, twice.res.body.error.code]).toEqual([409, 'passkey_exists']);
  });

  it('removes only your own passkeys', async () => {
    const { passkey } = await register(owner);
    const other = await signedIn('owner');
    const notYours = await call('DELETE', `/api/v1/passkeys/${b64(passkey.id)}`, { as: other });
    expect(notYours.status).toBe(404);
    const removed = await call('DELETE', `/api/v1/passkeys/${b64(passkey.id)}`, { as: owner });
    expect(removed.body).toEqual({ removed: true });
    const options = await signInOptions();
    const after = await call('POST', '/api/v1/passkeys/sign-in', {
      body: { challenge_id: options.challenge_id, response: await passkey.get(options.options) },
    });
    expect(after.body.error.code).toBe('passkey_unknown');
  });
});
