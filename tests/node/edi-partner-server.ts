// A local trading partner receiving our X12 by HTTPS POST at /partners/{key}. Each delivery is recorded with
// its Authorization and X-Switchyard-Document headers. The key picks the behaviour: `…flaky…` answers its
// first delivery 500, `…down…` always 500, `…refuse…` 400. GET /__received?key= lists what arrived.
import { createServer, type ServerResponse } from 'node:http';

type Delivery = { body: string; authorization: string | null; document: string | null; status: number };
const received = new Map<string, Delivery[]>();

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

function statusFor(key: string, attempt: number): number {
  if (key.includes('down')) return 500;
  if (key.includes('refuse')) return 400;
  if (key.includes('flaky') && attempt === 1) return 500;
  return 200;
}

export function startEdiPartnerServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__received' && req.method === 'GET')
      return send(res, 200, { received: received.get(url.searchParams.get('key') ?? '') ?? [] });
    const key = /^\/partners\/([A-Za-z0-9_-]+)$/.exec(url.pathname)?.[1];
    if (!key || req.method !== 'POST') return send(res, 404, { error: 'no such endpoint' });
    let body = '';
    for await (const chunk of req) body += chunk;
    const deliveries = received.get(key) ?? [];
    const status = statusFor(key, deliveries.length + 1);
    deliveries.push({
      body,
      authorization: req.headers.authorization ?? null,
      document: (req.headers['x-switchyard-document'] as string | undefined) ?? null,
      status,
    });
    received.set(key, deliveries);
    return send(res, status, status === 200 ? { received: true } : { error: 'partner system unavailable' });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}
