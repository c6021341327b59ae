// A local Web Push service, standing in for the browser's (FCM, Mozilla autopush): it holds each
// subscription's private key, as the browser does, and decrypts what arrives.
// POST /__subscriptions {answer?} makes a subscription: { endpoint, keys: { p256dh, auth } }. Its endpoint
// answers `answer` (default 201) to pushes that pass; unknown endpoints answer 410 like a dropped one.
// POST /push/{id} checks what a push service checks (RFC 8292 VAPID: `vapid t=<ES256 JWT>, k=<key>`,
// aud = the push resource's https origin, exp within 24 h, sub mailto:/https:) and a TTL header, then
// decrypts the aes128gcm body (RFC 8188 records, RFC 8291 keys). Refused pushes answer 400/401/403.
// GET /__messages/{id} lists what arrived: { accepted: [{ headers, vapid, data }], refused: [reason] }.
import { createDecipheriv, createECDH, hkdfSync, randomBytes, webcrypto } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

interface Subscription {
  ecdh: ReturnType<typeof createECDH>;
  auth: Buffer;
  answer: number;
  accepted: unknown[];
  refused: string[];
}

const subscriptions = new Map<string, Subscription>();

const send = (res: ServerResponse, status: number, body?: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
};

async function bytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// plain fields, no parameter properties: journeys load this file through Node's type stripping
class Refused extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** RFC 8292: the JWT's ES256 signature with the key in `k`, its audience and lifetime. */
async function verifyVapid(authorization: string | undefined, pushOrigin: string) {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)$/.exec(authorization ?? '');
  if (!m) throw new Refused(401, 'no vapid authorization');
  const [, jwt, k] = m as unknown as [string, string, string];
  const [header, claims, signature] = jwt.split('.') as [string, string, string];
  const key = await webcrypto.subtle.importKey(
    'raw',
    Buffer.from(k, 'base64url'),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  );
  const valid = await webcrypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    Buffer.from(signature, 'base64url'),
    Buffer.from(`${header}.${claims}`),
  );
  if (!valid) throw new Refused(403, 'bad vapid signature');
  if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'ES256')
    throw new Refused(403, 'not ES256');
  const c = JSON.parse(Buffer.from(claims, 'base64url').toString()) as {
    aud: string;
    exp: number;
    sub: string;
  };
  // the push resource is https in the real world; this local one is reached over http on loopback
  if (c.aud !== pushOrigin.replace(/^http:/, 'https:')) throw new Refused(403, `wrong aud ${c.aud}`);
  const now = Date.now() / 1000;
  if (!(c.exp > now && c.exp <= now + 24 * 3600)) throw new Refused(403, 'exp not within 24 h');
  if (!/^(mailto:|https:)/.test(c.sub ?? '')) throw new Refused(403, 'sub is not mailto: or https:');
  return { ...c, k };
}

/** RFC 8291 + RFC 8188: the user agent's side of aes128gcm. */
function decrypt(sub: Subscription, body: Buffer): string {
  if (body.length < 21) throw new Refused(400, 'body too short');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  if (idlen !== 65) throw new Refused(400, 'keyid is not the sender public key');
  const uaPublic = sub.ecdh.getPublicKey();
  const secret = sub.ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', secret, sub.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const baseNonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const records = body.subarray(21 + idlen);
  let plain = Buffer.alloc(0);
  for (let seq = 0, at = 0; at < records.length; seq++, at += rs) {
    const record = records.subarray(at, at + rs);
    const nonce = Buffer.from(baseNonce);
    // the record sequence number is XORed into the nonce's low bytes (it never needs more than 32 bits here)
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    const last = at + rs >= records.length;
    if (padded[end] !== (last ? 2 : 1)) throw new Refused(400, 'bad record delimiter');
    plain = Buffer.concat([plain, padded.subarray(0, end)]);
  }
  return plain.toString('utf8');
}

export function startPushEndpoint(): Promise<{ url: string; close: () => Promise<void> }> {
  let origin = '';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const body = await bytes(req);
    if (req.method === 'POST' && url.pathname === '/__subscriptions') {
      const { answer = 201 } = body.length ? (JSON.parse(body.toString()) as { answer?: number }) : {};
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const id = randomBytes(9).toString('base64url');
      const sub: Subscription = { ecdh, auth: randomBytes(16), answer, accepted: [], refused: [] };
      subscriptions.set(id, sub);
      return send(res, 201, {
        endpoint: `${origin}/push/${id}`,
        expirationTime: null,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: sub.auth.toString('base64url') },
      });
    }
    const messages = /^\/__messages\/([\w-]+)$/.exec(url.pathname);
    if (req.method === 'GET' && messages) {
      const sub = subscriptions.get(messages[1]!);
      return sub ? send(res, 200, { accepted: sub.accepted, refused: sub.refused }) : send(res, 404);
    }
    const push = /^\/push\/([\w-]+)$/.exec(url.pathname);
    if (req.method === 'POST' && push) {
      const sub = subscriptions.get(push[1]!);
      if (!sub) return send(res, 410);
      try {
        if (!req.headers.ttl || !/^\d+$/.test(req.headers.ttl as string)) throw new Refused(400, 'no TTL');
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Refused(415, 'not aes128gcm');
        const vapid = await verifyVapid(req.headers.authorization, origin);
        const data = JSON.parse(decrypt(sub, body)) as unknown;
        if (sub.answer >= 200 && sub.answer < 300) {
          sub.accepted.push({
            headers: { ttl: req.headers.ttl, urgency: req.headers.urgency, topic: req.headers.topic },
            vapid,
            data,
          });
        }
        return send(res, sub.answer);
      } catch (err) {
        const refusal = err instanceof Refused ? err : new Refused(400, String(err));
        sub.refused.push(refusal.message);
        return send(res, refusal.status, { reason: refusal.message });
      }
    }
    return send(res, 404);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      origin = `http://127.0.0.1:${port}`;
      resolve({ url: origin, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}
