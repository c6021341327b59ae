import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { ediDocuments, exceptions } from '../../../db/schema';
import type { FunctionalAck } from '../../domain/edi';

/** The exception raised for a document's missing 997: one per document, so raising it twice is a no-op. */
export const ackExceptionId = (documentId: string) => `exc_${documentId.replace(/^edi_/, '')}`;

const AWAITING_ACK = ['queued', 'sent', 'ack_overdue'] as const;

export interface MatchedAck {
  group_control: string;
  document_id: string | null;
  status: 'acknowledged' | 'rejected' | null;
}

/**
 * A partner's 997s about our documents: each AK1 names the GS06 of one of our interchanges to it. Accepted
 * (A, E, P) marks it `acknowledged`, rejected (R) marks it `rejected` with the AK9 codes; an open
 * `edi_ack_missing` exception for it is resolved. An AK1 naming nothing of ours is reported, not applied.
 */
export async function applyAcknowledgements(db: Database, channel: string, acks: FunctionalAck[]) {
  const matched: MatchedAck[] = [];
  for (const ack of acks) {
    const groupControl = ack.groupControlNumber.replace(/^0+(?=\d)/, '');
    const status = ack.status === 'R' ? 'rejected' : 'acknowledged';
    const [doc] = await db
      .update(ediDocuments)
      .set({
        status,
        error:
          status === 'rejected' ? `rejected by the partner's 997 (AK9 ${ack.codes.join(',') || 'R'})` : null,
      })
      .where(
        and(
          eq(ediDocuments.channel, channel),
          eq(ediDocuments.direction, 'out'),
          eq(ediDocuments.groupControl, groupControl),
          inArray(ediDocuments.status, [...AWAITING_ACK]),
        ),
      )
      .returning({ id: ediDocuments.id });
    if (doc) {
      await db
        .update(exceptions)
        .set({ status: 'resolved', resolvedAt: new Date().toISOString() })
        .where(and(eq(exceptions.id, ackExceptionId(doc.id)), eq(exceptions.status, 'open')));
    }
    matched.push({ group_control: groupControl, document_id: doc?.id ?? null, status: doc ? status : null });
  }
  return matched;
}

/**
 * Cron: every sent document whose 997 deadline passed becomes `ack_overdue` with an `edi_ack_missing`
 * exception. The exception goes in first under a per-document id, so a run that dies half-way is finished
 * by the next one without raising it twice.
 */
export async function flagOverdueAcknowledgements(db: Database, now: number) {
  const overdue = await db
    .select()
    .from(ediDocuments)
    .where(and(eq(ediDocuments.status, 'sent'), lt(ediDocuments.ackDueAt, new Date(now).toISOString())))
    .limit(200);
  for (const doc of overdue) {
    await db
      .insert(exceptions)
      .values({
        id: ackExceptionId(doc.id),
        kind: 'edi_ack_missing',
        status: 'open',
        orderId: doc.orderId,
        channel: doc.channel,
        message: `No 997 for the ${doc.type} (ISA13 ${doc.interchangeControl}, GS06 ${doc.groupControl}) by ${doc.ackDueAt}`,
        details: { document: doc.id, type: doc.type, group_control: doc.groupControl, due: doc.ackDueAt },
      })
      .onConflictDoNothing();
    await db
      .update(ediDocuments)
      .set({ status: 'ack_overdue' })
      .where(and(eq(ediDocuments.id, doc.id), eq(ediDocuments.status, 'sent')));
  }
  return overdue.length;
}
