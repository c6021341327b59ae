import { z } from '@hono/zod-openapi';
import { Address, Code, Cursor, Limit } from './common';

const PartnerId = z.object({
  qualifier: z.string().regex(/^[A-Z0-9]{2}$/, 'ISA qualifier, e.g. ZZ, 01, 12'),
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,14}$/, '1 to 15 letters, digits, blank . _ -'),
});

/** Product id qualifiers a partner may send on PO1: UPC, EAN, our (vendor) part number, the buyer's part number. */
export const ITEM_QUALIFIERS = ['UP', 'EN', 'VP', 'VN', 'BP', 'IN'] as const;
export const EXPECTED_DOCUMENTS = ['997', '855', '856', '810', '846'] as const;

/** A trading partner's channel config (type `edi`); `inbound_token` and `outbound_token` are secrets. */
export const EdiConfig = z
  .object({
    partner: PartnerId.describe("the partner's ISA05/ISA06"),
    us: PartnerId.describe('our ISA05/ISA06 as the partner knows us'),
    partner_application_id: z.string().min(1).max(15).optional().describe('GS03 we send, when not ISA06'),
    our_application_id: z.string().min(1).max(15).optional().describe('GS02 we send, when not ISA06'),
    version: z.enum(['004010', '005010']).default('004010'),
    usage: z.enum(['P', 'T']).default('P'),
    item_qualifiers: z
      .array(z.enum(ITEM_QUALIFIERS))
      .min(1)
      .default(['UP', 'VP', 'BP'])
      .describe(
        'which PO1 product id names our item, first found wins: UP/EN barcode, VP/VN our SKU, BP/IN listing',
      ),
    ship_to_codes: z
      .record(
        z.string().min(1).max(80),
        z.union([z.object({ location: Code }).strict(), z.object({ address: Address }).strict()]),
      )
      .default({})
      .describe('N104 ship-to codes: one of our locations, or the address the code stands for'),
    documents: z.array(z.enum(EXPECTED_DOCUMENTS)).default([...EXPECTED_DOCUMENTS]),
    outbound_url: z.string().url().max(300),
    outbound_token: z.string().min(8).max(400).optional().describe('sent as Authorization: Bearer'),
    inbound_token: z.string().min(24).max(400),
    ack_deadline_hours: z.number().int().min(1).max(720).default(24),
    inventory_every_hours: z.number().int().min(1).max(168).default(24),
    gs1_company_prefix: z
      .string()
      .regex(/^\d{6,12}$/)
      .optional()
      .describe('for the SSCC-18 carton labels of the 856'),
    sscc_extension_digit: z.number().int().min(0).max(9).default(0),
  })
  .superRefine((config, ctx) => {
    if (config.documents.includes('856') && !config.gs1_company_prefix) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['gs1_company_prefix'],
        message: 'ship notices label cartons with SSCC-18 codes: give the GS1 company prefix',
      });
    }
  });

export type EdiConfig = z.infer<typeof EdiConfig>;

export const EdiInboundParams = z.object({
  channel_id: z
    .string()
    .regex(/^chn_[0-9A-Z]{26}$/)
    .openapi({ param: { name: 'channel_id', in: 'path' } }),
});

const ErrorNote = z.object({
  code: z.string(),
  message: z.string(),
  segment: z.string().nullable(),
  position: z.number().int().nullable(),
});

export const EdiInboundAnswer = z
  .object({
    document_id: z.string(),
    duplicate: z.boolean(),
    status: z.enum(['accepted', 'rejected', 'duplicate']),
    acknowledgements: z
      .array(z.object({ document_id: z.string(), type: z.string() }))
      .describe('the 997 (and TA1) queued back to the partner'),
    orders: z.array(z.object({ po_number: z.string(), order_id: z.string(), status: z.string() })),
    errors: z.array(ErrorNote),
  })
  .openapi('EdiInboundAnswer');

export const EDI_DOCUMENT_STATUSES = [
  'received',
  'accepted',
  'rejected',
  'duplicate',
  'queued',
  'sent',
  'failed',
  'acknowledged',
  'ack_overdue',
] as const;

export const EdiDocument = z
  .object({
    id: z.string(),
    channel: z.string(),
    direction: z.enum(['in', 'out']),
    type: z.string().describe('850, 855, 856, 810, 846, 997 or TA1'),
    interchange_control: z.string(),
    group_control: z.string().nullable(),
    status: z.enum(EDI_DOCUMENT_STATUSES),
    error: z.string().nullable(),
    order_id: z.string().nullable(),
    shipment_id: z.string().nullable(),
    ack_due_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('EdiDocument');

export const EdiDocumentDetail = EdiDocument.extend({
  parsed: z.unknown().describe('the typed form of what the interchange carries'),
  raw: z.string().nullable().describe('the X12 text as sent or received'),
}).openapi('EdiDocumentDetail');

export const EdiDocumentQuery = z.object({
  channel: Code.optional(),
  direction: z.enum(['in', 'out']).optional(),
  type: z
    .string()
    .regex(/^(\d{3}|TA1)$/)
    .optional(),
  cursor: Cursor,
  limit: Limit,
});

export const EdiDocumentIdParam = z.object({
  id: z
    .string()
    .regex(/^edi_[0-9A-Z]{26}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
