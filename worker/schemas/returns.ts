import { z } from '@hono/zod-openapi';
import { DISPOSITIONS, RETURN_REASONS, RETURN_STATUSES } from '../domain/returns/return-status';
import { Code, Cursor, Limit, Money, Quantity } from './common';
import { OpId } from './fulfillment';
import { TimelineEntry } from './orders';

const Note = z.string().trim().max(500);

const ReturnLineInput = z.object({
  order_line_id: z.string().min(1).max(80),
  quantity: Quantity,
  reason: z.enum(RETURN_REASONS),
  note: Note.optional(),
});

const ExchangeInput = z
  .object({
    lines: z
      .array(
        z.object({
          sku: z.string().trim().min(1).max(128).describe('our SKU or a barcode'),
          quantity: Quantity,
          unit_price: Money.default(0).describe('what the replacement costs the customer; 0 for a like swap'),
        }),
      )
      .min(1)
      .max(50),
    ship: z
      .enum(['on_receipt', 'immediately'])
      .optional()
      .describe('when the replacement ships; the return policy decides when omitted'),
  })
  .describe('a replacement order, captured and reserved at once');

export const CreateReturnBody = z
  .object({
    order_id: z.string().min(1).max(40),
    lines: z
      .array(ReturnLineInput)
      .min(1)
      .max(200)
      .refine((lines) => new Set(lines.map((l) => l.order_line_id)).size === lines.length, {
        message: 'name each order line once',
      }),
    exchange: ExchangeInput.optional(),
    label: z.boolean().default(false).describe('buy a prepaid return label once the return is approved'),
    receiving_location: Code.optional().describe(
      'where the label sends the parcel; default: where it shipped from',
    ),
  })
  .openapi('CreateReturnRequest');

export type CreateReturnInput = z.infer<typeof CreateReturnBody>;

export const DecisionBody = z.object({ note: Note.optional() }).openapi('ReturnDecisionRequest');

export const ReceiveReturnBody = z
  .object({
    location_id: Code,
    op_id: OpId,
    items: z
      .array(
        z.object({
          code: z.string().trim().min(1).max(128).describe('SKU or barcode as scanned'),
          quantity: Quantity.default(1),
          disposition: z.enum(DISPOSITIONS),
        }),
      )
      .min(1)
      .max(200),
  })
  .openapi('ReceiveReturnRequest');

export type ReceiveReturnInput = z.infer<typeof ReceiveReturnBody>;

export const RefundBody = z
  .object({
    lines_amount: Money,
    shipping_amount: Money.default(0),
    restocking_fee: Money.default(0),
    note: Note.optional(),
  })
  .openapi('RefundReturnRequest');

export type RefundInput = z.infer<typeof RefundBody>;

export const ReturnPolicyBody = z
  .object({
    auto_approve: z.boolean(),
    window_days: z.number().int().min(0).max(3650),
    max_auto_value: Money,
    exchange_ship: z.enum(['on_receipt', 'immediately']),
  })
  .openapi('ReturnPolicy');

const ReturnLine = z.object({
  id: z.string(),
  order_line_id: z.string(),
  sku: z.string(),
  quantity: z.number().int().describe('units returned'),
  unit_price: z.number().int(),
  reason: z.string(),
  note: z.string().nullable(),
  received: z.number().int(),
  restocked: z.number().int(),
  quarantined: z.number().int().describe('received, kept aside, not sellable'),
  written_off: z.number().int(),
});

const Refund = z.object({
  id: z.string(),
  status: z.enum(['pushing', 'pushed', 'push_failed', 'manual', 'from_channel']),
  currency: z.string(),
  amount: z.number().int().nullable().describe('what we decided; null for a refund only the channel made'),
  lines_amount: z.number().int().nullable(),
  shipping_amount: z.number().int().nullable(),
  restocking_fee: z.number().int().nullable(),
  channel_amount: z.number().int().nullable(),
  external_refund_id: z.string().nullable(),
  note: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
});

export const Return = z
  .object({
    id: z.string(),
    number: z.string(),
    order_id: z.string(),
    status: z.enum(RETURN_STATUSES),
    source: z.enum(['staff', 'channel']),
    approval: z.object({
      auto: z.boolean(),
      reasons: z.array(z.string()).describe('why it waits for a person'),
      decided_by: z.string().nullable(),
      decided_at: z.string().nullable(),
      note: z.string().nullable(),
    }),
    label: z
      .object({
        carrier: z.string().nullable(),
        service: z.string().nullable(),
        tracking_code: z.string().nullable(),
        url: z.string().nullable(),
      })
      .nullable(),
    exchange: z.object({ order_id: z.string().nullable(), ship: z.string() }).nullable(),
    lines: z.array(ReturnLine),
    refunds: z.array(Refund),
    timeline: z.array(TimelineEntry),
    created_by: z.string(),
    created_at: z.string(),
    updated_at: z.string().nullable(),
  })
  .openapi('Return');

export const ReturnSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    order_id: z.string(),
    status: z.enum(RETURN_STATUSES),
    source: z.enum(['staff', 'channel']),
    created_at: z.string(),
  })
  .openapi('ReturnSummary');

export const ReturnQuery = z.object({
  status: z.enum(RETURN_STATUSES).optional(),
  order_id: z.string().max(40).optional(),
  number: z.string().trim().max(20).optional().describe('the RMA number, as printed on the return label'),
  cursor: Cursor,
  limit: Limit,
});

export const ReturnIdParam = z.object({
  id: z
    .string()
    .regex(/^rma_[0-9A-Z]{26}$/, 'a return id')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const RefundIdParams = ReturnIdParam.extend({
  refund_id: z
    .string()
    .regex(/^rfd_[0-9A-Z]{26}$/, 'a refund id')
    .openapi({ param: { name: 'refund_id', in: 'path' } }),
});

export const ReceiveAnswer = z
  .object({
    applied: z.boolean(),
    replayed: z.boolean(),
    received: z.array(
      z.object({
        sku: z.string(),
        quantity: z.number().int(),
        disposition: z.enum(DISPOSITIONS),
      }),
    ),
    return: Return,
  })
  .openapi('ReceiveReturnAnswer');
