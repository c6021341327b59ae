import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { returnPolicies } from '../../../db/schema';
import { DEFAULT_RETURN_POLICY, type ReturnPolicy } from '../../domain/returns/approval';
import { auditInsert } from '../../repo/audit';

const POLICY_ID = 'default';

/** The saved policy, or the defaults until someone saves one. */
export async function returnPolicy(db: Database): Promise<ReturnPolicy> {
  const row = await db.query.returnPolicies.findFirst({ where: eq(returnPolicies.id, POLICY_ID) });
  if (!row) return DEFAULT_RETURN_POLICY;
  return {
    auto_approve: row.autoApprove,
    window_days: row.windowDays,
    max_auto_value: row.maxAutoValue,
    exchange_ship: row.exchangeShip,
  };
}

/** Replaces the policy (audited); it applies to returns asked for from now on. */
export async function saveReturnPolicy(db: Database, policy: ReturnPolicy, actor: string) {
  const row = {
    id: POLICY_ID,
    autoApprove: policy.auto_approve,
    windowDays: policy.window_days,
    maxAutoValue: policy.max_auto_value,
    exchangeShip: policy.exchange_ship,
    updatedBy: actor,
    updatedAt: new Date().toISOString(),
  };
  await db.batch([
    db.insert(returnPolicies).values(row).onConflictDoUpdate({ target: returnPolicies.id, set: row }),
    auditInsert(db, {
      actor,
      action: 'return_policy.update',
      entity: 'return_policy',
      entityId: POLICY_ID,
      data: policy,
    }),
  ]);
  return returnPolicy(db);
}
