import { desc, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { webhookSubscriptions } from '../../../db/schema';
import { newId } from '../../domain/ids';
import { seal, unseal } from '../../domain/sealed-box';
import { randomToken } from '../../domain/secrets';
import { ApiError } from '../../http/errors';
import { auditInsert } from '../../repo/audit';
import type { CreateSubscriptionInput } from '../../schemas/webhook-subscriptions';

type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;

function credentialsKey(env: Env): string {
  if (!env.CREDENTIALS_KEY) {
    throw new ApiError(
      503,
      'credentials_key_missing',
      'Set the CREDENTIALS_KEY secret to store signing secrets',
    );
  }
  return env.CREDENTIALS_KEY;
}

/** The signing secret of a subscription, unsealed (the sealed box is bound to the subscription id). */
export const signingSecret = (env: Env, row: SubscriptionRow) =>
  unseal<string>(row.secretSealed, credentialsKey(env), row.id);

export const subscriptionView = (row: SubscriptionRow) => ({
  id: row.id,
  url: row.url,
  events: row.events,
  description: row.description,
  active: row.active,
  created_at: row.createdAt,
});

/** Adds a subscription; the answer carries the signing secret, which is never shown again. */
export async function createSubscription(
  env: Env,
  db: Database,
  input: CreateSubscriptionInput,
  actor: string,
) {
  const id = newId('whs');
  const secret = randomToken('whsec');
  const row = {
    id,
    url: input.url,
    events: [...new Set(input.events)].sort(),
    secretSealed: await seal(secret, credentialsKey(env), id),
    description: input.description ?? null,
    createdBy: actor,
  };
  const [stored] = await db.batch([
    db.insert(webhookSubscriptions).values(row).returning(),
    auditInsert(db, {
      actor,
      action: 'webhook_subscription.create',
      entity: 'webhook_subscription',
      entityId: id,
      data: { url: row.url, events: row.events },
    }),
  ]);
  return { ...subscriptionView(stored[0]!), secret };
}

export async function listSubscriptions(db: Database) {
  const rows = await db.select().from(webhookSubscriptions).orderBy(desc(webhookSubscriptions.id));
  return { data: rows.map(subscriptionView) };
}

/** Removes a subscription: its pending deliveries are no longer sent. 404 when there is none. */
export async function deleteSubscription(db: Database, id: string, actor: string) {
  const found = await db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.id, id));
  if (found.length === 0) throw new ApiError(404, 'not_found', 'No such webhook subscription');
  await db.batch([
    db.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)),
    auditInsert(db, {
      actor,
      action: 'webhook_subscription.delete',
      entity: 'webhook_subscription',
      entityId: id,
    }),
  ]);
}
