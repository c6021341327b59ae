import { z } from 'zod';
import type { Database } from '../../../db/client';
import { parsePayload } from '../../domain/channels/payload';
import type { ChannelRequest } from '../../domain/channels/types';
import { WOO_BATCH_MAX } from '../../domain/channels/woocommerce';
import type { ListingRow, ShownStock } from './types';
import { WooRefused, wooClient } from './woocommerce-client';

const API = '/wp-json/wc/v3';

// stock_quantity is null where Woo does not track stock, and below zero once backorders ran it down.
const Items = z.array(z.object({ id: z.number().int(), stock_quantity: z.number().int().nullish() }));

const isId = (id: string | undefined) => /^[1-9]\d{0,15}$/.test(id ?? '');

/** The products list (or a product's variations) narrowed to these ids, all on one page. */
const listRequest = (path: string, ids: string[]): ChannelRequest => ({
  method: 'GET',
  path: `${API}${path}?${new URLSearchParams({ include: ids.join(','), per_page: String(ids.length) })}`,
  headers: {},
  body: '',
});

/**
 * Each listing's stock_quantity: products (external.product_id) and each product's variations
 * (external.variation_id) are listed by id, up to 100 a call. An id the store does not return, or whose
 * stock Woo does not manage, reads as null.
 */
export async function readWooStock(
  env: Env,
  db: Database,
  channelId: string,
  rows: ListingRow[],
): Promise<ShownStock> {
  const shown: ShownStock = new Map();
  const client = await wooClient(env, db, channelId);
  if (!client) return shown;
  const linked = rows.filter(
    (r) =>
      isId(r.external?.product_id) &&
      (r.external?.variation_id === undefined || isId(r.external.variation_id)),
  );
  const byEndpoint = Map.groupBy(linked, (r) =>
    r.external?.variation_id ? `/products/${r.external.product_id}/variations` : '/products',
  );
  for (const [path, group] of byEndpoint) {
    const idOf = (r: ListingRow) => (r.external?.variation_id || r.external?.product_id)!;
    for (let i = 0; i < group.length; i += WOO_BATCH_MAX) {
      const chunk = group.slice(i, i + WOO_BATCH_MAX);
      let answer: unknown;
      try {
        answer = await client.request(listRequest(path, [...new Set(chunk.map(idOf))]));
      } catch (err) {
        // a variable product that is gone takes its variations with it
        if (!(err instanceof WooRefused && err.status === 404)) throw err;
        answer = [];
      }
      const quantities = new Map(parsePayload('woocommerce', Items, answer).map((p) => [String(p.id), p]));
      for (const row of chunk) shown.set(row.channelSku, quantities.get(idOf(row))?.stock_quantity ?? null);
    }
  }
  return shown;
}
