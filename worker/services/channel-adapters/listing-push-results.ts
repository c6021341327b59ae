import { and, eq } from 'drizzle-orm';
import { runBatch } from '../../../db/batch';
import type { Database } from '../../../db/client';
import { channels, exceptions, listings } from '../../../db/schema';
import { newId } from '../../domain/ids';
import type { ListingRow } from './types';

export const listingIs = (channelId: string, r: ListingRow) =>
  and(eq(listings.channel, channelId), eq(listings.channelSku, r.channelSku));

/** The channel took these listings' desired quantities: they are what it shows now. */
export async function recordPushed(db: Database, channelId: string, rows: ListingRow[]) {
  if (rows.length === 0) return;
  const now = new Date().toISOString();
  await runBatch(db, [
    ...rows.map((r) =>
      db
        .update(listings)
        .set({ pushedQuantity: r.desiredQuantity, pushedAt: now, syncError: null })
        .where(listingIs(channelId, r)),
    ),
    db.update(channels).set({ lastSyncedAt: now }).where(eq(channels.code, channelId)),
  ]);
}

/**
 * The channel refused these listings' quantities: each listing keeps the reason, the channel its last
 * error, and one `sync_failure` exception names them all.
 */
export async function recordRefused(
  db: Database,
  channelId: string,
  rows: ListingRow[],
  refusal: { message: string; exception: string; details?: Record<string, unknown> },
) {
  if (rows.length === 0) return;
  await runBatch(db, [
    ...rows.map((r) =>
      db.update(listings).set({ syncError: refusal.message }).where(listingIs(channelId, r)),
    ),
    db
      .update(channels)
      .set({ lastError: `Stock push refused: ${refusal.message}` })
      .where(eq(channels.code, channelId)),
    db.insert(exceptions).values({
      id: newId('exc'),
      kind: 'sync_failure',
      status: 'open',
      channel: channelId,
      sku: rows[0]?.sku ?? null,
      message: refusal.exception,
      details: refusal.details ?? { listings: rows.map((r) => r.channelSku) },
    }),
  ]);
}
