import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { ediDocuments, exceptions } from '../../../db/schema';
import { newId } from '../../domain/ids';
import { readRaw } from './document-store';
import { findPartner } from './partner';
import type { EdiOutMessage } from './send-document';

// wrangler.toml gives switchyard-edi-out max_retries = 8: the ninth delivery is the last one.
const LAST_DELIVERY = 9;
const MAX_DELAY_SECONDS = 300;
const TIMEOUT_MS = 15_000;
// Documents the partner answers with a 997 of its own.
const ACKNOWLEDGED_TYPES = new Set(['855', '856', '810', '846']);

type Outcome = { done: true } | { done: false; error: string; permanent: boolean; retryAfter?: number };

/**
 * Consumes switchyard-edi-out: POSTs each queued document to its partner's URL. A 2xx marks it `sent` (and
 * starts its 997 deadline); a network error, 408, 429 or 5xx is retried with backoff (Retry-After honoured);
 * any other answer, or the last delivery failing, marks it `failed` with an `edi_delivery_failed` exception.
 */
export async function consumeEdiOut(batch: MessageBatch<unknown>, env: Env, db: Database) {
  for (const m of batch.messages) {
    const { document_id: id } = m.body as EdiOutMessage;
    try {
      const outcome = await deliver(env, db, id);
      if (outcome.done) m.ack();
      else if (outcome.permanent || m.attempts >= LAST_DELIVERY) {
        await markFailed(db, id, outcome.error);
        m.ack();
      } else {
        await db.update(ediDocuments).set({ error: outcome.error }).where(eq(ediDocuments.id, id));
        const backoff = Math.min(MAX_DELAY_SECONDS, 2 ** m.attempts);
        m.retry({ delaySeconds: Math.min(MAX_DELAY_SECONDS, outcome.retryAfter ?? backoff) });
      }
    } catch (err) {
      console.error(
        JSON.stringify({ level: 'error', message: 'edi delivery failed', id, error: String(err) }),
      );
      m.retry({ delaySeconds: Math.min(MAX_DELAY_SECONDS, 2 ** m.attempts) });
    }
  }
}

async function deliver(env: Env, db: Database, id: string): Promise<Outcome> {
  const doc = await db.query.ediDocuments.findFirst({ where: eq(ediDocuments.id, id) });
  // sent already (a redelivered message), or failed for good
  if (doc?.status !== 'queued') return { done: true };
  const partner = await findPartner(env, db, doc.channel);
  if (!partner) return { done: false, error: 'the trading partner no longer exists', permanent: true };
  const raw = await readRaw(env, doc.r2Key);
  if (raw === null) return { done: false, error: 'the stored document is missing', permanent: true };
  const headers: Record<string, string> = {
    'content-type': 'application/edi-x12',
    'x-switchyard-document': doc.id,
  };
  if (partner.config.outbound_token) headers.authorization = `Bearer ${partner.config.outbound_token}`;
  let res: Response;
  try {
    res = await fetch(partner.config.outbound_url, {
      method: 'POST',
      headers,
      body: raw,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    return { done: false, error: `not delivered: ${String(err)}`, permanent: false };
  }
  const answer = (await res.text()).slice(0, 300);
  if (res.ok) {
    const hours = partner.config.ack_deadline_hours;
    const ackDueAt = ACKNOWLEDGED_TYPES.has(doc.type)
      ? new Date(Date.now() + hours * 3600_000).toISOString()
      : null;
    await db
      .update(ediDocuments)
      .set({ status: 'sent', error: null, ackDueAt })
      .where(and(eq(ediDocuments.id, id), eq(ediDocuments.status, 'queued')));
    return { done: true };
  }
  const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
  const retryAfter = Number(res.headers.get('retry-after'));
  return {
    done: false,
    error: `HTTP ${res.status} from the partner: ${answer}`,
    permanent: !retryable,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfter } : {}),
  };
}

async function markFailed(db: Database, id: string, error: string) {
  const [doc] = await db
    .update(ediDocuments)
    .set({ status: 'failed', error })
    .where(and(eq(ediDocuments.id, id), eq(ediDocuments.status, 'queued')))
    .returning();
  if (!doc) return;
  await db.insert(exceptions).values({
    id: newId('exc'),
    kind: 'edi_delivery_failed',
    status: 'open',
    orderId: doc.orderId,
    channel: doc.channel,
    message: `The ${doc.type} (ISA13 ${doc.interchangeControl}) could not be delivered: ${error}`,
    details: { document: doc.id, type: doc.type, interchange_control: doc.interchangeControl },
  });
}
