import { z } from '@hono/zod-openapi';
import { ORDER_STATUSES } from '../domain/order-status';
import { Address, Code, Currency, Cursor, Latitude, Limit, Longitude, Money, Quantity } from './common';

export const OrderLineInput = z.object({
  sku: z.string().trim().min(1).max(128).describe('our SKU, the channel SKU of a listing, or a barcode'),
  quantity: Quantity,
  unit_price: Money,
  name: z.string().max(300).optional(),
});

export const CreateOrderBody = z
  .object({
    channel: Code,
    external_id: z.string().trim().min(1).max(128),
    currency: Currency,
    placed_at: z.string().datetime({ offset: true }).optional(),
    ship_by: z
      .string()
      .datetime({ offset: true })
      .optional()
      .describe('the latest the order may ship and be on time (for the on-time and late-shipment KPIs)'),
    customer: z
      .object({ name: z.string().max(200).optional(), email: z.string().email().max(200).optional() })
      .optional(),
    lines: z.array(OrderLineInput).min(1).max(200),
    ship_to: Address.extend({ lat: Latitude.optional(), lng: Longitude.optional() }),
    fulfillment: z
      .object({ method: z.enum(['ship', 'pickup']).default('ship'), location: Code.optional() })
      .refine((f) => f.method === 'ship' || f.location, {
        message: 'a pickup order names its store',
        path: ['location'],
      })
      .optional()
      .describe('pickup = buy online, pick up in store at `location`'),
    shipping_total: Money.optional(),
    tax_total: Money.optional(),
    discount_total: Money.optional(),
  })
  .openapi('CreateOrderRequest');

export type CreateOrderInput = z.infer<typeof CreateOrderBody>;

const Allocation = z.object({ location: z.string(), quantity: z.number().int() });

export const OrderLine = z.object({
  id: z.string(),
  line_no: z.number().int(),
  sku: z.string(),
  matched: z.boolean(),
  name: z.string().nullable(),
  quantity: z.number().int(),
  unit_price: z.number().int(),
  allocations: z.array(Allocation),
  backordered: z.number().int(),
});

export const TimelineEntry = z.object({
  at: z.string(),
  type: z.string(),
  message: z.string(),
  actor: z.string().nullable(),
});

export const Order = z
  .object({
    id: z.string(),
    channel: z.string(),
    external_id: z.string(),
    status: z.enum(ORDER_STATUSES),
    currency: z.string(),
    customer: z.object({ name: z.string().nullable(), email: z.string().nullable() }),
    ship_to: z.record(z.string(), z.unknown()).nullable(),
    totals: z.object({
      subtotal: z.number().int(),
      shipping: z.number().int(),
      tax: z.number().int(),
      discount: z.number().int(),
      total: z.number().int(),
    }),
    routing_explanation: z.string().nullable(),
    fulfillment: z.object({ method: z.enum(['ship', 'pickup']), location: z.string().nullable() }),
    lines: z.array(OrderLine),
    timeline: z.array(TimelineEntry),
    placed_at: z.string().nullable(),
    ship_by: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string().nullable(),
  })
  .openapi('Order');

export const OrderSummary = z
  .object({
    id: z.string(),
    external_id: z.string(),
    channel: z.string(),
    status: z.enum(ORDER_STATUSES),
    currency: z.string(),
    total: z.number().int(),
    customer_name: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('OrderSummary');

export const OrderQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  channel: Code.optional(),
  from: z.string().datetime({ offset: true }).optional().describe('created at or after'),
  to: z.string().datetime({ offset: true }).optional().describe('created before'),
  q: z.string().trim().min(1).max(100).optional().describe('order number, customer or SKU'),
  cursor: Cursor,
  limit: Limit,
});

export const OrderIdParam = z.object({
  id: z
    .string()
    .regex(/^ord_[0-9A-Z]{26}$/, 'an order id')
    .openapi({ param: { name: 'id', in: 'path' } }),
});
