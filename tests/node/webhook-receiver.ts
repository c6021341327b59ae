// A webhook subscriber on 127.0.0.1, as a customer would run one. Each test owns a key: PUT /__setup/<key>
// {secret, failures} tells it the signing secret and how many deliveries to answer 500 first; deliveries are
// POSTed to /hooks/<key> and each is checked like a careful receiver would (Switchyard-Signature over
// `<t>.<raw body>` with HMAC-SHA256, t no older than 5 minutes); GET /__received/<key> lists every request.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const REPLAY_WINDOW_S = 300;

interface Receipt {
  status: number;
  signatureValid: boolean;
  eventId: string | undefined;
  body: string;
}

const setups = new Map<string, { secret: string; failures: number }>();
const received = new Map<string, Receipt[]>();

async function text(req: IncomingMessage): Promise<string> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw;
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** True when the header's v1 is the HMAC of `t.body` under the secret and t is recent. */
function verify(header: string | undefined, body: string, secret: string): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > REPLAY_WINDOW_S || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function startWebhookReceiver(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const [, area, key] = (req.url ?? '').split('?')[0]!.split('/');
    if (!key) return send(res, 404, { error: 'no key' });
    if (area === '__setup' && req.method === 'PUT') {
      setups.set(key, JSON.parse(await text(req)));
      received.set(key, []);
      return send(res, 204, null);
    }
    if (area === '__received' && req.method === 'GET') return send(res, 200, received.get(key) ?? []);
    if (area !== 'hooks' || req.method !== 'POST') return send(res, 404, { error: 'no route' });
    const body = await text(req);
    const setup = setups.get(key);
    const signatureValid = setup
      ? verify(req.headers['switchyard-signature'] as string, body, setup.secret)
      : false;
    let status = signatureValid ? 200 : 401;
    if (signatureValid && setup!.failures > 0) {
      setup!.failures--;
      status = 500;
    }
    const eventId = req.headers['switchyard-event-id'] as string | undefined;
    received.set(key, [...(received.get(key) ?? []), { status, signatureValid, eventId, body }]);
    send(res, status, { ok: status === 200 });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}
