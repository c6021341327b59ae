import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { alertPreferences, pushSubscriptions } from '../../../db/schema';
import { newId } from '../../domain/ids';
import type { Role } from '../../domain/permissions';
import { ApiError } from '../../http/errors';
import { type AlertKind, alertAllowed, alertSettings } from './alert-kinds';

type SubscriptionRow = typeof pushSubscriptions.$inferSelect;

const device = (s: SubscriptionRow) => ({
  id: s.id,
  endpoint: s.endpoint,
  device: s.device,
  created_at: s.createdAt,
  last_success_at: s.lastSuccessAt,
  failures: s.failures,
});

/**
 * Stores this device's push subscription for the user. An endpoint is one browser profile: subscribing it
 * again (new keys, or another person signed in on the shared phone) replaces what was stored for it.
 */
export async function subscribeDevice(
  db: Database,
  userId: string,
  sub: { endpoint: string; keys: { p256dh: string; auth: string }; device?: string },
) {
  const values = {
    userId,
    p256dh: sub.keys.p256dh,
    auth: sub.keys.auth,
    device: sub.device ?? null,
    failures: 0,
  };
  const [row] = await db
    .insert(pushSubscriptions)
    .values({ id: newId('psub'), endpoint: sub.endpoint, ...values })
    .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: values })
    .returning();
  return device(row!);
}

/** Forgets the user's subscription at this endpoint; says whether there was one. */
export async function unsubscribeDevice(db: Database, userId: string, endpoint: string) {
  const gone = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.userId, userId), eq(pushSubscriptions.endpoint, endpoint)))
    .returning({ id: pushSubscriptions.id });
  return { removed: gone.length > 0 };
}

export async function listDevices(db: Database, userId: string) {
  const rows = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
  return { data: rows.map(device) };
}

export async function alertChoices(db: Database, userId: string) {
  const rows = await db.select().from(alertPreferences).where(eq(alertPreferences.userId, userId));
  return new Map(rows.map((r) => [r.kind, r.enabled]));
}

/** Every alert kind with whether this person gets it. */
export async function alertPreferencesOf(db: Database, user: { id: string; role: Role }) {
  return { alerts: alertSettings(user.role, await alertChoices(db, user.id)) };
}

/** Saves the person's choices; refuses (403 `alert_not_allowed`) an alert their role may not receive. */
export async function saveAlertPreferences(
  db: Database,
  user: { id: string; role: Role },
  choices: Partial<Record<AlertKind, boolean>>,
) {
  const entries = Object.entries(choices) as [AlertKind, boolean][];
  const refused = entries.filter(([kind, on]) => on && !alertAllowed(user.role, kind)).map(([k]) => k);
  if (refused.length > 0) {
    throw new ApiError(403, 'alert_not_allowed', `Your role cannot receive: ${refused.join(', ')}`, {
      kinds: refused,
    });
  }
  if (entries.length > 0) {
    await db
      .insert(alertPreferences)
      .values(entries.map(([kind, enabled]) => ({ userId: user.id, kind, enabled })))
      .onConflictDoUpdate({
        target: [alertPreferences.userId, alertPreferences.kind],
        set: { enabled: sql`excluded.enabled` },
      });
  }
  return alertPreferencesOf(db, user);
}
