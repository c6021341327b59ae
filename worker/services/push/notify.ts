import type { Database } from '../../../db/client';
import { alertNewExceptions } from './alert-facts';
import { deliverPendingAlerts } from './deliver-alerts';

/** The minute job: new exceptions become alerts, then every pending alert goes out. */
export async function notify(env: Env, db: Database, now: number) {
  await alertNewExceptions(db, now);
  return deliverPendingAlerts(env, db, now);
}
