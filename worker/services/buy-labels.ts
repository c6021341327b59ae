import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { exceptions, locations, orderEvents, orders, shipments } from '../../db/schema';
import type { Address, LabelFormat, PurchasedLabel } from '../domain/carriers/types';
import { labelKey } from '../domain/carriers/types';
import { newId } from '../domain/ids';
import { canShipmentTransition, type ShipmentStatus } from '../domain/shipment-status';
import { ApiError } from '../http/errors';
import { auditInsert } from '../repo/audit';
import { carrierAccount } from './carrier-accounts';
import { labelHostAllowed } from './carrier-http';
import { purchasePackageLabel } from './purchase-package-label';
import { shipmentDetail } from './ship-work';

export interface BuyLabelInput {
  carrier_account?: string;
  service?: { carrier: string; service: string };
  promise_days?: number;
  label_format: LabelFormat;
}

const asAddress = (name: string, a: Record<string, unknown> | null | undefined): Address => ({
  name: String(a?.name ?? name),
  line1: String(a?.line1 ?? ''),
  line2: a?.line2 ? String(a.line2) : undefined,
  city: String(a?.city ?? ''),
  region: String(a?.region ?? ''),
  postal_code: String(a?.postal_code ?? ''),
  country: String(a?.country ?? 'US'),
  phone: a?.phone ? String(a.phone) : undefined,
  email: a?.email ? String(a.email) : undefined,
});

export const labelFileKey = (shipmentId: string, packageNo: number) => `labels/${shipmentId}/${packageNo}`;

/** Copies a bought label file into our bucket, so it prints from a phone even after the carrier's link expires. */
async function keepLabelFile(env: Env, baseUrl: string, key: string, label: PurchasedLabel) {
  if (!labelHostAllowed(label.label_url, baseUrl)) return;
  const res = await fetch(label.label_url, { signal: AbortSignal.timeout(15_000) });
  if (!res.ok) return;
  await env.LABELS.put(key, await res.arrayBuffer(), {
    httpMetadata: { contentType: res.headers.get('content-type') ?? 'application/octet-stream' },
    customMetadata: { format: label.label_format, tracking: label.tracking_code },
  });
}

/**
 * Buys one label per package of a packed shipment (cheapest rate meeting the promise, or the service asked
 * for). A failure becomes an exception with the carrier's message and what can be done about it.
 */
export async function buyLabels(
  env: Env,
  db: Database,
  shipmentId: string,
  input: BuyLabelInput,
  actor: string,
) {
  const shipment = await db.query.shipments.findFirst({ where: eq(shipments.id, shipmentId) });
  if (!shipment) throw new ApiError(404, 'shipment_not_found', 'No such shipment');
  if (['label_purchased', 'shipped', 'delivered'].includes(shipment.status))
    return shipmentDetail(db, shipmentId);
  if (!canShipmentTransition(shipment.status as ShipmentStatus, 'label_purchased')) {
    throw new ApiError(
      409,
      'invalid_transition',
      `Pack the shipment before buying a label (it is ${shipment.status})`,
    );
  }
  const account = await carrierAccount(env, db, input.carrier_account);
  const [from, order] = await Promise.all([
    db.query.locations.findFirst({ where: eq(locations.code, shipment.location) }),
    db.query.orders.findFirst({ where: eq(orders.id, shipment.orderId) }),
  ]);
  const labels: PurchasedLabel[] = [];
  for (const [i, parcel] of (shipment.packages ?? []).entries()) {
    const request = {
      idempotency_key: labelKey(shipmentId, i + 1),
      from: asAddress(from?.name ?? shipment.location, from?.address as Record<string, unknown>),
      to: asAddress(order?.customerName ?? '', order?.shipTo as Record<string, unknown>),
      parcel,
      service: input.service,
      label_format: input.label_format,
      reference: order?.externalId,
    };
    const rule = { promise_days: input.promise_days, allowed: input.service ? [input.service] : undefined };
    const result = await purchasePackageLabel({
      db,
      endpoint: account.endpoint,
      adapter: account.adapter,
      accountId: account.row.id,
      shipmentId,
      packageNo: i + 1,
      request,
      rule,
    });
    if (!result.ok) {
      await db.insert(exceptions).values({
        id: newId('exc'),
        kind: 'label_failure',
        status: 'open',
        orderId: shipment.orderId,
        message: `Label for ${shipmentId} package ${i + 1}: ${result.failure.message}`,
        details: { shipment_id: shipmentId, package_no: i + 1, ...result.failure },
      });
      throw new ApiError(422, 'label_failed', result.failure.message, result.failure);
    }
    await keepLabelFile(env, account.baseUrl, labelFileKey(shipmentId, i + 1), result.value).catch(
      () => undefined,
    );
    labels.push(result.value);
  }
  if (labels.length === 0)
    throw new ApiError(409, 'no_packages', 'Pack the shipment (with its packages) first');
  const now = new Date().toISOString();
  const first = labels[0]!;
  await db.batch([
    db
      .update(shipments)
      .set({
        status: 'label_purchased',
        carrier: first.carrier,
        service: first.service,
        trackingCode: first.tracking_code,
        labelUrl: `/api/v1/shipments/${shipmentId}/labels/1`,
        labelCost: labels.reduce((s, l) => s + l.amount, 0),
        labelCurrency: first.currency,
        labelPurchasedAt: now,
        updatedAt: now,
      })
      .where(and(eq(shipments.id, shipmentId), eq(shipments.status, shipment.status))),
    db.insert(orderEvents).values({
      id: newId('evt'),
      orderId: shipment.orderId,
      at: now,
      type: 'label_purchased',
      message: `${labels.length} label${labels.length > 1 ? 's' : ''} bought: ${first.carrier} ${first.service} ${first.tracking_code}`,
      actor,
    }),
    auditInsert(db, {
      actor,
      action: 'shipment.label',
      entity: 'shipment',
      entityId: shipmentId,
      data: labels.map((l) => l.tracking_code),
    }),
  ]);
  return shipmentDetail(db, shipmentId);
}
