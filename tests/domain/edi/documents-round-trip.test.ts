import { describe, expect, it } from 'vitest';
import type { InterchangeDraft } from '../../../worker/domain/edi/build-interchange';
import { type InventoryAdvice, read846, write846 } from '../../../worker/domain/edi/inventory-846';
import { type Invoice, invoiceTotal, read810, write810 } from '../../../worker/domain/edi/invoice-810';
import type { Party } from '../../../worker/domain/edi/parties';
import { ackTypeOf, type PoAcknowledgement, read855, write855 } from '../../../worker/domain/edi/po-ack-855';
import { read856, type ShipNotice, write856 } from '../../../worker/domain/edi/ship-notice-856';
import { buildSscc } from '../../../worker/domain/edi/sscc';
import { validateGroup } from '../../../worker/domain/edi/validate';
import { interchangeOf, interchangeText, onlySet, roundTrip, X12 } from './fixtures';

const shipTo: Party = {
  role: 'ST',
  name: 'XYZ RETAIL DC 7',
  codeQualifier: '92',
  code: '0007',
  address: {
    lines: ['31875 SOLON RD', 'DOCK 4'],
    city: 'SOLON',
    region: 'OH',
    postalCode: '44139',
    country: 'US',
  },
};

const acknowledgement: PoAcknowledgement = {
  poNumber: '08292233294',
  poDate: '2010-11-27',
  acknowledgedOn: '2010-11-28',
  currency: 'USD',
  lines: [
    {
      lineNumber: '1',
      quantityOrdered: 120,
      unit: 'EA',
      unitPrice: 925,
      productIds: [{ qualifier: 'VN', id: 'AB3542' }],
      statuses: [{ status: 'accepted', quantity: 120, unit: 'EA', shipDate: null }],
    },
    {
      lineNumber: '2',
      quantityOrdered: 220,
      unit: 'EA',
      unitPrice: 1379,
      productIds: [
        { qualifier: 'UP', id: '012345678905' },
        { qualifier: 'BP', id: '066850-116' },
      ],
      statuses: [
        { status: 'accepted', quantity: 200, unit: 'EA', shipDate: null },
        { status: 'backordered', quantity: 15, unit: 'EA', shipDate: '2010-12-20' },
        { status: 'rejected', quantity: 5, unit: 'EA', shipDate: null },
      ],
    },
  ],
};

const sscc = (serial: number) => {
  const built = buildSscc({ extensionDigit: 0, companyPrefix: '0614141', serial });
  if (!built.ok) throw new Error(built.message);
  return built.sscc;
};

const notice: ShipNotice = {
  shipmentId: 'SHP-01J9ZK',
  noticeDate: '2025-03-04',
  noticeTime: '17:30',
  shippedOn: '2025-03-04',
  carrier: { scac: 'UPSN', transportationMethod: 'U', service: 'UPS GROUND' },
  trackingNumber: '1Z999AA10123456784',
  billOfLading: null,
  grossWeight: { value: 12.5, unit: 'LB' },
  shipFrom: { role: 'SF', name: 'SWITCHYARD WH', codeQualifier: '', code: '', address: null },
  shipTo,
  orders: [
    {
      poNumber: '08292233294',
      poDate: '2010-11-27',
      packs: [
        {
          sscc: sscc(1),
          items: [
            {
              lineNumber: '1',
              productIds: [{ qualifier: 'UP', id: '012345678905' }],
              quantity: 10,
              unit: 'EA',
            },
            { lineNumber: '2', productIds: [{ qualifier: 'VN', id: 'RD5322' }], quantity: 4, unit: 'EA' },
          ],
        },
        {
          sscc: sscc(2),
          items: [
            {
              lineNumber: '1',
              productIds: [{ qualifier: 'UP', id: '012345678905' }],
              quantity: 6,
              unit: 'EA',
            },
          ],
        },
      ],
    },
    { poNumber: 'PO-2', poDate: null, packs: [{ sscc: sscc(3), items: [] }] },
  ],
};

const invoice: Invoice = {
  invoiceNumber: 'INV-1001',
  invoiceDate: '2025-03-05',
  poNumber: '08292233294',
  poDate: '2010-11-27',
  currency: 'USD',
  parties: [
    { ...shipTo, role: 'BT' },
    { role: 'RI', name: 'SWITCHYARD', codeQualifier: '', code: '', address: null },
  ],
  lines: [
    {
      lineNumber: '1',
      quantity: 120,
      unit: 'EA',
      unitPrice: 925,
      productIds: [{ qualifier: 'VN', id: 'AB3542' }],
      description: 'SMALL WIDGET',
    },
    { lineNumber: '2', quantity: 3, unit: 'CA', unitPrice: 1050, productIds: [], description: null },
  ],
};

const advice: InventoryAdvice = {
  reference: 'FEED-2025-03-04',
  date: '2025-03-04',
  items: [
    {
      productIds: [
        { qualifier: 'UP', id: '012345678905' },
        { qualifier: 'VP', id: 'AB3542' },
      ],
      available: 118,
      unit: 'EA',
    },
    { productIds: [{ qualifier: 'UP', id: '036000291452' }], available: 0, unit: 'EA' },
  ],
};

const unusual: Partial<InterchangeDraft> = {
  version: '005010',
  delimiters: { element: '|', component: ':', repetition: '^', segment: '\n' },
};

function readBack<T>(result: { ok: true; value: T } | { ok: false; errors: unknown[] }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe.each([
  ['the default delimiters in 004010', {}],
  ['| : ^ and a newline terminator in 005010', unusual],
  [
    '~ as element separator and * as terminator, with CRLF after each segment',
    {
      delimiters: { element: '~', component: '`', repetition: null, segment: '*' },
      lineBreak: '\r\n',
    },
  ],
] as const)('documents written with %s', (_, overrides: Partial<InterchangeDraft>) => {
  it('855 reads back as the acknowledgement written, inside sound envelopes', () => {
    const set = roundTrip(write855(acknowledgement), overrides);
    expect(readBack(read855(set))).toEqual(acknowledgement);
  });

  it('856 reads back as the ship notice written', () => {
    expect(readBack(read856(roundTrip(write856(notice), overrides)))).toEqual(notice);
  });

  it('810 reads back as the invoice written, with the TDS total of its lines', () => {
    const written = write810(invoice);
    if (!written.ok) throw new Error(written.message);
    const read = readBack(read810(roundTrip(written.transactionSet, overrides)));
    expect(read).toEqual({ invoice, total: 114_150 });
  });

  it('846 reads back as the inventory advice written', () => {
    expect(readBack(read846(roundTrip(write846(advice), overrides)))).toEqual(advice);
  });

  it('every generated set passes envelope validation in one group', () => {
    const written810 = write810(invoice);
    if (!written810.ok) throw new Error(written810.message);
    const text = interchangeText([], {
      ...overrides,
      groups: [
        { controlNumber: 1, transactionSets: [write855(acknowledgement), write855(acknowledgement)] },
        { controlNumber: 2, transactionSets: [write856(notice)] },
        { controlNumber: 3, transactionSets: [written810.transactionSet] },
        { controlNumber: 4, transactionSets: [write846(advice)] },
      ],
    });
    const { groups } = interchangeOf(text);
    expect(groups.map((g) => [g.functionalId, g.transactionSets.map((s) => s.id)])).toEqual([
      ['PR', ['855', '855']],
      ['SH', ['856']],
      ['IN', ['810']],
      ['IB', ['846']],
    ]);
    expect(groups.flatMap(validateGroup)).toEqual([]);
  });
});

describe('855 details', () => {
  it('says AD when every line is accepted as ordered, AC when anything changed, RD when all is rejected', () => {
    const accepted = { ...acknowledgement, lines: [acknowledgement.lines[0]!] };
    const rejected = {
      ...acknowledgement,
      lines: [
        {
          ...acknowledgement.lines[0]!,
          statuses: [{ status: 'rejected' as const, quantity: 120, unit: 'EA', shipDate: null }],
        },
      ],
    };
    expect([ackTypeOf(accepted), ackTypeOf(acknowledgement), ackTypeOf(rejected)]).toEqual([
      'AD',
      'AC',
      'RD',
    ]);
    const bak = roundTrip(write855(acknowledgement)).segments[1]!;
    expect(bak.elements.slice(0, 4)).toEqual(['00', 'AC', '08292233294', '20101127']);
  });

  it('writes the backorder date as ACK*IB with qualifier 068 and CTT with the ordered quantities', () => {
    const segments = roundTrip(write855(acknowledgement)).segments;
    expect(segments.find((s) => s.id === 'ACK' && s.elements[0] === 'IB')?.elements).toEqual([
      'IB',
      '15',
      'EA',
      '068',
      '20101220',
    ]);
    expect(segments.find((s) => s.id === 'CTT')?.elements).toEqual(['2', '340']);
  });

  it('reads a supplier 855: accepted and rejected lines with their quantities', () => {
    const read = readBack(read855(onlySet(X12.node855)));
    expect(read).toMatchObject({
      poNumber: 'POTEST1112',
      poDate: '2020-10-15',
      acknowledgedOn: '2020-10-15',
      currency: 'USD',
    });
    expect(
      read.lines.map((l) => [
        l.lineNumber,
        l.quantityOrdered,
        l.unitPrice,
        l.statuses.map((s) => [s.status, s.quantity]),
      ]),
    ).toEqual([
      ['1', 3, 450, [['accepted', 3]]],
      ['2', 2, 1599, [['rejected', 0]]],
      ['3', 1, 0, [['rejected', 0]]],
      ['4', 2, 450, [['accepted', 2]]],
    ]);
    expect(read.lines[0]?.productIds[0]).toEqual({ qualifier: 'EN', id: '9780446360265' });
  });
});

describe('856 details', () => {
  it('nests Shipment > Order > Pack > Item and counts the HL segments in CTT', () => {
    const segments = roundTrip(write856(notice)).segments;
    const hls = segments.filter((s) => s.id === 'HL').map((s) => s.elements);
    expect(hls).toEqual([
      ['1', '', 'S', '1'],
      ['2', '1', 'O', '1'],
      ['3', '2', 'P', '1'],
      ['4', '3', 'I', '0'],
      ['5', '3', 'I', '0'],
      ['6', '2', 'P', '1'],
      ['7', '6', 'I', '0'],
      ['8', '1', 'O', '1'],
      ['9', '8', 'P', '0'],
    ]);
    expect(segments.find((s) => s.id === 'CTT')?.elements).toEqual(['9']);
    expect(segments.find((s) => s.id === 'MAN')?.elements).toEqual(['GM', '006141410000000012']);
    expect(segments.find((s) => s.id === 'TD1')?.elements).toEqual([
      'CTN25',
      '3',
      '',
      '',
      '',
      'G',
      '12.5',
      'LB',
    ]);
    expect(segments.find((s) => s.id === 'TD5')?.elements).toEqual(['B', '2', 'UPSN', 'U', 'UPS GROUND']);
    expect(segments.find((s) => s.id === 'REF')?.elements).toEqual(['CN', '1Z999AA10123456784']);
    expect(segments.find((s) => s.id === 'DTM')?.elements).toEqual(['011', '20250304']);
  });

  it('refuses a pack whose parent is not an order, and a carton code that is not an SSCC-18', () => {
    const written = write856(notice);
    const segments = written.segments.map((s) => {
      if (s.id === 'HL' && s.elements[0] === '3') return { ...s, elements: ['3', '1', 'P', '1'] };
      if (s.id === 'MAN' && s.elements[1] === sscc(2))
        return { ...s, elements: ['GM', '006141410000000021'] };
      return s;
    });
    const read = read856(roundTrip({ ...written, segments }));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    // The items of the misplaced pack lose their parent too.
    expect(read.errors.map((e) => [e.segmentId, e.element?.value, e.code])).toEqual([
      ['HL', '1', 'invalid_code'],
      ['HL', '3', 'invalid_code'],
      ['HL', '3', 'invalid_code'],
      ['MAN', '006141410000000021', 'invalid_code'],
    ]);
  });
});

describe('810 details', () => {
  it('writes TDS in implied hundredths whatever the currency exponent', () => {
    const yen = write810({
      ...invoice,
      currency: 'JPY',
      lines: [{ ...invoice.lines[1]!, quantity: 2, unitPrice: 1500 }],
    });
    if (!yen.ok) throw new Error(yen.message);
    expect(yen.transactionSet.segments.find((s) => s.id === 'TDS')?.elements).toEqual(['300000']);
    expect(readBack(read810(roundTrip(yen.transactionSet))).total).toBe(3000);
  });

  it('refuses a Kuwaiti dinar total with fils below a hundredth', () => {
    const kwd = write810({
      ...invoice,
      currency: 'KWD',
      lines: [{ ...invoice.lines[1]!, quantity: 1, unitPrice: 1505 }],
    });
    expect(kwd).toMatchObject({ ok: false, code: 'total_not_representable' });
  });

  it('equals the sum of its lines', () => {
    expect(invoiceTotal(invoice)).toBe(120 * 925 + 3 * 1050);
  });

  it.each([
    [
      'walmart810',
      { invoiceNumber: '6463367', invoiceDate: '2005-02-05', poNumber: '3376103367', total: 387_530 },
      [['', 1080, 361]],
    ],
    [
      'adobe810',
      { invoiceNumber: '0013833070', invoiceDate: '2007-01-29', poNumber: 'V8748745', total: 16_000 },
      [['000010', 1, 16_000]],
    ],
  ] as const)('reads the %s sample', (name, expected, lines) => {
    const { invoice: read, total } = readBack(read810(onlySet(X12[name])));
    expect({ ...read, total }).toMatchObject(expected);
    expect(read.lines.map((l) => [l.lineNumber, l.quantity, l.unitPrice])).toEqual(lines);
  });
});

describe('846 details', () => {
  it('writes one LIN and QTY*33 per product and counts them in CTT', () => {
    const segments = roundTrip(write846(advice)).segments;
    expect(segments[1]?.elements).toEqual(['00', 'MM', 'FEED-2025-03-04', '20250304']);
    expect(segments.filter((s) => s.id === 'QTY').map((s) => s.elements)).toEqual([
      ['33', '118', 'EA'],
      ['33', '0', 'EA'],
    ]);
    expect(segments.find((s) => s.id === 'CTT')?.elements).toEqual(['2']);
  });

  it('refuses a product line without a quantity available', () => {
    const read = read846(onlySet(X12.example846));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.map((e) => [e.segmentId, e.position, e.code])).toEqual([
      ['QTY', 7, 'missing_segment'],
    ]);
  });
});
