import type { Database } from '../../db/client';
import { activeLocations, type LocationRow } from '../repo/catalog';

// Locations change rarely and only steer routing (never a stock number), so a few seconds of staleness
// in one isolate is harmless and saves a D1 round trip on every order.
const TTL_MS = 5_000;
let cached: { at: number; rows: LocationRow[] } | null = null;

/** The active locations, from this isolate's short-lived copy when fresh. */
export async function routingLocations(db: Database): Promise<LocationRow[]> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.rows;
  const rows = await activeLocations(db);
  cached = { at: Date.now(), rows };
  return rows;
}

export function forgetLocations() {
  cached = null;
}
