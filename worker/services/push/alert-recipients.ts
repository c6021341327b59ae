import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { alertPreferences, pushSubscriptions, users } from '../../../db/schema';
import { type AlertKind, alertSettings } from './alert-kinds';
import type { PushTarget } from './send-push';

/** Every device of the active people who want this alert (their choice, else their role's default). */
export async function devicesWanting(db: Database, kind: AlertKind): Promise<PushTarget[]> {
  const rows = await db
    .select({
      id: pushSubscriptions.id,
      endpoint: pushSubscriptions.endpoint,
      p256dh: pushSubscriptions.p256dh,
      auth: pushSubscriptions.auth,
      userId: users.id,
      role: users.role,
    })
    .from(pushSubscriptions)
    .innerJoin(users, eq(users.id, pushSubscriptions.userId))
    .where(eq(users.disabled, false));
  if (rows.length === 0) return [];
  const userIds = [...new Set(rows.map((r) => r.userId))];
  const choices = await db.select().from(alertPreferences).where(inArray(alertPreferences.userId, userIds));
  const wants = new Map(
    userIds.map((id) => {
      const role = rows.find((r) => r.userId === id)!.role;
      const own = new Map(choices.filter((c) => c.userId === id).map((c) => [c.kind, c.enabled]));
      return [id, alertSettings(role, own).some((s) => s.kind === kind && s.enabled)];
    }),
  );
  return rows
    .filter((r) => wants.get(r.userId))
    .map(({ id, endpoint, p256dh, auth }) => ({ id, endpoint, p256dh, auth }));
}
