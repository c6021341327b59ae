import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { auditEntries } from '../../db/schema';
import { newId } from '../domain/ids';

export interface AuditFact {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  data?: unknown;
}

/** The insert of one audit entry, to put in the same batch as the write it records. */
export const auditInsert = (db: Database, fact: AuditFact) =>
  db
    .insert(auditEntries)
    .values({ id: newId('aud'), at: new Date().toISOString(), ...fact, data: fact.data ?? null });

export async function listAudit(db: Database, entity?: string, entityId?: string, limit = 100) {
  const where =
    entity && entityId
      ? and(eq(auditEntries.entity, entity), eq(auditEntries.entityId, entityId))
      : entity
        ? eq(auditEntries.entity, entity)
        : undefined;
  return db.select().from(auditEntries).where(where).orderBy(desc(auditEntries.id)).limit(limit);
}
