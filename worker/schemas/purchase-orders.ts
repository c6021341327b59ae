import { z } from '@hono/zod-openapi';
import { PO_KINDS, PO_STATUSES } from '../domain/purchase-orders/po-status';
import { Code, Currency, Cursor, Limit, Money, Quantity } from './common';
import { OpId } from './fulfillment';

export const PoIdParam = z.object({ id: z.string().min(1).max(40) });
export const SupplierParam = z.object({ code: Code });

const Sku = z.string().trim().min(1).max(128);

export const CreatePoBody = z
  .object({
    kind: z.literal('replenishment'),
    supplier: Code.describe('a location of kind `dropship`: the vendor the goods are bought from'),
    location: Code.describe('one of our locations (not a dropship one) where the goods are received'),
    currency: Currency.default('USD'),
    lines: z
      .array(z.object({ sku: Sku, quantity: Quantity, unit_cost: Money.optional() }))
      .min(1)
      .max(200),
  })
  .openapi('CreatePurchaseOrderRequest');
export type CreatePoInput = z.infer<typeof CreatePoBody>;

export const FromBackordersBody = z
  .object({ supplier: Code, location: Code, currency: Currency.default('USD') })
  .openapi('PurchaseOrderFromBackordersRequest');
export type FromBackordersInput = z.infer<typeof FromBackordersBody>;

export const ConfirmPoBody = z
  .object({
    supplier_reference: z.string().trim().min(1).max(100).optional(),
    expected_at: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('when the supplier expects to ship or deliver'),
  })
  .openapi('ConfirmPurchaseOrderRequest');
export type ConfirmPoInput = z.infer<typeof ConfirmPoBody>;

export const ShipPoBody = z
  .object({
    carrier: z.string().trim().min(1).max(40),
    tracking_code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{4,64}$/, '4-64 letters, digits or -'),
  })
  .openapi('ShipPurchaseOrderRequest');
export type ShipPoInput = z.infer<typeof ShipPoBody>;

export const ReceivePoBody = z
  .object({
    op_id: OpId,
    lines: z
      .array(z.object({ sku: Sku.describe('SKU or barcode as scanned'), quantity: Quantity }))
      .min(1)
      .max(200),
  })
  .openapi('ReceivePurchaseOrderRequest');
export type ReceivePoInput = z.infer<typeof ReceivePoBody>;

export const SupplierBody = z
  .object({
    email: z
      .string()
      .email()
      .max(200)
      .optional()
      .describe("where PO emails go; default: the address's email"),
    dropship_skus: z.array(Sku).max(5000).describe('our SKUs this supplier ships to customers for us'),
  })
  .openapi('DropshipSupplierRequest');
export type SupplierInput = z.infer<typeof SupplierBody>;

export const PoQuery = z.object({
  status: z.enum(PO_STATUSES).optional(),
  kind: z.enum(PO_KINDS).optional(),
  order_id: z.string().max(40).optional(),
  cursor: Cursor,
  limit: Limit,
});
export type PoQueryInput = z.infer<typeof PoQuery>;

export const PoSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    kind: z.enum(PO_KINDS),
    status: z.enum(PO_STATUSES),
    supplier: z.string(),
    location: z.string().nullable(),
    order_id: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('PurchaseOrderSummary');

export const PurchaseOrder = PoSummary.extend({
  currency: z.string(),
  send_by: z.string(),
  supplier_reference: z.string().nullable(),
  carrier: z.string().nullable(),
  tracking_code: z.string().nullable(),
  expected_at: z.string().nullable(),
  sent_at: z.string().nullable(),
  confirmed_at: z.string().nullable(),
  created_by: z.string(),
  updated_at: z.string().nullable(),
  lines: z.array(
    z.object({
      id: z.string(),
      line_no: z.number().int(),
      sku: z.string(),
      quantity: z.number().int(),
      received: z.number().int(),
      unit_cost: z.number().int().nullable(),
      order_line_id: z.string().nullable(),
    }),
  ),
  messages: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      recipient: z.string(),
      subject: z.string().nullable(),
      body: z.string(),
      status: z.string(),
      created_at: z.string(),
    }),
  ),
  timeline: z.array(
    z.object({ at: z.string(), action: z.string(), actor: z.string(), data: z.unknown().nullable() }),
  ),
}).openapi('PurchaseOrder');

export const ReceivePoAnswer = z
  .object({
    applied: z.boolean(),
    replayed: z.boolean(),
    received: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
    backorders_allocated: z.number().int(),
    purchase_order: PurchaseOrder,
  })
  .openapi('ReceivePurchaseOrderAnswer');

export const TrackingUploadAnswer = z
  .object({
    applied: z.array(z.object({ row: z.number().int(), po_number: z.string(), already: z.boolean() })),
    errors: z.array(z.object({ row: z.number().int(), code: z.string(), message: z.string() })),
  })
  .openapi('PurchaseOrderTrackingUploadAnswer');
