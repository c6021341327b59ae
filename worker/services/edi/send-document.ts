import type { Database } from '../../../db/client';
import { ediDocuments, exceptions } from '../../../db/schema';
import { buildInterchange, type TransactionSetDraft } from '../../domain/edi';
import type { SegmentDraft } from '../../domain/edi/segment';
import { newId } from '../../domain/ids';
import { nextControlNumber } from './control-numbers';
import { r2KeyOf, storeRaw } from './document-store';
import type { Partner } from './partner';

export interface OutboundDocument {
  /** 997, 855, 856, 810, 846, or TA1 for an interchange that carries only technical acknowledgements. */
  type: string;
  sets: TransactionSetDraft[];
  technicalAcks?: SegmentDraft[];
  /** The typed form shown in the app beside the raw text. */
  parsed: unknown;
  orderId?: string;
  shipmentId?: string;
}

export interface EdiOutMessage {
  document_id: string;
}

export type SendResult =
  | { ok: true; id: string; interchangeControl: string; groupControl: string | null }
  | { ok: false; code: string; message: string };

/**
 * Writes one interchange to the partner (next ISA13 and GS06 of the partner's sequences), stores it in R2
 * and as a `queued` row, and hands it to the EDI_OUT queue for delivery. A document our data cannot be
 * written into (a value holding a delimiter) is refused as a value and raised as an `edi_document_failed`
 * exception, not retried.
 */
export async function sendDocument(
  env: Env,
  db: Database,
  partner: Partner,
  doc: OutboundDocument,
): Promise<SendResult> {
  const { config, row } = partner;
  const interchangeControl = await nextControlNumber(db, row.code, 'isa');
  const groupControl = doc.sets.length > 0 ? await nextControlNumber(db, row.code, 'gs') : null;
  const built = buildInterchange({
    sender: config.us,
    receiver: config.partner,
    controlNumber: interchangeControl,
    createdAt: new Date(),
    version: config.version,
    usage: config.usage,
    groups:
      groupControl === null
        ? []
        : [
            {
              controlNumber: groupControl,
              transactionSets: doc.sets,
              applicationSender: config.our_application_id,
              applicationReceiver: config.partner_application_id,
            },
          ],
    technicalAcks: doc.technicalAcks,
  });
  if (!built.ok) {
    await db.insert(exceptions).values({
      id: newId('exc'),
      kind: 'edi_document_failed',
      status: 'open',
      orderId: doc.orderId ?? null,
      channel: row.code,
      message: `The ${doc.type} for ${row.name} could not be written: ${built.error.message}`,
      details: { type: doc.type, ...built.error },
    });
    return { ok: false, code: built.error.code, message: built.error.message };
  }
  const id = newId('edi');
  const r2Key = r2KeyOf(row.code, 'out', id);
  await storeRaw(env, r2Key, built.text);
  await db.insert(ediDocuments).values({
    id,
    channel: row.code,
    direction: 'out',
    type: doc.type,
    interchangeControl: String(interchangeControl).padStart(9, '0'),
    groupControl: groupControl === null ? null : String(groupControl),
    setControl: doc.sets.length > 0 ? '0001' : null,
    status: 'queued',
    r2Key,
    parsed: doc.parsed,
    orderId: doc.orderId ?? null,
    shipmentId: doc.shipmentId ?? null,
  });
  await env.EDI_OUT.send({ document_id: id } satisfies EdiOutMessage);
  return {
    ok: true,
    id,
    interchangeControl: String(interchangeControl).padStart(9, '0'),
    groupControl: groupControl === null ? null : String(groupControl),
  };
}
