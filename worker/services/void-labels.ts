import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { labelPurchases, orderEvents, shipments } from '../../db/schema';
import type { PurchaseState } from '../domain/carriers/label-purchase';
import { newId } from '../domain/ids';
import { ApiError } from '../http/errors';
import { auditInsert } from '../repo/audit';
import { labelFileKey } from './buy-labels';
import { carrierAccount } from './carrier-accounts';
import { callCarrier } from './carrier-http';
import { shipmentDetail } from './ship-work';

/**
 * Voids the labels of a shipment that has not shipped (wrong service, wrong address...): each bought label
 * is refunded at the carrier, and the shipment goes back to packed so a new label can be bought.
 */
export async function voidLabels(env: Env, db: Database, shipmentId: string, actor: string) {
  const shipment = await db.query.shipments.findFirst({ where: eq(shipments.id, shipmentId) });
  if (!shipment) throw new ApiError(404, 'shipment_not_found', 'No such shipment');
  if (shipment.status !== 'label_purchased') {
    throw new ApiError(
      409,
      'invalid_transition',
      `Only a labelled, unshipped shipment can have its label voided (it is ${shipment.status})`,
    );
  }
  const purchases = await db.select().from(labelPurchases).where(eq(labelPurchases.shipmentId, shipmentId));
  for (const p of purchases) {
    const state = p.state as PurchaseState;
    if (state.status !== 'bought') continue;
    const account = await carrierAccount(env, db, p.accountId);
    const voided = account.adapter.parseVoid(
      await callCarrier(account.endpoint, account.adapter.voidLabel(state.label)),
    );
    if (!voided.ok) throw new ApiError(422, 'void_failed', voided.failure.message, voided.failure);
    if (voided.value === 'rejected')
      throw new ApiError(422, 'void_rejected', `The carrier refused to void ${state.label.tracking_code}`);
    await env.LABELS.delete(labelFileKey(shipmentId, p.packageNo));
  }
  const now = new Date().toISOString();
  await db.batch([
    db.delete(labelPurchases).where(eq(labelPurchases.shipmentId, shipmentId)),
    db
      .update(shipments)
      .set({
        status: 'packed',
        carrier: null,
        service: null,
        trackingCode: null,
        labelUrl: null,
        labelCost: null,
        labelPurchasedAt: null,
        updatedAt: now,
      })
      .where(and(eq(shipments.id, shipmentId), eq(shipments.status, 'label_purchased'))),
    db.insert(orderEvents).values({
      id: newId('evt'),
      orderId: shipment.orderId,
      at: now,
      type: 'label_voided',
      message: `Label ${shipment.trackingCode ?? ''} voided`.trim(),
      actor,
    }),
    auditInsert(db, {
      actor,
      action: 'shipment.void_label',
      entity: 'shipment',
      entityId: shipmentId,
      data: { tracking: shipment.trackingCode },
    }),
  ]);
  return shipmentDetail(db, shipmentId);
}
