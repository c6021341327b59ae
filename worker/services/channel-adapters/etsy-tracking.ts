import type { Database } from '../../../db/client';
import { exceptions } from '../../../db/schema';
import { etsyReceiptShipmentRequest } from '../../domain/channels/etsy';
import { newId } from '../../domain/ids';
import { findOrderByExternal } from '../../repo/orders';
import { EtsyRefused, etsyClient } from './etsy-client';
import type { ShipmentRow } from './types';

/** Etsy's carrier names are lower-case and hyphenated ("canada-post"); "other" when we have none. */
const etsyCarrier = (carrier: string | null) => carrier?.trim().toLowerCase().replace(/\s+/g, '-') || 'other';

/**
 * createReceiptShipment: the receipt is marked shipped with carrier and tracking code, and Etsy emails
 * the buyer. A refusal becomes a `tracking_push_failed` exception instead of a retry that cannot succeed.
 */
export async function pushEtsyTracking(
  env: Env,
  db: Database,
  channel: { code: string },
  order: { externalId: string },
  shipment: ShipmentRow,
) {
  const client = await etsyClient(env, db, channel.code);
  if (!client || !shipment.trackingCode) return;
  const req = etsyReceiptShipmentRequest(client.config.shop_id, order.externalId, {
    trackingCode: shipment.trackingCode,
    carrierName: etsyCarrier(shipment.carrier),
  });
  try {
    await client.request(req);
  } catch (err) {
    if (!(err instanceof EtsyRefused)) throw err;
    const held = await findOrderByExternal(db, channel.code, order.externalId);
    await db.insert(exceptions).values({
      id: newId('exc'),
      kind: 'tracking_push_failed',
      status: 'open',
      orderId: held?.id ?? null,
      channel: channel.code,
      message: `Etsy refused the tracking for receipt ${order.externalId}: ${err.message}`,
      details: { shipment_id: shipment.id, tracking_code: shipment.trackingCode },
    });
  }
}
