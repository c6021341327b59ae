import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { database } from '../../db/client';
import { ediDocuments } from '../../db/schema';
import { gs1CheckDigit } from '../../worker/domain/barcodes';
import {
  buildInterchange,
  type FunctionalAck,
  type Interchange,
  parseInterchange,
  read810,
  read846,
  read855,
  read856,
  read997,
  readTa1,
  type TransactionSetDraft,
  write997,
} from '../../worker/domain/edi';
import { draft } from '../../worker/domain/edi/segment';
import { isValidSscc } from '../../worker/domain/edi/sscc';
import worker from '../../worker/index';
import node850 from '../fixtures/x12/x12-node-x12-850.edi?raw';
import node850NewlineTerminated from '../fixtures/x12/x12-node-x12-850_2.edi?raw';
import pgwGlass850 from '../fixtures/x12/x12-oopfactory-850-Example1_PGWGlass.edi?raw';
import adobe850 from '../fixtures/x12/x12-oopfactory-850-Example4_Adobe_ShrinkWrapped.edi?raw';
import { type Caller, call, signedIn, uid } from '../helpers/api';
import { makeLocation, makeSku, receive } from '../helpers/factories';

const partnerUrl = inject('ediPartnerUrl');
let owner: Caller;
beforeAll(async () => {
  owner = await signedIn('owner');
});

const PARTNER = { qualifier: 'ZZ', id: 'BIGBOXRETAIL' };
const US = { qualifier: 'ZZ', id: 'SWITCHYARD' };

interface Partner {
  id: string;
  token: string;
  key: string;
}

/** A trading partner channel whose outbound URL is the local partner under `key`. */
async function makePartner(
  over: Record<string, unknown> = {},
  keyHint = 'ok',
  stockBuffer = 0,
): Promise<Partner> {
  const token = `tok_${crypto.randomUUID()}`;
  const key = `${keyHint}-${uid()}`;
  const res = await call('POST', '/api/v1/channels', {
    as: owner,
    body: {
      type: 'edi',
      name: 'Big Box Retail',
      stock_buffer: stockBuffer,
      config: {
        partner: PARTNER,
        us: US,
        outbound_url: `${partnerUrl}/partners/${key}`,
        outbound_token: 'partner-side-secret',
        inbound_token: token,
        gs1_company_prefix: '0614141',
        ...over,
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, token, key };
}

const sendX12 = (partner: Partner, text: string, token = partner.token) =>
  call('POST', `/api/v1/edi/${partner.id}/inbound`, {
    raw: text,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/edi-x12' },
  });

/** An interchange from the partner to us. */
function fromPartner(sets: TransactionSetDraft[], controlNumber = 1 + Math.floor(Math.random() * 1e8)) {
  const built = buildInterchange({
    sender: PARTNER,
    receiver: US,
    controlNumber,
    createdAt: new Date(),
    version: '004010',
    groups: [{ controlNumber: 5000 + (controlNumber % 1000), transactionSets: sets }],
  });
  if (!built.ok) throw new Error(built.error.message);
  return built.text;
}

const po850 = (
  poNumber: string,
  lines: { qualifier: string; id: string; quantity: number }[],
): TransactionSetDraft => ({
  id: '850',
  segments: [
    draft('BEG', '00', 'SA', poNumber, '', '20260301'),
    draft('N1', 'ST', 'BIG BOX DC 7', '92', 'DC7'),
    draft('N3', '100 Warehouse Way'),
    draft('N4', 'Edison', 'NJ', '08817', 'US'),
    ...lines.map((l, i) =>
      draft('PO1', String(i + 1), String(l.quantity), 'EA', '12.5', '', l.qualifier, l.id),
    ),
    draft('CTT', String(lines.length)),
  ],
});

type Doc = {
  id: string;
  type: string;
  direction: string;
  status: string;
  interchange_control: string;
  group_control: string | null;
  order_id: string | null;
  error: string | null;
};

const documentsOf = async (channel: string, direction?: 'in' | 'out') =>
  (
    await call(
      'GET',
      `/api/v1/edi/documents?channel=${channel}&limit=200${direction ? `&direction=${direction}` : ''}`,
      {
        as: owner,
      },
    )
  ).body.data as Doc[];

const detail = async (id: string) => (await call('GET', `/api/v1/edi/documents/${id}`, { as: owner })).body;

/** The raw X12 of one of our documents, read back as an interchange. */
async function interchangeOf(id: string): Promise<Interchange> {
  const parsed = parseInterchange((await detail(id)).raw);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.interchange;
}

async function ackIn(id: string): Promise<FunctionalAck[]> {
  const interchange = await interchangeOf(id);
  return interchange.groups.flatMap((g) =>
    g.transactionSets.map((set) => {
      const read = read997(set);
      if (!read.ok) throw new Error(JSON.stringify(read.errors));
      return read.value;
    }),
  );
}

const ordersOf = async (channel: string) =>
  (await call('GET', `/api/v1/orders?channel=${channel}&limit=100`, { as: owner })).body.data as {
    id: string;
    external_id: string;
    status: string;
  }[];

const received = async (key: string) =>
  (
    (await (await fetch(`${partnerUrl}/__received?key=${key}`)).json()) as {
      received: { body: string; authorization: string | null; document: string | null; status: number }[];
    }
  ).received;

async function runMinuteCron(at = Date.now()) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: at }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const eventually = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 20_000, interval: 200 });

describe('inbound purchase orders', () => {
  it.each([
    ['node-x12 850', node850],
    ['node-x12 850, newline terminated', node850NewlineTerminated],
    ['PGW Glass 850', pgwGlass850],
    ['Adobe 850', adobe850],
  ])('accepts the %s and answers it with an accepting 997', async (_, text) => {
    const parsed = parseInterchange(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const { sender, receiver } = parsed.interchange.header;
    const partner = await makePartner({ partner: sender, us: receiver });
    const res = await sendX12(partner, text);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ duplicate: false, status: 'accepted' });
    expect(res.body.orders).toHaveLength(1);
    const [ack997] = res.body.acknowledgements;
    expect(ack997.type).toBe('997');
    const [ack] = await ackIn(ack997.document_id);
    expect(ack).toMatchObject({
      functionalId: 'PO',
      groupControlNumber: parsed.interchange.groups[0]!.controlNumber,
      status: 'A',
    });
    // The fixture's items are not in our catalog: the order waits in the exception queue, never dropped.
    const [order] = await ordersOf(partner.id);
    expect(order).toMatchObject({ external_id: res.body.orders[0].po_number, status: 'on_hold' });
  });

  it('recognises a resent interchange (same ISA13) and applies nothing twice', async () => {
    const partner = await makePartner();
    const { sku } = await makeSku(owner);
    const text = fromPartner([po850(`PO-${uid()}`, [{ qualifier: 'VP', id: sku, quantity: 1 }])]);
    const first = await sendX12(partner, text);
    expect(first.body.duplicate).toBe(false);
    const again = await sendX12(partner, text);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      duplicate: true,
      status: 'duplicate',
      orders: [],
      acknowledgements: [],
    });
    expect(await ordersOf(partner.id)).toHaveLength(1);
    const docs = await documentsOf(partner.id);
    expect(docs.filter((d) => d.type === '997')).toHaveLength(1);
    expect(
      docs
        .filter((d) => d.direction === 'in')
        .map((d) => d.status)
        .sort(),
    ).toEqual(['accepted', 'duplicate']);
  });

  it('refuses a wrong token with 401 and stores nothing', async () => {
    const partner = await makePartner();
    const text = fromPartner([po850(`PO-${uid()}`, [{ qualifier: 'VP', id: 'X', quantity: 1 }])]);
    const res = await sendX12(partner, text, `${partner.token}x`);
    expect([res.status, res.body.error.code]).toEqual([401, 'invalid_token']);
    const none = await call('POST', `/api/v1/edi/${partner.id}/inbound`, { raw: text });
    expect(none.status).toBe(401);
    expect(await documentsOf(partner.id)).toEqual([]);
    expect(await ordersOf(partner.id)).toEqual([]);
  });

  const good = (po: string) =>
    fromPartner([po850(po, [{ qualifier: 'VP', id: 'ANY', quantity: 1 }])], 777_000_001);
  it.each([
    [
      'SE01 miscounts the segments',
      (t: string) => t.replace(/SE\*\d+\*0001~/, 'SE*99*0001~'),
      'se_count_mismatch',
      { set: ['4'] },
    ],
    [
      'SE02 differs from ST02',
      (t: string) => t.replace(/SE\*(\d+)\*0001~/, 'SE*$1*0002~'),
      'se_control_number_mismatch',
      { set: ['3'] },
    ],
    [
      'GE02 differs from GS06',
      (t: string) => t.replace(/GE\*1\*\d+~/, 'GE*1*1~'),
      'ge_control_number_mismatch',
      { group: ['4'] },
    ],
    [
      'GE01 miscounts the sets',
      (t: string) => t.replace(/GE\*1\*/, 'GE*2*'),
      'ge_count_mismatch',
      { group: ['5'] },
    ],
    [
      'the text is truncated',
      (t: string) => t.slice(0, t.indexOf('SE*')),
      'missing_iea',
      { set: ['2'], group: ['3'] },
    ],
    [
      'IEA02 differs from ISA13',
      (t: string) => t.replace(/IEA\*1\*\d+~/, 'IEA*1*000000001~'),
      'iea_control_number_mismatch',
      {},
    ],
  ])(
    'rejects an interchange whose %s with a 997 naming the error, and creates no order',
    async (_, damage, code, codes: { set?: string[]; group?: string[] }) => {
      const partner = await makePartner();
      const po = `PO-${uid()}`;
      const res = await sendX12(partner, damage(good(po)));
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.error.code).toBe('interchange_rejected');
      expect(res.body.error.details.errors.map((e: { code: string }) => e.code)).toContain(code);
      const [answer] = res.body.error.details.acknowledgements;
      expect(answer.type).toBe('997');
      const [ack] = await ackIn(answer.document_id);
      expect(ack).toMatchObject({ functionalId: 'PO', status: 'R', accepted: 0 });
      expect(ack!.sets[0]).toMatchObject({ status: 'R', codes: codes.set ?? [] });
      expect(ack!.codes).toEqual(codes.group ?? []);
      if (code.startsWith('iea') || code === 'missing_iea') {
        const ta1 = (await interchangeOf(answer.document_id)).technicalAcks.map(readTa1);
        expect(ta1).toEqual([expect.objectContaining({ controlNumber: '777000001', status: 'R' })]);
      }
      expect(await ordersOf(partner.id)).toEqual([]);
      const [stored] = await documentsOf(partner.id, 'in');
      expect(stored).toMatchObject({ status: 'rejected' });
    },
  );

  it('rejects an order line it cannot take (quantity 0) with the PO1 named in the 997', async () => {
    const partner = await makePartner();
    const res = await sendX12(
      partner,
      fromPartner([po850(`PO-${uid()}`, [{ qualifier: 'VP', id: 'A', quantity: 0 }])]),
    );
    expect(res.status).toBe(422);
    const [ack] = await ackIn(res.body.error.details.acknowledgements[0].document_id);
    expect(ack!.sets[0]!.segments).toEqual([expect.objectContaining({ segmentId: 'PO1', position: 6 })]);
    expect(await ordersOf(partner.id)).toEqual([]);
  });
});

describe('the 850 round trip', () => {
  it('captures the PO, answers 997 and 855, and sends 856 and 810 when it ships, numbering per partner', async () => {
    const partner = await makePartner();
    const loc = await makeLocation(owner, {
      address: { line1: '1 Dock St', city: 'Newark', region: 'NJ', postal_code: '07114', country: 'US' },
    });
    const digits = String(Math.floor(Math.random() * 1e11)).padStart(11, '0');
    const upc = `${digits}${gs1CheckDigit(digits)}`;
    const tote = (await makeSku(owner, { barcodes: [upc] })).sku;
    const mug = (await makeSku(owner)).sku;
    await receive(owner, tote, loc.code, 5);
    const po = `PO-${uid()}`;
    const res = await sendX12(
      partner,
      fromPartner([
        po850(po, [
          { qualifier: 'UP', id: upc, quantity: 3 },
          { qualifier: 'VP', id: mug, quantity: 2 },
        ]),
      ]),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const orderId = res.body.orders[0].order_id as string;
    const order = (await call('GET', `/api/v1/orders/${orderId}`, { as: owner })).body;
    expect(order).toMatchObject({ external_id: po, status: 'backordered' });
    expect(order.lines.map((l: { sku: string; backordered: number }) => [l.sku, l.backordered])).toEqual([
      [tote, 0],
      [mug, 2],
    ]);

    await eventually(async () => {
      expect((await documentsOf(partner.id, 'out')).map((d) => d.type).sort()).toEqual(['855', '997']);
    });
    const ack855 = (await documentsOf(partner.id, 'out')).find((d) => d.type === '855')!;
    const set855 = (await interchangeOf(ack855.id)).groups[0]!.transactionSets[0]!;
    const read = read855(set855);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(
      read.value.lines.map((l) => [l.lineNumber, l.statuses.map((s) => [s.status, s.quantity])]),
    ).toEqual([
      ['1', [['accepted', 3]]],
      ['2', [['backordered', 2]]],
    ]);

    // The mugs arrive: the backorder is filled, and the order ships in one box.
    await receive(owner, mug, loc.code, 2);
    await eventually(async () => {
      expect((await call('GET', `/api/v1/orders/${orderId}`, { as: owner })).body.status).toBe('allocated');
    });
    const list = (await call('POST', '/api/v1/pick-lists', { as: owner, body: { location: loc.code } })).body;
    const shipment = list.shipments.find((s: { order_id: string }) => s.order_id === orderId).id as string;
    for (const [code, n] of [
      [tote, 3],
      [mug, 2],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const picked = await call('POST', `/api/v1/pick-lists/${list.id}/picks`, {
          as: owner,
          body: { op_id: `op-${crypto.randomUUID()}`, code },
        });
        expect(picked.status, JSON.stringify(picked.body)).toBe(200);
      }
    }
    const packed = await call('POST', `/api/v1/shipments/${shipment}/pack`, {
      as: owner,
      body: {
        scans: [
          { code: tote, quantity: 3 },
          { code: mug, quantity: 2 },
        ],
        packages: [{ weight_grams: 2500 }],
      },
    });
    expect(packed.status, JSON.stringify(packed.body)).toBe(200);
    await call('POST', `/api/v1/shipments/${shipment}/tracking`, {
      as: owner,
      body: { carrier: 'UPS', tracking_code: '1Z999AA10123456784' },
    });
    const shipped = await call('POST', `/api/v1/shipments/${shipment}/ship`, { as: owner });
    expect(shipped.body.status).toBe('shipped');

    await eventually(async () => {
      const out = await documentsOf(partner.id, 'out');
      expect(out.map((d) => d.type).sort()).toEqual(['810', '855', '856', '997']);
      expect(out.every((d) => d.status === 'sent')).toBe(true);
    });
    const out = (await documentsOf(partner.id, 'out')).reverse();
    expect(out.map((d) => [d.type, d.interchange_control, d.group_control])).toEqual([
      ['997', '000000001', '1'],
      ['855', '000000002', '2'],
      ['856', '000000003', '3'],
      ['810', '000000004', '4'],
    ]);

    const notice = read856((await interchangeOf(out[2]!.id)).groups[0]!.transactionSets[0]!);
    if (!notice.ok) throw new Error(JSON.stringify(notice.errors));
    expect(notice.value).toMatchObject({
      shipmentId: shipment,
      carrier: { scac: 'UPSN' },
      trackingNumber: '1Z999AA10123456784',
      shipTo: { role: 'ST', code: 'DC7' },
      grossWeight: { value: 2.5, unit: 'KG' },
    });
    const [shippedPo] = notice.value.orders;
    expect(shippedPo!.poNumber).toBe(po);
    expect(isValidSscc(shippedPo!.packs[0]!.sscc)).toBe(true);
    expect(shippedPo!.packs[0]!.items.map((i) => [i.lineNumber, i.quantity, i.productIds[0]])).toEqual([
      ['1', 3, { qualifier: 'UP', id: upc }],
      ['2', 2, { qualifier: 'VP', id: mug }],
    ]);
    const invoice = read810((await interchangeOf(out[3]!.id)).groups[0]!.transactionSets[0]!);
    if (!invoice.ok) throw new Error(JSON.stringify(invoice.errors));
    expect(invoice.value.invoice.poNumber).toBe(po);
    expect(invoice.value.total).toBe(5 * 1250);

    // The partner received all four, with its own token, each named by our document id.
    const got = await received(partner.key);
    expect(got.map((d) => d.document).sort()).toEqual(out.map((d) => d.id).sort());
    expect(got.every((d) => d.authorization === 'Bearer partner-side-secret')).toBe(true);
  }, 40_000);
});

describe('outbound delivery and acknowledgements', () => {
  async function acceptedOrder(partner: Partner) {
    const { sku } = await makeSku(owner);
    const res = await sendX12(
      partner,
      fromPartner([po850(`PO-${uid()}`, [{ qualifier: 'VP', id: sku, quantity: 1 }])]),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  it('retries a document the partner answered with a 500 and marks it sent', async () => {
    const partner = await makePartner({ documents: ['997'] }, 'flaky');
    await acceptedOrder(partner);
    await eventually(async () => {
      const [doc] = await documentsOf(partner.id, 'out');
      expect(doc).toMatchObject({ type: '997', status: 'sent', error: null });
    });
    expect((await received(partner.key)).map((d) => d.status)).toEqual([500, 200]);
  }, 30_000);

  it('marks a document failed, with an exception, when the partner refuses it', async () => {
    const partner = await makePartner({ documents: ['997'] }, 'refuse');
    await acceptedOrder(partner);
    await eventually(async () => {
      const [doc] = await documentsOf(partner.id, 'out');
      expect(doc).toMatchObject({ status: 'failed' });
      expect(doc!.error).toContain('HTTP 400');
    });
    const inbox = await call('GET', '/api/v1/exceptions?kind=edi_delivery_failed', { as: owner });
    expect(inbox.body.data.some((e: { channel: string }) => e.channel === partner.id)).toBe(true);
  }, 30_000);

  it('raises edi_ack_missing when no 997 comes by the deadline, and a late 997 acknowledges the document', async () => {
    const partner = await makePartner({ documents: ['997', '855'] });
    await acceptedOrder(partner);
    let ack855: Doc | undefined;
    await eventually(async () => {
      ack855 = (await documentsOf(partner.id, 'out')).find((d) => d.type === '855' && d.status === 'sent');
      expect(ack855).toBeDefined();
    });
    const db = database(env);
    const row = await db.query.ediDocuments.findFirst({ where: eq(ediDocuments.id, ack855!.id) });
    expect(Date.parse(row!.ackDueAt!)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    await db
      .update(ediDocuments)
      .set({ ackDueAt: new Date(Date.now() - 60_000).toISOString() })
      .where(eq(ediDocuments.id, ack855!.id));
    await runMinuteCron();
    expect((await detail(ack855!.id)).status).toBe('ack_overdue');
    const open = async () =>
      (
        await call('GET', '/api/v1/exceptions?kind=edi_ack_missing&status=open', { as: owner })
      ).body.data.filter((e: { channel: string }) => e.channel === partner.id);
    expect(await open()).toHaveLength(1);
    await runMinuteCron();
    expect(await open()).toHaveLength(1);

    const theirAck: FunctionalAck = {
      functionalId: 'PR',
      groupControlNumber: ack855!.group_control!,
      version: null,
      sets: [{ transactionSetId: '855', controlNumber: '0001', status: 'A', codes: [], segments: [] }],
      status: 'A',
      included: 1,
      received: 1,
      accepted: 1,
      codes: [],
    };
    const res = await sendX12(partner, fromPartner([write997(theirAck)]));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.acknowledgements).toEqual([]);
    expect((await detail(ack855!.id)).status).toBe('acknowledged');
    expect(await open()).toEqual([]);
  }, 30_000);

  it('sends an 846 on schedule with what the partner may see (buffer and rules applied)', async () => {
    const partner = await makePartner({ documents: ['846'], item_qualifiers: ['BP', 'VP'] }, 'ok', 2);
    await call('PATCH', `/api/v1/channels/${partner.id}`, {
      as: owner,
      body: { stock_rules: { max_listed: 5 } },
    });
    const loc = await makeLocation(owner);
    const plenty = (await makeSku(owner)).sku;
    const scarce = (await makeSku(owner)).sku;
    await receive(owner, plenty, loc.code, 10);
    await receive(owner, scarce, loc.code, 1);
    for (const [sku, channelSku] of [
      [plenty, `BUY-${uid()}`],
      [scarce, `BUY-${uid()}`],
    ]) {
      const linked = await call('POST', '/api/v1/listings', {
        as: owner,
        body: { channel: partner.id, channel_sku: channelSku, sku },
      });
      expect(linked.status).toBe(200);
    }
    await runMinuteCron();
    const feeds = (await documentsOf(partner.id, 'out')).filter((d) => d.type === '846');
    expect(feeds).toHaveLength(1);
    const set = (await interchangeOf(feeds[0]!.id)).groups[0]!.transactionSets[0]!;
    const advice = read846(set);
    if (!advice.ok) throw new Error(JSON.stringify(advice.errors));
    const bySku = new Map(
      advice.value.items.map((i) => [i.productIds.find((p) => p.qualifier === 'VP')?.id, i.available]),
    );
    // 10 less the buffer of 2 is 8, capped at 5; 1 less 2 is none.
    expect(bySku.get(plenty)).toBe(5);
    expect(bySku.get(scarce)).toBe(0);
    expect(advice.value.items.every((i) => i.productIds[0]!.qualifier === 'BP')).toBe(true);
    // Within the partner's interval the next run sends nothing.
    await runMinuteCron();
    expect((await documentsOf(partner.id, 'out')).filter((d) => d.type === '846')).toHaveLength(1);
  }, 30_000);
});
