/** WooCommerce out: stock by the products and variations batch endpoints, shipment notes on the order. */
import { z } from 'zod';
import { parsePayload } from './payload';
import type { ChannelRequest } from './types';

const CHANNEL = 'woocommerce';
const API = '/wp-json/wc/v3';

/** Woo's REST batch endpoints take at most 100 objects per call (woocommerce_rest_batch_items_limit). */
export const WOO_BATCH_MAX = 100;

export interface WooStock {
  /** The product id, or the variation id when `parentId` is set. */
  id: string;
  /** The variable product a variation belongs to. */
  parentId?: string;
  quantity: number;
}

const json = (method: ChannelRequest['method'], path: string, body: unknown): ChannelRequest => ({
  method,
  path,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

function wooId(id: string): number {
  if (!/^\d+$/.test(id) || !Number.isSafeInteger(Number(id)) || Number(id) === 0) {
    throw new RangeError(`${JSON.stringify(id)} is not a WooCommerce id`);
  }
  return Number(id);
}

/**
 * Absolute stock for products (POST /products/batch) and variations (POST /products/{parent}/variations/batch,
 * one endpoint per parent), at most 100 updates per call. manage_stock is set so a product whose stock Woo
 * did not track starts tracking instead of ignoring the quantity.
 */
export function wooStockBatchRequests(items: WooStock[]): ChannelRequest[] {
  const byEndpoint = new Map<string, { id: number; stock_quantity: number; manage_stock: true }[]>();
  for (const item of items) {
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 0) {
      throw new RangeError(`quantity for ${item.id} must be a whole number of units, got ${item.quantity}`);
    }
    const path =
      item.parentId === undefined
        ? `${API}/products/batch`
        : `${API}/products/${wooId(item.parentId)}/variations/batch`;
    const updates = byEndpoint.get(path) ?? [];
    updates.push({ id: wooId(item.id), stock_quantity: item.quantity, manage_stock: true });
    byEndpoint.set(path, updates);
  }
  return [...byEndpoint].flatMap(([path, updates]) => {
    const requests: ChannelRequest[] = [];
    for (let start = 0; start < updates.length; start += WOO_BATCH_MAX) {
      requests.push(json('POST', path, { update: updates.slice(start, start + WOO_BATCH_MAX) }));
    }
    return requests;
  });
}

const BatchResponse = z.object({
  update: z
    .array(
      z.object({
        id: z.number().int().optional(),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    )
    .default([]),
});

/**
 * Reads a batch answer per item: Woo answers 200 even when single updates fail, putting an `error` on them.
 * An id we sent that the answer does not list counts as failed with code "missing".
 */
export function parseWooBatchResponse(
  response: unknown,
  sentIds: string[],
): { updated: string[]; failed: { id: string; code: string; message: string }[] } {
  const { update } = parsePayload(CHANNEL, BatchResponse, response);
  const ok = new Set(update.filter((u) => !u.error && u.id).map((u) => String(u.id)));
  const errors = new Map(update.filter((u) => u.error && u.id).map((u) => [String(u.id), u.error!]));
  const failed = sentIds
    .filter((id) => !ok.has(id) || errors.has(id))
    .map((id) => {
      const error = errors.get(id);
      return { id, code: error?.code ?? 'missing', message: error?.message ?? 'not in the batch response' };
    });
  return { updated: sentIds.filter((id) => ok.has(id) && !errors.has(id)), failed };
}

export interface WooShipment {
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string;
  /** Move the order to `completed`, which emails the buyer Woo's "order complete" message. */
  complete: boolean;
}

/**
 * A customer-visible order note with the tracking details, then (when asked) the status change to completed.
 * Core Woo has no tracking fields; the note is what the buyer sees in their account and email.
 */
export function wooShipmentRequests(orderId: string, shipment: WooShipment): ChannelRequest[] {
  const id = wooId(orderId);
  if (!shipment.trackingNumber.trim()) throw new RangeError('a Woo shipment note needs a tracking number');
  const link = shipment.trackingUrl ? `\n${shipment.trackingUrl}` : '';
  const note = `Shipped with ${shipment.carrier}, tracking number ${shipment.trackingNumber.trim()}.${link}`;
  const requests = [json('POST', `${API}/orders/${id}/notes`, { note, customer_note: true })];
  if (shipment.complete) requests.push(json('PUT', `${API}/orders/${id}`, { status: 'completed' }));
  return requests;
}
