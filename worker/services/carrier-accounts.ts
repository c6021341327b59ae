import { desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../../db/client';
import { carrierAccounts } from '../../db/schema';
import { easypost } from '../domain/carriers/easypost';
import { shippo } from '../domain/carriers/shippo';
import type { CarrierAdapter } from '../domain/carriers/types';
import { newId } from '../domain/ids';
import { seal, unseal } from '../domain/sealed-box';
import { ApiError } from '../http/errors';
import { auditInsert } from '../repo/audit';
import type { CarrierAccountConfig } from '../schemas/carriers';

export type AccountConfig = z.infer<typeof CarrierAccountConfig>;
type Row = typeof carrierAccounts.$inferSelect;

export const ADAPTERS: Record<Row['provider'], CarrierAdapter> = { easypost, shippo };
export const DEFAULT_BASE_URL: Record<Row['provider'], string> = {
  easypost: 'https://api.easypost.com',
  shippo: 'https://api.goshippo.com',
};

const key = (env: Env) => {
  if (!env.CREDENTIALS_KEY)
    throw new ApiError(503, 'credentials_key_missing', 'Set the CREDENTIALS_KEY secret first');
  return env.CREDENTIALS_KEY;
};

export const accountView = (r: Row) => ({
  id: r.id,
  provider: r.provider,
  name: r.name,
  is_default: r.isDefault,
  created_at: r.createdAt,
});

export async function createCarrierAccount(
  env: Env,
  db: Database,
  input: { provider: Row['provider']; name: string; config: AccountConfig; is_default: boolean },
  actor: string,
) {
  const id = newId('car');
  const configSealed = await seal(input.config, key(env), id);
  const statements = [
    db
      .insert(carrierAccounts)
      .values({ id, provider: input.provider, name: input.name, configSealed, isDefault: input.is_default }),
    auditInsert(db, {
      actor,
      action: 'carrier_account.create',
      entity: 'carrier_account',
      entityId: id,
      data: { provider: input.provider },
    }),
  ] as const;
  if (input.is_default) await db.batch([db.update(carrierAccounts).set({ isDefault: false }), ...statements]);
  else await db.batch(statements);
  return accountView((await db.query.carrierAccounts.findFirst({ where: eq(carrierAccounts.id, id) }))!);
}

export async function listCarrierAccounts(db: Database) {
  return (await db.select().from(carrierAccounts).orderBy(desc(carrierAccounts.id))).map(accountView);
}

/** The account to buy with (the one named, else the default) with its unsealed config. */
export async function carrierAccount(env: Env, db: Database, id?: string) {
  const row = await db.query.carrierAccounts.findFirst({
    where: id ? eq(carrierAccounts.id, id) : eq(carrierAccounts.isDefault, true),
  });
  if (!row)
    throw new ApiError(
      422,
      'no_carrier_account',
      id ? `No carrier account ${id}` : 'Add a default carrier account first',
    );
  const config = await unseal<AccountConfig>(row.configSealed, key(env), row.id);
  const baseUrl = config.api_base_url ?? DEFAULT_BASE_URL[row.provider];
  const endpoint = { provider: row.provider, baseUrl, apiKey: config.api_key, timeoutMs: config.timeout_ms };
  return { row, config, adapter: ADAPTERS[row.provider], baseUrl, endpoint };
}
