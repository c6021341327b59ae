import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { channels, listings } from '../../db/schema';
import type { StockRules } from '../domain/channels/listed-quantity';
import { newId } from '../domain/ids';
import { seal, unseal } from '../domain/sealed-box';
import { ApiError } from '../http/errors';
import { auditInsert } from '../repo/audit';
import { CHANNEL_CONFIGS, type CHANNEL_TYPES } from '../schemas/channels';
import type { ChannelHealth } from './channel-health';
import type { RateLimitOverrides } from './channel-limits';
import { announceStockChange } from './stock-events';

type ChannelType = (typeof CHANNEL_TYPES)[number];
type ChannelRow = typeof channels.$inferSelect;

const configSpec = (type: ChannelType) => CHANNEL_CONFIGS[type];

function credentialsKey(env: Env): string {
  const key = env.CREDENTIALS_KEY;
  if (!key)
    throw new ApiError(
      503,
      'credentials_key_missing',
      'Set the CREDENTIALS_KEY secret to store channel credentials',
    );
  return key;
}

const WEBHOOK_TYPES: ChannelType[] = ['shopify', 'woocommerce', 'bigcommerce', 'ebay'];

export interface ChannelSettings {
  stock_rules?: StockRules;
  rate_limits?: RateLimitOverrides;
}

export const settingsOf = (row: ChannelRow) => (row.settings ?? {}) as ChannelSettings;

export async function channelView(env: Env, row: ChannelRow, origin: string, health: ChannelHealth) {
  const type = row.type as ChannelType;
  const config = row.configSealed
    ? await unseal<Record<string, unknown>>(row.configSealed, credentialsKey(env), row.code)
    : {};
  // linking a listing to a channel code nobody registered makes a bare `manual` row: no config, no secrets
  const secrets: readonly string[] =
    (configSpec(type) as { secrets?: readonly string[] } | undefined)?.secrets ?? [];
  return {
    id: row.code,
    type,
    name: row.name,
    status: row.status,
    stock_buffer: row.stockBuffer,
    stock_rules: settingsOf(row).stock_rules ?? {},
    rate_limits: settingsOf(row).rate_limits ?? null,
    config: Object.fromEntries(
      Object.entries(config).map(([k, v]) => [k, secrets.includes(k) ? '********' : v]),
    ),
    webhook_url: WEBHOOK_TYPES.includes(type) ? `${origin}/api/v1/webhooks/${type}/${row.code}` : null,
    last_order_at: row.lastOrderAt,
    last_synced_at: row.lastSyncedAt,
    last_error: row.lastError,
    health,
    created_at: row.createdAt,
  };
}

/** Adds a sales channel; its credentials are validated for the type and sealed before they reach D1. */
export async function createChannel(
  env: Env,
  db: Database,
  input: {
    type: ChannelType;
    name: string;
    config: Record<string, unknown>;
    stock_buffer: number;
    stock_rules: StockRules;
    rate_limits?: RateLimitOverrides;
  },
  actor: string,
) {
  const parsed = configSpec(input.type).schema.safeParse(input.config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: ['config', ...i.path].join('.'),
      message: i.message,
      code: i.code,
    }));
    throw new ApiError(400, 'validation_failed', `The ${input.type} config is not valid`, { issues });
  }
  const id = newId('chn');
  const configSealed = await seal(parsed.data, credentialsKey(env), id);
  await db.batch([
    db.insert(channels).values({
      code: id,
      name: input.name,
      type: input.type,
      stockBuffer: input.stock_buffer,
      settings: {
        stock_rules: input.stock_rules,
        ...(input.rate_limits ? { rate_limits: input.rate_limits } : {}),
      } satisfies ChannelSettings,
      configSealed,
    }),
    auditInsert(db, {
      actor,
      action: 'channel.create',
      entity: 'channel',
      entityId: id,
      data: { type: input.type, name: input.name },
    }),
  ]);
  return (await db.query.channels.findFirst({ where: eq(channels.code, id) }))!;
}

/**
 * Renames, pauses or re-tunes a channel. New stock rules take effect at once: every listed SKU of the
 * channel is queued so the channel is told its new quantities.
 */
export async function updateChannel(
  env: Env,
  db: Database,
  id: string,
  patch: {
    name?: string;
    status?: 'active' | 'paused';
    stock_buffer?: number;
    stock_rules?: StockRules;
    rate_limits?: RateLimitOverrides;
  },
  actor: string,
) {
  const row = await db.query.channels.findFirst({ where: eq(channels.code, id) });
  if (!row) throw new ApiError(404, 'channel_not_found', 'No such channel');
  const settings: ChannelSettings = {
    ...settingsOf(row),
    ...(patch.stock_rules ? { stock_rules: patch.stock_rules } : {}),
    ...(patch.rate_limits ? { rate_limits: patch.rate_limits } : {}),
  };
  await db.batch([
    db
      .update(channels)
      .set({
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.status === undefined ? {} : { status: patch.status }),
        ...(patch.stock_buffer === undefined ? {} : { stockBuffer: patch.stock_buffer }),
        settings,
      })
      .where(eq(channels.code, id)),
    auditInsert(db, { actor, action: 'channel.update', entity: 'channel', entityId: id, data: patch }),
  ]);
  const listed = await db
    .selectDistinct({ sku: listings.sku })
    .from(listings)
    .where(eq(listings.channel, id));
  await announceStockChange(
    env,
    listed.map((l) => l.sku),
  );
  return (await db.query.channels.findFirst({ where: eq(channels.code, id) }))!;
}

/** A channel and its unsealed credentials, for connectors. */
export async function channelWithConfig<T>(env: Env, db: Database, id: string) {
  const row = await db.query.channels.findFirst({ where: eq(channels.code, id) });
  if (!row) return null;
  const config = row.configSealed
    ? await unseal<T>(row.configSealed, credentialsKey(env), row.code)
    : ({} as T);
  return { row, config };
}
