import { and, desc, eq, lt } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { ediDocuments } from '../../../db/schema';
import { ApiError } from '../../http/errors';
import { type EdiDocumentRow, readRaw } from './document-store';

export const documentView = (d: EdiDocumentRow) => ({
  id: d.id,
  channel: d.channel,
  direction: d.direction,
  type: d.type,
  interchange_control: d.interchangeControl,
  group_control: d.groupControl,
  status: d.status,
  error: d.error,
  order_id: d.orderId,
  shipment_id: d.shipmentId,
  ack_due_at: d.ackDueAt,
  created_at: d.createdAt,
});

/** Newest first; the cursor is the last id of the previous page (ids sort by creation). */
export async function listDocuments(
  db: Database,
  q: { channel?: string; direction?: 'in' | 'out'; type?: string; cursor?: string; limit: number },
) {
  const rows = await db
    .select()
    .from(ediDocuments)
    .where(
      and(
        q.channel ? eq(ediDocuments.channel, q.channel) : undefined,
        q.direction ? eq(ediDocuments.direction, q.direction) : undefined,
        q.type ? eq(ediDocuments.type, q.type) : undefined,
        q.cursor ? lt(ediDocuments.id, q.cursor) : undefined,
      ),
    )
    .orderBy(desc(ediDocuments.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { data: page.map(documentView), next_cursor: rows.length > q.limit ? page.at(-1)!.id : null };
}

/** One document with its parsed form and its raw X12 from R2. */
export async function documentDetail(env: Env, db: Database, id: string) {
  const row = await db.query.ediDocuments.findFirst({ where: eq(ediDocuments.id, id) });
  if (!row) throw new ApiError(404, 'document_not_found', 'No such EDI document');
  return { ...documentView(row), parsed: row.parsed ?? null, raw: await readRaw(env, row.r2Key) };
}
