import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { exceptions, locations, returns, shipments, skus } from '../../../db/schema';
import type { Address } from '../../domain/carriers/types';
import { labelKey } from '../../domain/carriers/types';
import { newId } from '../../domain/ids';
import { checkReturnTransition } from '../../domain/returns/return-status';
import { ApiError } from '../../http/errors';
import { auditInsert } from '../../repo/audit';
import { findOrder } from '../../repo/orders';
import { carrierAccount } from '../carrier-accounts';
import { purchasePackageLabel } from '../purchase-package-label';
import { linesOf, type ReturnRow, returnEvent } from './return-view';

// a unit whose SKU has no weight is assumed to weigh this much (the label must name a weight)
const DEFAULT_UNIT_GRAMS = 500;

const asAddress = (fallbackName: string, a: Record<string, unknown> | null | undefined): Address => ({
  name: String(a?.name ?? fallbackName),
  line1: String(a?.line1 ?? ''),
  line2: a?.line2 ? String(a.line2) : undefined,
  city: String(a?.city ?? ''),
  region: String(a?.region ?? ''),
  postal_code: String(a?.postal_code ?? ''),
  country: String(a?.country ?? 'US'),
  phone: a?.phone ? String(a.phone) : undefined,
  email: a?.email ? String(a.email) : undefined,
});

/** Where the parcel goes: the location asked for, else the one the order shipped from. */
async function receivingLocation(db: Database, rma: ReturnRow) {
  const code =
    rma.receivingLocation ??
    (
      await db
        .select({ location: shipments.location })
        .from(shipments)
        .where(
          and(
            eq(shipments.orderId, rma.orderId),
            inArray(shipments.status, ['shipped', 'delivered', 'picked_up']),
          ),
        )
        .limit(1)
    )[0]?.location;
  return code ? db.query.locations.findFirst({ where: eq(locations.code, code) }) : undefined;
}

async function parcelGrams(db: Database, rmaId: string) {
  const lines = await linesOf(db, rmaId);
  const weights = await db
    .select({ sku: skus.sku, grams: skus.weightGrams })
    .from(skus)
    .where(
      inArray(
        skus.sku,
        lines.map((l) => l.sku),
      ),
    );
  const grams = new Map(weights.map((w) => [w.sku, w.grams]));
  return lines.reduce((s, l) => s + l.quantity * (grams.get(l.sku) ?? DEFAULT_UNIT_GRAMS), 0);
}

async function labelFailed(db: Database, rma: ReturnRow, message: string, details: unknown, actor: string) {
  await db.batch([
    db.insert(exceptions).values({
      id: newId('exc'),
      kind: 'label_failed',
      status: 'open',
      orderId: rma.orderId,
      message: `Return label for ${rma.number}: ${message}`,
      details: { return_id: rma.id, ...(details as object) },
    }),
    returnEvent(db, rma.id, { type: 'label_failed', message, actor }),
  ]);
}

/**
 * Buys a prepaid label from the customer's address to the receiving location through the same carrier
 * adapters and purchase state machine as outbound labels (keyed by the return id, so a retry never buys
 * twice). No carrier account: the return goes on without a label. A refusal becomes a `label_failed`
 * exception; the return stays approved.
 */
export async function buyReturnLabel(env: Env, db: Database, rma: ReturnRow, actor: string) {
  if (!checkReturnTransition(rma.status, 'label_sent').ok) return;
  let account: Awaited<ReturnType<typeof carrierAccount>>;
  try {
    account = await carrierAccount(env, db);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    await returnEvent(db, rma.id, { type: 'label_skipped', message: err.message, actor });
    return;
  }
  const [order, to] = await Promise.all([findOrder(db, rma.orderId), receivingLocation(db, rma)]);
  if (!to) {
    await labelFailed(db, rma, 'no receiving location to send the parcel to', {}, actor);
    return;
  }
  const request = {
    idempotency_key: labelKey(rma.id, 1),
    from: asAddress(order?.customerName ?? '', order?.shipTo as Record<string, unknown>),
    to: asAddress(to.name, to.address as Record<string, unknown>),
    parcel: { weight_grams: await parcelGrams(db, rma.id) },
    label_format: 'PDF' as const,
    reference: rma.number,
    is_return: true,
  };
  const result = await purchasePackageLabel({
    db,
    endpoint: account.endpoint,
    adapter: account.adapter,
    accountId: account.row.id,
    shipmentId: rma.id,
    packageNo: 1,
    request,
    rule: {},
  });
  if (!result.ok) {
    await labelFailed(db, rma, result.failure.message, result.failure, actor);
    return;
  }
  const label = result.value;
  const now = new Date().toISOString();
  await db.batch([
    db
      .update(returns)
      .set({
        status: 'label_sent',
        receivingLocation: to.code,
        labelCarrier: label.carrier,
        labelService: label.service,
        labelTrackingCode: label.tracking_code,
        labelUrl: label.label_url,
        labelCost: label.amount,
        labelCurrency: label.currency,
        updatedAt: now,
      })
      .where(and(eq(returns.id, rma.id), eq(returns.status, rma.status))),
    returnEvent(db, rma.id, {
      type: 'label_sent',
      message: `Return label ${label.carrier} ${label.tracking_code} to ${to.code}`,
      actor,
    }),
    auditInsert(db, {
      actor,
      action: 'return.label',
      entity: 'return',
      entityId: rma.id,
      data: { tracking_code: label.tracking_code },
    }),
  ]);
}
