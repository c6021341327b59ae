import { type Database, database } from '../db/client';
import { pollChannels } from './services/channel-adapters/poll-channels';
import { flagOverdueAcknowledgements } from './services/edi/acknowledgements';
import { sendDueInventoryAdvice } from './services/edi/inventory-advice';
import { pruneLoginAttempts } from './services/login-throttle';
import { requeueLostDeliveries } from './services/outbound-webhooks/requeue-lost-deliveries';
import { expireUncollectedPickups } from './services/pickup';
import { requeueStuckDeliveries } from './services/process-inbox';
import { notify } from './services/push/notify';
import { reconcileAllChannels } from './services/reconcile-stock';
import { pruneKpiCache } from './services/reports/prune-kpi-cache';
import { warmKpiCache } from './services/reports/warm-kpi-cache';
import { resumeStaleCaptures } from './services/resume-captures';
import { runScheduledSandboxes } from './services/sandbox-orders';

type Job = (env: Env, db: Database, now: number) => Promise<unknown>;

/** wrangler.toml's nightly trigger. */
export const NIGHTLY = '0 3 * * *';

/** Every minute: each job is independent; one that fails does not stop the others. */
export const MINUTE_JOBS: Record<string, Job> = {
  requeueLostDeliveries: (env, db, now) => requeueLostDeliveries(env, db, now),
  resumeStaleCaptures: (env, db) => resumeStaleCaptures(env, db),
  requeueStuckDeliveries: (env, db) => requeueStuckDeliveries(env, db),
  expireUncollectedPickups: (env, db) => expireUncollectedPickups(env, db),
  pruneLoginAttempts: (_env, db) => pruneLoginAttempts(db),
  runScheduledSandboxes: (env, db, now) => runScheduledSandboxes(env, db, now),
  pollChannels: (env, db, now) => pollChannels(env, db, now),
  sendDueInventoryAdvice: (env, db, now) => sendDueInventoryAdvice(env, db, now),
  flagOverdueAcknowledgements: (_env, db, now) => flagOverdueAcknowledgements(db, now),
  notify: (env, db, now) => notify(env, db, now),
  warmKpiCache: (env, _db, now) => warmKpiCache(env.DB, now),
};

/** 03:00 UTC. */
export const NIGHTLY_JOBS: Record<string, Job> = {
  reconcileAllChannels: (env, db) => reconcileAllChannels(env, db),
  pruneKpiCache: (env, _db, now) => pruneKpiCache(env.DB, now),
};

export async function runCron(cron: string, env: Env, now: number) {
  const db = database(env);
  const jobs = cron === NIGHTLY ? NIGHTLY_JOBS : MINUTE_JOBS;
  const results = await Promise.allSettled(Object.values(jobs).map((job) => job(env, db, now)));
  for (const [i, r] of results.entries()) {
    if (r.status === 'rejected') {
      console.error(
        JSON.stringify({
          level: 'error',
          message: 'cron job failed',
          job: Object.keys(jobs)[i],
          error: String(r.reason),
        }),
      );
    }
  }
}
