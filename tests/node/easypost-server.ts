// A local EasyPost: the published v2 payloads (tests/fixtures), with the behaviour chosen by the API key
// so parallel test files never share state: `EZ-ok-*`, `EZ-timeout-after-buy-*`, `EZ-address-invalid-*`, `EZ-down-*`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import buyFixture from '../fixtures/easypost-shipments-buy-response.json' with { type: 'json' };
import createFixture from '../fixtures/easypost-shipments-create-response.json' with { type: 'json' };

type Shipment = Record<string, unknown> & { id: string; reference: string | null };

const byKey = new Map<string, Map<string, Shipment>>();
const buys = new Map<string, number>();
let counter = 0;

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const error = (res: ServerResponse, status: number, code: string, message: string) =>
  send(res, status, { error: { code, message, errors: [] } });

async function json(req: IncomingMessage): Promise<Record<string, any>> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw ? JSON.parse(raw) : {};
}

function apiKey(req: IncomingMessage) {
  const auth = req.headers.authorization ?? '';
  return auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString().replace(/:$/, '') : '';
}

export function startFakeEasyPost(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const base = `http://${req.headers.host}`;
    if (url.pathname.startsWith('/files/')) {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      return res.end(`%PDF-1.4 label ${url.pathname}`);
    }
    if (url.pathname === '/__buys')
      return send(res, 200, { count: buys.get(url.searchParams.get('key') ?? '') ?? 0 });
    const key = apiKey(req);
    if (!key.startsWith('EZ-')) return error(res, 401, 'APIKEY.INVALID', 'Invalid API key.');
    const mine = byKey.get(key) ?? new Map<string, Shipment>();
    byKey.set(key, mine);
    const find = (idOrRef: string) =>
      mine.get(idOrRef) ?? [...mine.values()].find((s) => s.reference === idOrRef);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);

    if (req.method === 'POST' && url.pathname === '/v2/shipments') {
      if (key.startsWith('EZ-down-'))
        return error(res, 503, 'SERVICE.UNAVAILABLE', 'The carrier is not responding.');
      const { shipment } = await json(req);
      if (key.startsWith('EZ-address-invalid-')) {
        return error(res, 422, 'ADDRESS.VERIFY.FAILURE', 'Unable to verify address: street1 not found.');
      }
      const id = `shp_fake${++counter}`;
      const made: Shipment = {
        ...structuredClone(createFixture),
        id,
        reference: shipment.reference ?? null,
        to_address: shipment.to_address,
        from_address: shipment.from_address,
        parcel: shipment.parcel,
        rates: createFixture.rates.map((r) => ({ ...r, shipment_id: id })),
      };
      mine.set(id, made);
      return send(res, 201, made);
    }
    if (req.method === 'GET' && parts[0] === 'v2' && parts[1] === 'shipments' && parts[2]) {
      const s = find(parts[2]);
      return s
        ? send(res, 200, s)
        : error(res, 404, 'NOT_FOUND', 'The requested resource could not be found.');
    }
    if (req.method === 'POST' && parts[1] === 'shipments' && parts[3] === 'buy') {
      const s = find(parts[2]!);
      if (!s) return error(res, 404, 'NOT_FOUND', 'The requested resource could not be found.');
      if (s.postage_label)
        return error(res, 422, 'SHIPMENT.POSTAGE.EXISTS', 'Postage already exists for this shipment.');
      const { rate } = await json(req);
      const chosen = (s.rates as { id: string }[]).find((r) => r.id === rate?.id);
      if (!chosen) return error(res, 422, 'SHIPMENT.RATE.INVALID', 'Rate is not valid for this shipment.');
      Object.assign(s, {
        status: 'unknown',
        tracking_code: `${buyFixture.tracking_code}${counter}`,
        selected_rate: chosen,
        postage_label: {
          ...buyFixture.postage_label,
          label_url: `${base}/files/${s.id}.pdf`,
          label_file_type: 'application/pdf',
        },
      });
      buys.set(key, (buys.get(key) ?? 0) + 1);
      // the label is bought, but the answer comes too late for the client
      if (key.startsWith('EZ-timeout-after-buy-') && buys.get(key) === 1)
        await new Promise((r) => setTimeout(r, 2500));
      return send(res, 200, s);
    }
    if (req.method === 'POST' && parts[1] === 'shipments' && parts[3] === 'refund') {
      const s = find(parts[2]!);
      if (!s) return error(res, 404, 'NOT_FOUND', 'The requested resource could not be found.');
      if (!s.postage_label)
        return error(res, 422, 'SHIPMENT.REFUND.NOT_PURCHASED', 'The shipment has no postage.');
      s.refund_status = 'submitted';
      return send(res, 200, s);
    }
    return error(res, 404, 'NOT_FOUND', `No route ${req.method} ${url.pathname}`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}
