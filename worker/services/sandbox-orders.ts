import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { channels, skus } from '../../db/schema';
import { sandboxOrders } from '../domain/channels/sandbox';
import { ApiError } from '../http/errors';
import { findOrderByExternal } from '../repo/orders';
import { type ApplyOutcome, applyChannelOrder } from './apply-channel-order';
import { channelWithConfig } from './channels';

interface SandboxConfig {
  skus: string[];
  orders_per_hour: number;
  cancelled_share: number;
  currency: string;
}

export interface SandboxRun {
  seed: string;
  orders: { id: string; external_id: string; status: string; outcome: ApplyOutcome }[];
}

async function sandboxSkus(db: Database, configured: string[]) {
  if (configured.length > 0) return configured.map((sku) => ({ sku }));
  const rows = await db
    .select({ sku: skus.sku, name: skus.name })
    .from(skus)
    .where(eq(skus.archived, false))
    .orderBy(asc(skus.sku))
    .limit(50);
  if (rows.length === 0)
    throw new ApiError(409, 'catalog_empty', 'Add SKUs to the catalog before generating sandbox orders');
  return rows;
}

/**
 * Dummy orders from the sandbox channel, captured exactly like a marketplace's: the same seed gives the
 * same external ids, so a repeated run is deduplicated by the capture rather than doubled.
 */
export async function generateSandboxOrders(
  env: Env,
  db: Database,
  channelId: string,
  request: { count: number; seed?: string; from?: string; to?: string },
): Promise<SandboxRun> {
  const channel = await channelWithConfig<SandboxConfig>(env, db, channelId);
  if (!channel) throw new ApiError(404, 'channel_not_found', 'No such channel');
  if (channel.row.type !== 'sandbox')
    throw new ApiError(409, 'not_a_sandbox', 'Only a sandbox channel makes dummy orders');
  const now = new Date();
  const seed = request.seed ?? crypto.randomUUID().slice(0, 8);
  const generated = sandboxOrders({
    seed,
    skus: await sandboxSkus(db, channel.config.skus ?? []),
    count: request.count,
    from: request.from ?? new Date(now.getTime() - 60 * 60_000).toISOString(),
    to: request.to ?? now.toISOString(),
    currency: channel.config.currency ?? 'USD',
    cancelledShare: channel.config.cancelled_share ?? 0,
  });
  const orders: SandboxRun['orders'] = [];
  for (const incoming of generated) {
    const outcome = await applyChannelOrder(env, db, channelId, incoming);
    const order = (await findOrderByExternal(db, channelId, incoming.order.external_id))!;
    orders.push({ id: order.id, external_id: order.externalId, status: order.status, outcome });
  }
  return { seed, orders };
}

/** How many orders a channel taking `perHour` gets in minute `minute`: whole ones plus a fair coin for the rest. */
export function ordersThisMinute(perHour: number, channelId: string, minute: number): number {
  const whole = Math.floor(perHour / 60);
  const rest = perHour / 60 - whole;
  let h = 2166136261;
  for (const ch of `${channelId}:${minute}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return whole + (h / 4294967296 < rest ? 1 : 0);
}

/**
 * The cron's minute for every sandbox taking orders on its own. The seed is the channel and the minute,
 * so a cron that fires twice in a minute (or is retried) captures nothing twice.
 */
export async function runScheduledSandboxes(env: Env, db: Database, now = Date.now()) {
  const sandboxes = await db
    .select({ code: channels.code })
    .from(channels)
    .where(and(eq(channels.type, 'sandbox'), eq(channels.status, 'active')));
  const minute = Math.floor(now / 60_000);
  for (const { code } of sandboxes) {
    const channel = await channelWithConfig<SandboxConfig>(env, db, code);
    const count = ordersThisMinute(channel?.config.orders_per_hour ?? 0, code, minute);
    if (count === 0) continue;
    await generateSandboxOrders(env, db, code, {
      count,
      seed: `${code}:${minute}`,
      from: new Date((minute - 1) * 60_000).toISOString(),
      to: new Date(minute * 60_000).toISOString(),
    }).catch((err) =>
      console.error(
        JSON.stringify({ level: 'error', message: 'sandbox run failed', channel: code, error: String(err) }),
      ),
    );
  }
}
