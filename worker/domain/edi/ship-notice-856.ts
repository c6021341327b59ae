/** Outbound 856 ship notice (ASN) in the Shipment -> Order -> Pack -> Item hierarchy retailers ask for. */
import type { TransactionSetDraft } from './build-interchange';
import type { TransactionSet } from './envelope';
import { type FieldReader, fieldReader, type ReadResult, verdict } from './field-reader';
import { type Party, partySegments, readParty } from './parties';
import { type ProductId, productIdElements, readProductIds } from './product-ids';
import { draft, element, type Located, type SegmentDraft } from './segment';
import { isValidSscc } from './sscc';
import { formatCount, formatDate, formatDecimal, formatTime } from './values';

export interface ShippedItem {
  /** The 850's PO101. */
  lineNumber: string;
  productIds: ProductId[];
  quantity: number;
  unit: string;
}

export interface ShippedPack {
  /** SSCC-18 on the carton label. */
  sscc: string;
  items: ShippedItem[];
}

export interface ShippedOrder {
  poNumber: string;
  poDate: string | null;
  packs: ShippedPack[];
}

export interface ShipNotice {
  /** BSN02, our shipment id. */
  shipmentId: string;
  /** BSN03/BSN04, when the notice was made: "YYYY-MM-DD", "HH:MM". */
  noticeDate: string;
  noticeTime: string;
  /** DTM*011 */
  shippedOn: string;
  /** TD5: the carrier's SCAC, TD504 transportation method (U parcel, M motor), TD505 service. */
  carrier: { scac: string; transportationMethod: string; service: string };
  /** REF*CN, the carrier's tracking or PRO number. */
  trackingNumber: string | null;
  /** REF*BM */
  billOfLading: string | null;
  /** TD1 gross weight of the shipment. */
  grossWeight: { value: number; unit: 'LB' | 'KG' } | null;
  shipFrom: Party | null;
  shipTo: Party;
  orders: ShippedOrder[];
}

const PARENT_LEVEL = { S: null, O: 'S', P: 'O', I: 'P' } as const;
const WEIGHT_UNITS = { LB: 'LB', KG: 'KG' } as const;
// BSN05 0001: the hierarchy is Shipment, Order, Packaging, Item.
const STRUCTURE_SOPI = '0001';
// TD501 B: origin carrier; TD502 2: TD503 is a SCAC.
const [ORIGIN_CARRIER, SCAC_QUALIFIER] = ['B', '2'];
const CORRUGATED_CARTON = 'CTN25';

export function write856(notice: ShipNotice): TransactionSetDraft {
  const packCount = notice.orders.reduce((n, order) => n + order.packs.length, 0);
  const weight = notice.grossWeight;
  const when = [formatDate(notice.noticeDate), formatTime(notice.noticeTime)];
  const segments: SegmentDraft[] = [draft('BSN', '00', notice.shipmentId, ...when, STRUCTURE_SOPI)];
  let hlCount = 0;
  const hl = (parent: number | null, level: keyof typeof PARENT_LEVEL, hasChildren: boolean) => {
    segments.push(
      draft('HL', String(++hlCount), parent === null ? '' : String(parent), level, hasChildren ? '1' : '0'),
    );
    return hlCount;
  };
  const shipment = hl(null, 'S', notice.orders.length > 0);
  const weighed = weight ? ['G', formatDecimal(weight.value), weight.unit] : [];
  const { scac, transportationMethod, service } = notice.carrier;
  segments.push(
    draft('TD1', CORRUGATED_CARTON, formatCount(packCount), '', '', '', ...weighed),
    draft('TD5', ORIGIN_CARRIER, SCAC_QUALIFIER, scac, transportationMethod, service),
  );
  if (notice.billOfLading) segments.push(draft('REF', 'BM', notice.billOfLading));
  if (notice.trackingNumber) segments.push(draft('REF', 'CN', notice.trackingNumber));
  segments.push(draft('DTM', '011', formatDate(notice.shippedOn)));
  for (const party of [notice.shipFrom, notice.shipTo]) if (party) segments.push(...partySegments(party));
  for (const order of notice.orders) {
    const orderHl = hl(shipment, 'O', order.packs.length > 0);
    segments.push(draft('PRF', order.poNumber, '', '', order.poDate && formatDate(order.poDate)));
    for (const pack of order.packs) {
      const packHl = hl(orderHl, 'P', pack.items.length > 0);
      segments.push(draft('MAN', 'GM', pack.sscc));
      for (const item of pack.items) {
        hl(packHl, 'I', false);
        segments.push(
          draft('LIN', item.lineNumber, ...productIdElements(item.productIds)),
          draft('SN1', '', formatCount(item.quantity), item.unit),
        );
      }
    }
  }
  segments.push(draft('CTT', formatCount(hlCount)));
  return { id: '856', segments };
}

type Node = {
  level: keyof typeof PARENT_LEVEL;
  order?: ShippedOrder;
  pack?: ShippedPack;
  item?: ShippedItem;
};

/** Maps an 856 in the S/O/P/I hierarchy back. Refuses an HL whose parent is missing or of the wrong level, and any bad field. */
export function read856(set: TransactionSet): ReadResult<ShipNotice> {
  const r = fieldReader(set);
  const bsn = r.body[0]?.segment.id === 'BSN' ? r.body[0] : undefined;
  if (!bsn) r.missing('BSN', r.body[0]);
  const notice: Omit<ShipNotice, 'shipTo'> & { shipTo: Party | null } = {
    shipmentId: bsn ? r.text(bsn, 2, true) : '',
    noticeDate: (bsn && r.date(bsn, 3)) ?? '',
    noticeTime: (bsn && r.time(bsn, 4)) ?? '',
    shippedOn: '',
    carrier: { scac: '', transportationMethod: '', service: '' },
    trackingNumber: null,
    billOfLading: null,
    grossWeight: null,
    shipFrom: null,
    shipTo: null,
    orders: [],
  };
  const nodes = new Map<string, Node>();
  let current: Node | null = null;
  for (let i = bsn ? 1 : 0; i < r.body.length; i++) {
    const at = r.body[i]!;
    const id = at.segment.id;
    if (id === 'HL') current = readHl(r, at, nodes, notice);
    else if (current?.level === 'S' && id === 'N1') {
      const { party, next } = readParty(r, r.body, i);
      if (party.role === 'ST') notice.shipTo = party;
      if (party.role === 'SF') notice.shipFrom = party;
      i = next - 1;
    } else if (current?.level === 'S') readShipmentSegment(r, at, notice);
    else if (id === 'PRF' && current?.order) {
      current.order.poNumber = r.text(at, 1, true);
      current.order.poDate = r.date(at, 4, false);
    } else if (id === 'MAN' && current?.pack) {
      current.pack.sscc = r.text(at, 2, true);
      if (element(at.segment, 1) !== 'GM' || !isValidSscc(current.pack.sscc))
        r.fail(at, 'invalid_code', 'is not an SSCC-18', 2);
    } else if (id === 'LIN' && current?.item) {
      current.item.lineNumber = r.text(at, 1);
      current.item.productIds = readProductIds(r, at, 2);
    } else if (id === 'SN1' && current?.item) {
      current.item.quantity = r.count(at, 2) ?? 0;
      current.item.unit = r.text(at, 3, true);
    }
  }
  if (!notice.shippedOn) r.missing('DTM');
  if (!notice.shipTo) r.missing('N1');
  const { shipTo } = notice;
  return shipTo ? verdict(r, { ...notice, shipTo }) : { ok: false, errors: r.errors };
}

function readShipmentSegment(r: FieldReader, at: Located, notice: Omit<ShipNotice, 'shipTo'>) {
  const { id } = at.segment;
  const qualifier = element(at.segment, 1);
  if (id === 'TD1' && element(at.segment, 7) !== '') {
    const value = r.decimal(at, 7);
    const unit = r.code(at, 8, WEIGHT_UNITS);
    if (value !== null && unit) notice.grossWeight = { value, unit };
  }
  if (id === 'TD5') {
    notice.carrier = {
      scac: r.text(at, 3, true),
      transportationMethod: r.text(at, 4),
      service: r.text(at, 5),
    };
  }
  if (id === 'REF' && qualifier === 'CN') notice.trackingNumber = r.text(at, 2, true);
  if (id === 'REF' && qualifier === 'BM') notice.billOfLading = r.text(at, 2, true);
  if (id === 'DTM' && qualifier === '011') notice.shippedOn = r.date(at, 2) ?? '';
}

function readHl(
  r: FieldReader,
  at: Located,
  nodes: Map<string, Node>,
  notice: Pick<ShipNotice, 'orders'>,
): Node | null {
  const level = r.code(at, 3, { S: 'S', O: 'O', P: 'P', I: 'I' } as const);
  if (!level) return null;
  const parent = nodes.get(element(at.segment, 2));
  const expectedParent = PARENT_LEVEL[level];
  const secondShipment = level === 'S' && [...nodes.values()].some((n) => n.level === 'S');
  if ((parent?.level ?? null) !== expectedParent || nodes.has(element(at.segment, 1)) || secondShipment) {
    r.fail(at, 'invalid_code', `does not name a ${expectedParent ?? 'missing'} parent`, 2);
    return null;
  }
  const node: Node = { level };
  if (level === 'O') {
    node.order = { poNumber: '', poDate: null, packs: [] };
    notice.orders.push(node.order);
  }
  if (level === 'P') {
    node.pack = { sscc: '', items: [] };
    parent!.order!.packs.push(node.pack);
  }
  if (level === 'I') {
    node.item = { lineNumber: '', productIds: [], quantity: 0, unit: '' };
    parent!.pack!.items.push(node.item);
  }
  nodes.set(r.text(at, 1, true), node);
  return node;
}
