import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { channels } from '../../db/schema';
import { newId } from '../domain/ids';
import { seal, unseal } from '../domain/sealed-box';
import { ApiError } from '../http/errors';
import { auditInsert } from '../repo/audit';
import { CHANNEL_CONFIGS, type CHANNEL_TYPES } from '../schemas/channels';

type ChannelType = (typeof CHANNEL_TYPES)[number];
type ChannelRow = typeof channels.$inferSelect;

const configSpec = (type: ChannelType) =>
  type === 'shopify' || type === 'amazon' ? CHANNEL_CONFIGS[type] : CHANNEL_CONFIGS.generic;

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

export async function channelView(env: Env, row: ChannelRow, origin: string) {
  const type = row.type as ChannelType;
  const config = row.configSealed
    ? await unseal<Record<string, unknown>>(row.configSealed, credentialsKey(env), row.code)
    : {};
  const secrets: readonly string[] = configSpec(type).secrets;
  return {
    id: row.code,
    type,
    name: row.name,
    status: row.status,
    stock_buffer: row.stockBuffer,
    config: Object.fromEntries(
      Object.entries(config).map(([k, v]) => [k, secrets.includes(k) ? '********' : v]),
    ),
    webhook_url: WEBHOOK_TYPES.includes(type) ? `${origin}/api/v1/webhooks/${type}/${row.code}` : null,
    last_order_at: row.lastOrderAt,
    last_synced_at: row.lastSyncedAt,
    last_error: row.lastError,
    created_at: row.createdAt,
  };
}

/** Adds a sales channel; its credentials are validated for the type and sealed before they reach D1. */
export async function createChannel(
  env: Env,
  db: Database,
  input: { type: ChannelType; name: string; config: Record<string, unknown>; stock_buffer: number },
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

/** A channel and its unsealed credentials, for connectors. */
export async function channelWithConfig<T>(env: Env, db: Database, id: string) {
  const row = await db.query.channels.findFirst({ where: eq(channels.code, id) });
  if (!row) return null;
  const config = row.configSealed
    ? await unseal<T>(row.configSealed, credentialsKey(env), row.code)
    : ({} as T);
  return { row, config };
}
