import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { ediDocuments, exceptions } from '../../../db/schema';
import { write855 } from '../../domain/edi';
import { newId } from '../../domain/ids';
import type { OrderView } from '../../repo/orders';
import type { CreateOrderInput } from '../../schemas/orders';
import { captureOrder } from '../capture-order';
import { expects, type Partner } from './partner';
import { poAcknowledgement } from './po-acknowledgement';
import type { OrderSet } from './read-groups';
import { sendDocument } from './send-document';

export interface CapturedPo {
  orderSet: OrderSet;
  order: OrderView;
}

/**
 * Captures each accepted 850 through the same path as every channel's order (idempotent per PO number). A
 * replacement (BEG01 05) of an order captured before changes nothing by itself: it raises `edi_order_replaced`.
 */
export async function captureOrders(
  env: Env,
  db: Database,
  partner: Partner,
  inputs: { orderSet: OrderSet; input: CreateOrderInput }[],
): Promise<CapturedPo[]> {
  const captured: CapturedPo[] = [];
  for (const { orderSet, input } of inputs) {
    const { created, order } = await captureOrder(env, db, input, `edi:${partner.row.code}`);
    captured.push({ orderSet, order });
    if (!created && orderSet.po.purpose === 'replace') {
      await db.insert(exceptions).values({
        id: newId('exc'),
        kind: 'edi_order_replaced',
        status: 'open',
        orderId: order.id,
        channel: partner.row.code,
        message: `${partner.row.name} sent a replacement of PO ${orderSet.po.poNumber}; compare it with the order`,
        details: { po: orderSet.po },
      });
    }
  }
  return captured;
}

/** An 855 per captured order when the partner takes them; once per order, so a taken-over resend sends none twice. */
export async function acknowledgeOrders(env: Env, db: Database, partner: Partner, captured: CapturedPo[]) {
  if (!expects(partner, '855')) return [];
  const sent: { document_id: string; type: string }[] = [];
  const today = new Date().toISOString().slice(0, 10);
  for (const { orderSet, order } of captured) {
    const earlier = await db.query.ediDocuments.findFirst({
      where: and(
        eq(ediDocuments.orderId, order.id),
        eq(ediDocuments.type, '855'),
        eq(ediDocuments.direction, 'out'),
      ),
    });
    if (earlier) continue;
    const ack = poAcknowledgement(orderSet.po, order, today);
    const result = await sendDocument(env, db, partner, {
      type: '855',
      sets: [write855(ack)],
      parsed: ack,
      orderId: order.id,
    });
    if (result.ok) sent.push({ document_id: result.id, type: '855' });
  }
  return sent;
}
