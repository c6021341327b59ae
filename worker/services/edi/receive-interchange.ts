import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { ediDocuments } from '../../../db/schema';
import {
  type EdiError,
  type FunctionalAck,
  MAX_INTERCHANGE_CHARS,
  parseInterchange,
  technicalAckFor,
} from '../../domain/edi';
import type { IsaHeader } from '../../domain/edi/envelope';
import { newId } from '../../domain/ids';
import { ApiError } from '../../http/errors';
import { activeLocations } from '../../repo/catalog';
import { applyAcknowledgements } from './acknowledgements';
import { answerInterchange } from './answer-interchange';
import { acknowledgeOrders, captureOrders } from './capture-po';
import { claimInterchange } from './claim-interchange';
import { r2KeyOf, storeRaw } from './document-store';
import { findPartner, type Partner } from './partner';
import { hasPartnerToken } from './partner-token';
import { orderInputFor } from './po-to-order';
import { errorNotes, groupAck, readGroups } from './read-groups';

export type InboundAnswer = {
  document_id: string;
  duplicate: boolean;
  status: 'accepted' | 'rejected' | 'duplicate';
  acknowledgements: { document_id: string; type: string }[];
  orders: { po_number: string; order_id: string; status: string }[];
  errors: { code: string; message: string; segment: string | null; position: number | null }[];
};

/**
 * One interchange from a trading partner. Refused before anything is stored: an unknown partner (404) and
 * a wrong token (401). Otherwise it is stored (R2 and a row) and answered: a resend of an applied ISA13 is a
 * duplicate and changes nothing; each group gets a 997 (TA1 too when the ISA level failed or asked for one);
 * every accepted 850 is captured like any channel's order and answered with an 855 from its allocation;
 * 997s the partner sends mark our documents acknowledged. A fully rejected interchange is a 422.
 */
export async function receiveInterchange(
  env: Env,
  db: Database,
  channelId: string,
  authorization: string | undefined,
  text: string,
): Promise<InboundAnswer> {
  const partner = await findPartner(env, db, channelId);
  if (!partner) throw new ApiError(404, 'partner_not_found', 'No EDI trading partner with this id');
  if (!(await hasPartnerToken(authorization, partner.config.inbound_token)))
    throw new ApiError(401, 'invalid_token', "The bearer token is not this partner's inbound token");
  if (text.length > MAX_INTERCHANGE_CHARS)
    throw new ApiError(
      413,
      'interchange_too_large',
      `An interchange is at most ${MAX_INTERCHANGE_CHARS} characters`,
    );

  const parsed = parseInterchange(text);
  const header = parsed.ok ? parsed.interchange.header : parsed.error.header;
  const groups = parsed.ok ? parsed.interchange.groups : parsed.error.groups;
  const firstSet = groups[0]?.transactionSets[0]?.id ?? (parsed.ok ? 'TA1' : 'ISA');
  const misaddressed = header && addressProblem(partner, header);

  if (!parsed.ok || misaddressed) {
    const id = newId('edi');
    const r2Key = r2KeyOf(partner.row.code, 'in', id);
    const error = misaddressed ?? `${parsed.ok ? '' : `${parsed.error.code}: ${parsed.error.message}`}`;
    await storeRaw(env, r2Key, text);
    await db.insert(ediDocuments).values({
      id,
      channel: partner.row.code,
      direction: 'in',
      type: firstSet,
      interchangeControl: header?.controlNumber ?? '',
      groupControl: groups[0]?.controlNumber ?? null,
      status: 'rejected',
      r2Key,
      error,
    });
    const reads = readGroups(groups);
    const answers =
      header && !misaddressed
        ? await answerInterchange(env, db, partner, {
            acks: reads.filter((r) => r.group.functionalId !== 'FA').map((r) => groupAck(r, true)),
            technicalAck: technicalAckFor(parsed),
          })
        : [];
    await db
      .update(ediDocuments)
      .set({ parsed: { header, groups: reads.map((r) => groupSummary(r.group, r.errors, null)) } })
      .where(eq(ediDocuments.id, id));
    const code = misaddressed ? 'interchange_misaddressed' : parsed.ok ? 'rejected' : parsed.error.code;
    const errors = [
      {
        code,
        message: error,
        segment: parsed.ok ? null : 'ISA',
        position: parsed.ok ? null : (parsed.error.position ?? null),
      },
      ...reads.flatMap((r) => errorNotes(r.errors)),
    ];
    return rejected(id, answers, errors);
  }

  const { interchange } = parsed;
  const claim = await claimInterchange(db, partner.row.code, firstSet, header!.controlNumber);
  if (claim.kind === 'in_progress')
    throw new ApiError(409, 'interchange_in_progress', 'This interchange is being applied; retry shortly');
  await storeRaw(env, claim.r2Key, text);
  if (claim.kind === 'duplicate') {
    const none = { acknowledgements: [], orders: [], errors: [] };
    return { document_id: claim.id, duplicate: true, status: 'duplicate', ...none };
  }

  const reads = readGroups(interchange.groups);
  const locationsByCode = new Map((await activeLocations(db)).map((l) => [l.code, l]));
  const inputs = reads.flatMap((read) =>
    read.orders.flatMap((orderSet) => {
      const mapped = orderInputFor(orderSet, partner, locationsByCode);
      if (mapped.ok) return [{ orderSet, input: mapped.input }];
      read.errors.push(...mapped.errors);
      return [];
    }),
  );
  const acks = reads.filter((r) => r.group.functionalId !== 'FA').map((r) => groupAck(r, false));
  const acceptedSets = new Set(
    acks.flatMap((a) =>
      a.sets.filter((s) => s.status === 'A').map((s) => `${a.groupControlNumber}/${s.controlNumber}`),
    ),
  );
  const captured = await captureOrders(
    env,
    db,
    partner,
    inputs.filter(({ orderSet }) =>
      acceptedSets.has(`${orderSet.groupControl}/${orderSet.set.controlNumber}`),
    ),
  );
  const answers = await answerInterchange(env, db, partner, {
    acks,
    technicalAck: interchange.header.acknowledgmentRequested ? technicalAckFor(parsed) : null,
  });
  const acknowledgements = reads.flatMap((r) => r.acknowledgements);
  const matched = await applyAcknowledgements(db, partner.row.code, acknowledgements);
  const acknowledgements855 = await acknowledgeOrders(env, db, partner, captured);

  const allErrors: EdiError[] = reads.flatMap((r) => r.errors);
  const anyAccepted = acks.some((a) => a.status !== 'R') || acknowledgements.length > 0;
  const status = anyAccepted ? 'accepted' : 'rejected';
  await db
    .update(ediDocuments)
    .set({
      status,
      groupControl: interchange.groups[0]?.controlNumber ?? null,
      orderId: captured[0]?.order.id ?? null,
      error: allErrors.length
        ? allErrors
            .map((e) => e.message)
            .join('; ')
            .slice(0, 1000)
        : null,
      parsed: {
        header: interchange.header,
        groups: reads.map((r) =>
          groupSummary(
            r.group,
            r.errors,
            acks.find((a) => a.groupControlNumber === r.group.controlNumber) ?? null,
          ),
        ),
        orders: captured.map(({ orderSet, order }) => ({ order_id: order.id, po: orderSet.po })),
        acknowledgements: acknowledgements.map((ack, i) => ({ ...ack, matched: matched[i] })),
        answers: [...answers, ...acknowledgements855],
      },
    })
    .where(eq(ediDocuments.id, claim.id));
  const body: InboundAnswer = {
    document_id: claim.id,
    duplicate: false,
    status,
    acknowledgements: answers,
    orders: captured.map(({ orderSet, order }) => ({
      po_number: orderSet.po.poNumber,
      order_id: order.id,
      status: order.status,
    })),
    errors: errorNotes(allErrors),
  };
  return status === 'accepted' ? body : rejected(claim.id, answers, body.errors);
}

function addressProblem(partner: Partner, header: IsaHeader): string | null {
  const { partner: them, us } = partner.config;
  if (header.sender.qualifier !== them.qualifier || header.sender.id !== them.id)
    return `ISA05/06 ${header.sender.qualifier}/${header.sender.id} is not this partner (${them.qualifier}/${them.id})`;
  if (header.receiver.qualifier !== us.qualifier || header.receiver.id !== us.id)
    return `ISA07/08 ${header.receiver.qualifier}/${header.receiver.id} is not us (${us.qualifier}/${us.id})`;
  return null;
}

function groupSummary(
  group: { functionalId: string; controlNumber: string },
  errors: EdiError[],
  ack: FunctionalAck | null,
) {
  return { functional_id: group.functionalId, control_number: group.controlNumber, ack, errors };
}

function rejected(
  id: string,
  answers: InboundAnswer['acknowledgements'],
  errors: InboundAnswer['errors'],
): never {
  throw new ApiError(
    422,
    'interchange_rejected',
    'The interchange was refused; the acknowledgement names why',
    {
      document_id: id,
      acknowledgements: answers,
      errors,
    },
  );
}
