import type { Database } from '../../../db/client';
import type { channels } from '../../../db/schema';
import type { EdiConfig } from '../../schemas/edi';
import { channelWithConfig } from '../channels';

/** A trading partner: its channel row (buffer, stock rules, status) and its unsealed EDI config. */
export interface Partner {
  row: typeof channels.$inferSelect;
  config: EdiConfig;
}

/** The partner behind a channel id, or null when there is no such channel or it is not an EDI partner. */
export async function findPartner(env: Env, db: Database, channelId: string): Promise<Partner | null> {
  const found = await channelWithConfig<EdiConfig>(env, db, channelId);
  return found && found.row.type === 'edi' ? found : null;
}

export const expects = (partner: Partner, type: EdiConfig['documents'][number]) =>
  partner.config.documents.includes(type);
