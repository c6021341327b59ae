import { describe, expect, it } from 'vitest';
import { assignDropship, supplierProfileOf } from '../../worker/domain/purchase-orders/dropship';
import { NUMBER_SLOT, poMessage } from '../../worker/domain/purchase-orders/po-message';
import {
  canPoTransition,
  checkPoTransition,
  PO_STATUSES,
  type PoKind,
  type PoStatus,
  statusAfterReceipt,
} from '../../worker/domain/purchase-orders/po-status';
import { planPoReceipt } from '../../worker/domain/purchase-orders/receipt';
import { csvRecords, parseTrackingCsv } from '../../worker/domain/purchase-orders/tracking-csv';

describe('the purchase order status machine', () => {
  const allowed: Record<PoKind, string[]> = {
    dropship: [
      'draft>sent',
      'draft>cancelled',
      'sent>confirmed',
      'sent>cancelled',
      'confirmed>shipped',
      'confirmed>cancelled',
    ],
    replenishment: [
      'draft>sent',
      'draft>cancelled',
      'sent>confirmed',
      'sent>cancelled',
      'confirmed>partially_received',
      'confirmed>received',
      'confirmed>cancelled',
      'partially_received>partially_received',
      'partially_received>received',
    ],
  };
  const pairs = PO_STATUSES.flatMap((from) => PO_STATUSES.map((to) => [from, to] as [PoStatus, PoStatus]));

  it.each(['dropship', 'replenishment'] as const)('allows exactly the listed moves of a %s PO', (kind) => {
    const moves = pairs.filter(([from, to]) => canPoTransition(kind, from, to)).map(([f, t]) => `${f}>${t}`);
    expect(moves.sort()).toEqual([...allowed[kind]].sort());
  });

  it('refuses shipping a replenishment PO and receiving a dropship one, saying which move', () => {
    expect(checkPoTransition('replenishment', 'confirmed', 'shipped')).toEqual({
      ok: false,
      code: 'illegal_transition',
      kind: 'replenishment',
      from: 'confirmed',
      to: 'shipped',
    });
    expect(checkPoTransition('dropship', 'confirmed', 'received').ok).toBe(false);
  });

  it('refuses every move out of a final state and from states it does not know', () => {
    for (const to of PO_STATUSES) {
      expect(checkPoTransition('dropship', 'shipped', to).ok).toBe(false);
      expect(checkPoTransition('replenishment', 'received', to).ok).toBe(false);
      expect(checkPoTransition('replenishment', 'cancelled', to).ok).toBe(false);
      expect(checkPoTransition('replenishment', 'lost', to).ok).toBe(false);
      expect(checkPoTransition('consignment', 'draft', to).ok).toBe(false);
    }
  });

  it('is received only when every line is full', () => {
    expect(
      statusAfterReceipt([
        { quantity: 2, received: 2 },
        { quantity: 1, received: 1 },
      ]),
    ).toBe('received');
    expect(
      statusAfterReceipt([
        { quantity: 2, received: 2 },
        { quantity: 1, received: 0 },
      ]),
    ).toBe('partially_received');
  });
});

describe('planPoReceipt', () => {
  const lines = [
    { id: 'l1', sku: 'A', quantity: 3, received: 1 },
    { id: 'l2', sku: 'B', quantity: 2, received: 0 },
    { id: 'l3', sku: 'A', quantity: 4, received: 0 },
  ];

  it('spreads a SKU over its lines in line order', () => {
    expect(planPoReceipt(lines, [{ sku: 'A', quantity: 5 }])).toEqual({
      ok: true,
      receipts: [
        { lineId: 'l1', sku: 'A', quantity: 2 },
        { lineId: 'l3', sku: 'A', quantity: 3 },
      ],
    });
  });

  it('adds up repeated scans of a SKU before checking what is expected', () => {
    expect(
      planPoReceipt(lines, [
        { sku: 'B', quantity: 1 },
        { sku: 'B', quantity: 2 },
      ]),
    ).toEqual({ ok: false, code: 'over_receipt', sku: 'B', requested: 3, expected: 2 });
  });

  it('refuses a SKU that is not on the PO', () => {
    expect(planPoReceipt(lines, [{ sku: 'Z', quantity: 1 }])).toEqual({
      ok: false,
      code: 'not_on_po',
      sku: 'Z',
    });
  });
});

describe('assignDropship', () => {
  const acme = { code: 'ACME', name: 'Acme', priority: 5, skus: new Set(['A', 'B']) };
  const zeta = { code: 'ZETA', name: 'Zeta', priority: 1, skus: new Set(['A']) };

  it('sends the short lines to the supplier that carries most of them, leaving lines nobody carries', () => {
    const takes = assignDropship(
      [
        { key: 'o.1', sku: 'A', backordered: 2 },
        { key: 'o.2', sku: 'B', backordered: 1 },
        { key: 'o.3', sku: 'C', backordered: 4 },
        { key: 'o.4', sku: 'A', backordered: 0 },
      ],
      [zeta, acme],
    );
    expect([...takes]).toEqual([
      [
        'ACME',
        [
          { key: 'o.1', sku: 'A', quantity: 2 },
          { key: 'o.2', sku: 'B', quantity: 1 },
        ],
      ],
    ]);
  });

  it('prefers priority when suppliers cover as much', () => {
    const takes = assignDropship([{ key: 'o.1', sku: 'A', backordered: 1 }], [acme, zeta]);
    expect([...takes.keys()]).toEqual(['ZETA']);
  });

  it('reads a supplier profile from the address JSON and ignores addresses without one', () => {
    expect(
      supplierProfileOf({ line1: 'x', supplier: { email: 'po@acme.test', dropship_skus: ['A', 3] } }),
    ).toEqual({
      email: 'po@acme.test',
      dropship_skus: ['A'],
    });
    expect(supplierProfileOf({ line1: 'x' })).toBeNull();
    expect(supplierProfileOf(null)).toBeNull();
  });
});

describe('poMessage', () => {
  it('lists the lines and the ship-to, leaving a slot for the number', () => {
    const m = poMessage({
      kind: 'dropship',
      supplierName: 'Acme',
      orderReference: '#1001',
      shipTo: {
        name: 'Ada Lovelace',
        line1: '5 Main St',
        city: 'Brooklyn',
        postal_code: '11201',
        country: 'US',
      },
      currency: 'USD',
      lines: [{ sku: 'A', name: 'Canvas tote', quantity: 2, unitCost: 1250 }],
    });
    expect(m.subject).toBe(`${NUMBER_SLOT} for order #1001`);
    expect(m.body).toContain('- 2 x A (Canvas tote) at 12.50 USD each');
    expect(m.body).toContain('  Ada Lovelace\n  5 Main St\n  11201 Brooklyn\n  US');
  });
});

describe('parseTrackingCsv', () => {
  it('reads quoted fields, CRLF and a BOM', () => {
    expect(csvRecords('\uFEFFa,"b,""c"""\r\n1,2\r\n')).toEqual([
      ['a', 'b,"c"'],
      ['1', '2'],
    ]);
  });

  it('keeps valid rows and reports bad ones by line, in any column order, skipping blank lines', () => {
    const csv =
      'carrier,po_number,tracking_code\nUPS,PO-000001,1Z999\n\nUPS,P-1,1Z999\nUSPS,PO-000002,bad code!\n';
    expect(parseTrackingCsv(csv)).toEqual({
      ok: true,
      rows: [{ row: 2, po_number: 'PO-000001', carrier: 'UPS', tracking_code: '1Z999' }],
      errors: [
        { row: 4, code: 'invalid_po_number', message: expect.any(String) },
        { row: 5, code: 'invalid_tracking_code', message: expect.any(String) },
      ],
    });
  });

  it('refuses a file without the three columns', () => {
    expect(parseTrackingCsv('po,carrier\nPO-000001,UPS')).toEqual({
      ok: false,
      code: 'missing_columns',
      missing: ['po_number', 'tracking_code'],
    });
  });
});
