import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import {
  ediDocuments,
  exceptions,
  locations,
  orderLines,
  orders,
  shipmentLines,
  shipments,
} from '../../../db/schema';
import {
  buildSscc,
  type Invoice,
  type Party,
  type PurchaseOrder,
  type ShipNotice,
  write810,
  write856,
} from '../../domain/edi';
import { newId } from '../../domain/ids';
import type { DomainEvent } from '../domain-events';
import { scacOf } from './carrier-scac';
import { counterName, nextValue } from './control-numbers';
import { expects, findPartner, type Partner } from './partner';
import { purchaseOrderOf } from './purchase-order-of';
import { sendDocument } from './send-document';

type ShipmentRow = typeof shipments.$inferSelect;
type ShippedLine = { lineNo: number; quantity: number; unitPrice: number };

/**
 * `shipment.shipped` -> when the order came from a trading partner: an 856 ship notice (Shipment, Order,
 * Pack, Item, an SSCC-18 per carton, carrier and tracking) and an 810 invoice for what shipped, each once
 * per shipment (a redelivered event finds them sent and stops).
 */
export async function sendShipmentDocuments(env: Env, db: Database, event: DomainEvent) {
  const shipment = await db.query.shipments.findFirst({ where: eq(shipments.id, event.subject) });
  const order = shipment && (await db.query.orders.findFirst({ where: eq(orders.id, shipment.orderId) }));
  const partner = order && (await findPartner(env, db, order.channel));
  if (!shipment || !order || !partner) return;
  const po = await purchaseOrderOf(db, partner.row.code, order.id);
  if (!po) return;
  const sent = await db
    .select({ type: ediDocuments.type })
    .from(ediDocuments)
    .where(eq(ediDocuments.shipmentId, shipment.id));
  const already = new Set(sent.map((d) => d.type));
  const lines = await shippedLines(db, shipment.id);
  if (expects(partner, '856') && !already.has('856')) {
    const notice = await shipNotice(db, partner, po, shipment, lines);
    if (notice) {
      await sendDocument(env, db, partner, {
        type: '856',
        sets: [write856(notice)],
        parsed: notice,
        orderId: order.id,
        shipmentId: shipment.id,
      });
    }
  }
  if (expects(partner, '810') && !already.has('810')) {
    const invoice = await invoiceFor(db, partner, po, lines);
    const written = write810(invoice);
    if (!written.ok) {
      await raise(
        db,
        partner,
        order.id,
        `The invoice for ${po.poNumber} cannot be written: ${written.message}`,
      );
      return;
    }
    await sendDocument(env, db, partner, {
      type: '810',
      sets: [written.transactionSet],
      parsed: invoice,
      orderId: order.id,
      shipmentId: shipment.id,
    });
  }
}

async function shippedLines(db: Database, shipmentId: string): Promise<ShippedLine[]> {
  const rows = await db
    .select({ lineNo: orderLines.lineNo, quantity: shipmentLines.quantity, unitPrice: orderLines.unitPrice })
    .from(shipmentLines)
    .innerJoin(orderLines, eq(orderLines.id, shipmentLines.orderLineId))
    .where(eq(shipmentLines.shipmentId, shipmentId))
    .orderBy(asc(orderLines.lineNo));
  const byLine = new Map<number, ShippedLine>();
  for (const r of rows.filter((r) => r.quantity > 0)) {
    const seen = byLine.get(r.lineNo);
    byLine.set(r.lineNo, seen ? { ...seen, quantity: seen.quantity + r.quantity } : r);
  }
  return [...byLine.values()];
}

async function shipNotice(
  db: Database,
  partner: Partner,
  po: PurchaseOrder,
  shipment: ShipmentRow,
  lines: ShippedLine[],
): Promise<ShipNotice | null> {
  const scac = scacOf(shipment.carrier);
  if (!scac) {
    await raise(
      db,
      partner,
      shipment.orderId,
      `No SCAC for carrier ${shipment.carrier ?? '(none)'}: the 856 needs one`,
    );
    return null;
  }
  const cartons = Math.max(1, shipment.packages?.length ?? 0);
  const ssccs: string[] = [];
  for (let i = 0; i < cartons; i++) {
    const prefix = partner.config.gs1_company_prefix!;
    const serial = await nextValue(db, counterName(prefix, 'sscc'));
    const built = buildSscc({
      extensionDigit: partner.config.sscc_extension_digit,
      companyPrefix: prefix,
      serial,
    });
    if (!built.ok) {
      await raise(db, partner, shipment.orderId, `No SSCC for a carton: ${built.message}`);
      return null;
    }
    ssccs.push(built.sscc);
  }
  const items = lines.flatMap((l) => {
    const poLine = po.lines[l.lineNo - 1];
    return poLine
      ? [
          {
            lineNumber: poLine.lineNumber,
            productIds: poLine.productIds,
            quantity: l.quantity,
            unit: poLine.unit,
          },
        ]
      : [];
  });
  const grams = (shipment.packages ?? []).reduce((n, p) => n + p.weight_grams, 0);
  const shipped = shipment.shippedAt ?? new Date().toISOString();
  const now = new Date().toISOString();
  return {
    shipmentId: shipment.id,
    noticeDate: now.slice(0, 10),
    noticeTime: now.slice(11, 16),
    shippedOn: shipped.slice(0, 10),
    carrier: { scac, transportationMethod: 'U', service: shipment.service ?? '' },
    trackingNumber: shipment.trackingCode,
    billOfLading: null,
    grossWeight: grams > 0 ? { value: grams / 1000, unit: 'KG' } : null,
    shipFrom: await shipFrom(db, shipment.location),
    shipTo: po.shipTo ?? { role: 'ST', name: partner.row.name, codeQualifier: '', code: '', address: null },
    // Which carton holds which item is not recorded at packing, so the items are listed in the first carton.
    orders: [
      {
        poNumber: po.poNumber,
        poDate: po.poDate,
        packs: ssccs.map((sscc, i) => ({ sscc, items: i === 0 ? items : [] })),
      },
    ],
  };
}

async function shipFrom(db: Database, code: string): Promise<Party | null> {
  const location = await db.query.locations.findFirst({ where: eq(locations.code, code) });
  if (!location) return null;
  const a = location.address as Record<string, string | undefined>;
  return {
    role: 'SF',
    name: location.name,
    codeQualifier: '92',
    code: location.code,
    address: {
      lines: [a.line1, a.line2].filter((l): l is string => !!l),
      city: a.city ?? '',
      region: a.region ?? '',
      postalCode: a.postal_code ?? '',
      country: a.country ?? '',
    },
  };
}

async function invoiceFor(
  db: Database,
  partner: Partner,
  po: PurchaseOrder,
  lines: ShippedLine[],
): Promise<Invoice> {
  const number = await nextValue(db, counterName(partner.row.code, 'invoice'));
  return {
    invoiceNumber: `INV${String(number).padStart(7, '0')}`,
    invoiceDate: new Date().toISOString().slice(0, 10),
    poNumber: po.poNumber,
    poDate: po.poDate,
    currency: po.currency,
    parties: po.shipTo ? [po.shipTo] : [],
    lines: lines.flatMap((l) => {
      const poLine = po.lines[l.lineNo - 1];
      return poLine
        ? [
            {
              lineNumber: poLine.lineNumber,
              quantity: l.quantity,
              unit: poLine.unit,
              unitPrice: poLine.unitPrice ?? l.unitPrice,
              productIds: poLine.productIds,
              description: poLine.description,
            },
          ]
        : [];
    }),
  };
}

async function raise(db: Database, partner: Partner, orderId: string, message: string) {
  await db.insert(exceptions).values({
    id: newId('exc'),
    kind: 'edi_document_failed',
    status: 'open',
    orderId,
    channel: partner.row.code,
    message,
  });
}
