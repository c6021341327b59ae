import { describe, expect, it } from 'vitest';
import { acknowledge } from '../../../worker/domain/edi/acknowledge';
import { read850 } from '../../../worker/domain/edi/po-850';
import { draft } from '../../../worker/domain/edi/segment';
import { validateGroup } from '../../../worker/domain/edi/validate';
import { interchangeOf, interchangeText, onlySet, X12 } from './fixtures';

function order(text: string) {
  const read = read850(onlySet(text));
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  return read.value;
}

const lineTotal = (lines: { quantity: number; unitPrice: number | null }[]) =>
  lines.reduce((sum, l) => sum + l.quantity * (l.unitPrice ?? 0), 0);

describe('read850', () => {
  it('maps the VICS retail order: header, ship-to, routing and priced lines', () => {
    const po = order(X12.node850);
    expect(po).toMatchObject({
      purpose: 'original',
      orderType: 'SA',
      poNumber: '08292233294',
      poDate: '2010-11-27',
      currency: 'USD',
      dates: { deliveryRequested: '2010-12-14', requestedShip: null, cancelAfter: null },
      routing: { scac: null, transportationMethod: '', routing: 'SEE XYZ RETAIL ROUTING GUIDE' },
      buyer: null,
      totals: { lineCount: 6, hashTotal: null },
    });
    expect(po.shipTo).toEqual({
      role: 'ST',
      name: 'XYZ RETAIL',
      codeQualifier: '9',
      code: '0003947268292',
      address: { lines: ['31875 SOLON RD'], city: 'SOLON', region: 'OH', postalCode: '44139', country: '' },
    });
    expect(po.lines).toHaveLength(6);
    expect(po.lines[0]).toEqual({
      lineNumber: '1',
      quantity: 120,
      unit: 'EA',
      unitPrice: 925,
      productIds: [
        { qualifier: 'CB', id: '065322-117' },
        { qualifier: 'PR', id: 'RO' },
        { qualifier: 'VN', id: 'AB3542' },
      ],
      description: 'SMALL WIDGET',
      dates: { requestedShip: null, cancelAfter: null, deliveryRequested: null },
    });
    expect(po.lines.map((l) => l.unitPrice)).toEqual([925, 1379, 1099, 435, 750, 955]);
    // AMT*1*13045.94 in the file is the order total the lines must add up to.
    expect(lineTotal(po.lines)).toBe(1_304_594);
  });

  it('maps the newline-terminated copy of that order to the same object', () => {
    expect(order(X12.node850NewlineTerminated)).toEqual(order(X12.node850));
  });

  it('maps the PGW Glass replacement order: currency, parties without names, line dates', () => {
    const po = order(X12.pgwGlass850);
    expect(po).toMatchObject({
      purpose: 'replace',
      poNumber: 'S41000439',
      poDate: '2010-08-10',
      currency: 'USD',
    });
    expect(po.shipTo).toMatchObject({
      name: '',
      codeQualifier: '92',
      code: 'W_341001',
      address: {
        lines: ['WORKS 41', '2290 MENELAUS ROAD'],
        city: 'BEREA',
        region: 'KY',
        postalCode: '40403',
        country: 'US',
      },
    });
    expect(po.otherParties.map((p) => [p.role, p.code])).toEqual([
      ['MI', 'D_POF341'],
      ['SF', 'S07012345'],
    ]);
    expect(po.lines.map((l) => [l.lineNumber, l.quantity, l.unitPrice, l.productIds[0]?.id])).toEqual([
      ['1', 5, 509, '0459001004'],
      ['2', 12, 6311, '0650002027'],
      ['3', 2, 802, '0670104514'],
      ['4', 1, 8525, '0684202074'],
    ]);
    expect(po.lines[1]?.description).toBe('LAMP, MAXLITE 35873, 200W,');
    expect(po.lines.every((l) => l.dates.deliveryRequested === '2010-08-20')).toBe(true);
    // AMT*TT*884.06
    expect(lineTotal(po.lines)).toBe(88_406);
  });

  it('maps the Adobe order: buyer, bill-to and ship-to codes, requested ship dates', () => {
    const po = order(X12.adobe850);
    expect(po).toMatchObject({ orderType: 'NE', poNumber: 'MH80312', poDate: '2009-04-21' });
    expect(po.totals).toEqual({ lineCount: 1, hashTotal: null });
    expect(po.dates.requestedShip).toBe('2009-04-21');
    expect([po.buyer?.code, po.billTo?.code, po.shipTo?.code]).toEqual([
      '038181483',
      '04332571',
      '0381814830030',
    ]);
    expect(po.shipTo?.address).toEqual({
      lines: ['100 Bramshott Rd.'],
      city: 'San Jose',
      region: 'CA',
      postalCode: '95110',
      country: '',
    });
    expect(po.otherParties.map((p) => p.role)).toEqual(['PO']);
    expect(po.lines).toEqual([
      expect.objectContaining({
        quantity: 11,
        unit: 'EA',
        unitPrice: 149_995,
        productIds: [
          { qualifier: 'BP', id: '12345678' },
          { qualifier: 'MG', id: '12070205' },
        ],
        dates: expect.objectContaining({ requestedShip: '2009-04-21' }),
      }),
    ]);
  });

  it('reads cancel-after dates and a SCAC routing, and prices in the currency CUR names', () => {
    const text = interchangeText([
      {
        id: '850',
        segments: [
          draft('BEG', '00', 'SA', 'PO-1', '', '20250301'),
          draft('CUR', 'BY', 'JPY'),
          draft('DTM', '001', '20250330'),
          draft('TD5', 'B', '2', 'UPSN', 'U', 'GROUND'),
          draft('PO1', '1', '3', 'EA', '1200', 'PE', 'UP', '012345678905'),
          draft('CTT', '1'),
        ],
      },
    ]);
    const po = order(text);
    expect(po.currency).toBe('JPY');
    expect(po.dates.cancelAfter).toBe('2025-03-30');
    expect(po.routing).toEqual({ scac: 'UPSN', transportationMethod: 'U', routing: 'GROUND' });
    expect(po.lines[0]?.unitPrice).toBe(1200);
  });
});

describe('read850 refusals', () => {
  const badOrder = interchangeText([
    {
      id: '850',
      segments: [
        draft('BEG', '99', 'SA', '', '', '20251340'),
        draft('PO1', '1', 'ten', 'EA', '9.999', '', 'UP'),
        draft('PO1', '2', '1', '', '1.5'),
      ],
    },
  ]);

  it('names every fault with its segment position (ST = 1), element and error kind', () => {
    const read = read850(onlySet(badOrder));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.map((e) => [e.segmentId, e.position, e.element?.position, e.code])).toEqual([
      ['BEG', 2, 1, 'invalid_code'],
      ['BEG', 2, 3, 'missing_element'],
      ['BEG', 2, 5, 'invalid_date'],
      ['PO1', 3, 2, 'invalid_character'],
      ['PO1', 3, 4, 'invalid_character'],
      ['PO1', 3, 7, 'missing_element'],
      ['PO1', 4, 3, 'missing_element'],
    ]);
  });

  it('turns the faults into a rejecting 997 with AK3/AK4 codes', () => {
    const group = interchangeOf(badOrder).groups[0]!;
    const set = group.transactionSets[0]!;
    const read = read850(set);
    const ack = acknowledge(group, [...validateGroup(group), ...(read.ok ? [] : read.errors)]);
    expect(ack).toMatchObject({ status: 'R', included: 1, received: 1, accepted: 0, codes: [] });
    expect(ack.sets[0]).toMatchObject({ status: 'R', codes: ['5'] });
    expect(
      ack.sets[0]!.segments.map((s) => [
        s.segmentId,
        s.position,
        s.code,
        s.elements.map((e) => [e.position, e.code]),
      ]),
    ).toEqual([
      [
        'BEG',
        2,
        '8',
        [
          [1, '7'],
          [3, '1'],
          [5, '8'],
        ],
      ],
      [
        'PO1',
        3,
        '8',
        [
          [2, '6'],
          [4, '6'],
          [7, '1'],
        ],
      ],
      ['PO1', 4, '8', [[3, '1']]],
    ]);
    expect(ack.sets[0]!.segments[0]!.elements[2]!.value).toBe('20251340');
  });

  it('reports a missing BEG and an order without lines as missing segments', () => {
    const text = interchangeText([{ id: '850', segments: [draft('CUR', 'BY', 'USD'), draft('CTT', '0')] }]);
    const read = read850(onlySet(text));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.map((e) => [e.segmentId, e.position, e.code])).toEqual([
      ['BEG', 2, 'missing_segment'],
      ['PO1', 4, 'missing_segment'],
    ]);
  });
});
