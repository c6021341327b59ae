import type { Database } from '../../../db/client';
import { type FunctionalAck, type TechnicalAck, write997, writeTa1 } from '../../domain/edi';
import { expects, type Partner } from './partner';
import { sendDocument } from './send-document';

/**
 * Sends the answer to a received interchange: one interchange holding the TA1 (when there is one) and a
 * functional group with a 997 per received group (when the partner takes 997s). Nothing to say, nothing sent.
 */
export async function answerInterchange(
  env: Env,
  db: Database,
  partner: Partner,
  answer: { acks: FunctionalAck[]; technicalAck: TechnicalAck | null },
): Promise<{ document_id: string; type: string }[]> {
  const acks = expects(partner, '997') ? answer.acks : [];
  if (acks.length === 0 && !answer.technicalAck) return [];
  const type = acks.length > 0 ? '997' : 'TA1';
  const sent = await sendDocument(env, db, partner, {
    type,
    sets: acks.map(write997),
    technicalAcks: answer.technicalAck ? [writeTa1(answer.technicalAck)] : [],
    parsed: { acknowledgements: acks, technical_ack: answer.technicalAck },
  });
  return sent.ok ? [{ document_id: sent.id, type }] : [];
}
