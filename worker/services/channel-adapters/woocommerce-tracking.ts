import type { Database } from '../../../db/client';
import { exceptions } from '../../../db/schema';
import { wooShipmentRequests } from '../../domain/channels/woocommerce';
import { newId } from '../../domain/ids';
import { findOrderByExternal } from '../../repo/orders';
import type { ShipmentRow } from './types';
import { WooRefused, wooClient } from './woocommerce-client';

/**
 * A customer-visible order note with carrier and tracking number; the order moves to completed (Woo's
 * "order complete" email) only once every shipment of it has left. A refusal (the order is gone from Woo)
 * becomes a `tracking_push_failed` exception instead of a retry that cannot succeed.
 */
export async function pushWooTracking(
  env: Env,
  db: Database,
  channel: { code: string; config: Record<string, unknown> },
  order: { externalId: string },
  shipment: ShipmentRow,
) {
  const client = await wooClient(env, db, channel.code);
  if (!client || !shipment.trackingCode) return;
  const held = await findOrderByExternal(db, channel.code, order.externalId);
  const requests = wooShipmentRequests(order.externalId, {
    carrier: shipment.carrier ?? 'the carrier',
    trackingNumber: shipment.trackingCode,
    complete: held?.status === 'shipped',
  });
  try {
    for (const req of requests) await client.request(req);
  } catch (err) {
    if (!(err instanceof WooRefused)) throw err;
    await db.insert(exceptions).values({
      id: newId('exc'),
      kind: 'tracking_push_failed',
      status: 'open',
      orderId: held?.id ?? null,
      channel: channel.code,
      message: `WooCommerce refused the tracking for order ${order.externalId}: ${err.message}`,
      details: { shipment_id: shipment.id, tracking_code: shipment.trackingCode },
    });
  }
}
