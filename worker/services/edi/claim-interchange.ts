import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { ediDocuments } from '../../../db/schema';
import { newId } from '../../domain/ids';
import { STALE_CLAIM_MS } from '../capture-order';
import { r2KeyOf } from './document-store';

export type Claim =
  | { kind: 'claimed'; id: string; r2Key: string }
  | { kind: 'duplicate'; id: string; r2Key: string; original: string }
  | { kind: 'in_progress' };

/**
 * Claims an interchange by (partner, ISA13) in one statement: the row is written as `received` unless the
 * same interchange was already applied (`accepted`) or is being applied right now (a young `received`).
 * A rejected one does not block a corrected resend; a `received` older than the capture's stale threshold
 * belongs to a request that died, and this one takes it over (every step after is idempotent).
 */
export async function claimInterchange(
  db: Database,
  channel: string,
  type: string,
  interchangeControl: string,
): Promise<Claim> {
  const id = newId('edi');
  const r2Key = r2KeyOf(channel, 'in', id);
  const staleBefore = new Date(Date.now() - STALE_CLAIM_MS).toISOString();
  const claimed = await db.run(sql`
    INSERT INTO edi_documents (id, channel, direction, type, interchange_control, status, r2_key)
    SELECT ${id}, ${channel}, 'in', ${type}, ${interchangeControl}, 'received', ${r2Key}
    WHERE NOT EXISTS (
      SELECT 1 FROM edi_documents
      WHERE channel = ${channel} AND direction = 'in' AND interchange_control = ${interchangeControl}
        AND (status = 'accepted' OR (status = 'received' AND created_at > ${staleBefore})))`);
  if (claimed.meta.changes > 0) return { kind: 'claimed', id, r2Key };
  const [earlier] = await db
    .select()
    .from(ediDocuments)
    .where(
      and(
        eq(ediDocuments.channel, channel),
        eq(ediDocuments.direction, 'in'),
        eq(ediDocuments.interchangeControl, interchangeControl),
        eq(ediDocuments.status, 'accepted'),
      ),
    )
    .orderBy(desc(ediDocuments.id))
    .limit(1);
  if (!earlier) return { kind: 'in_progress' };
  await db.insert(ediDocuments).values({
    id,
    channel,
    direction: 'in',
    type,
    interchangeControl,
    status: 'duplicate',
    r2Key,
    orderId: earlier.orderId,
    parsed: { duplicate_of: earlier.id },
  });
  return { kind: 'duplicate', id, r2Key, original: earlier.id };
}
