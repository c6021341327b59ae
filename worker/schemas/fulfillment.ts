import { z } from '@hono/zod-openapi';
import { SHIPMENT_STATUSES } from '../domain/shipment-status';
import { Code, Cursor, Limit, Quantity } from './common';

export const OpId = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[\w.:-]+$/)
  .describe('made by the client (a UUID), so a retried or late-synced action applies once');

const ShipmentLine = z.object({
  id: z.string(),
  order_line_id: z.string(),
  sku: z.string(),
  quantity: z.number().int(),
  picked: z.number().int(),
  packed: z.number().int(),
});

const Package = z.object({
  weight_grams: z.number().int().positive().max(1_000_000),
  length_mm: z.number().int().positive().max(10_000).optional(),
  width_mm: z.number().int().positive().max(10_000).optional(),
  height_mm: z.number().int().positive().max(10_000).optional(),
});

export const Shipment = z
  .object({
    id: z.string(),
    order_id: z.string(),
    location: z.string(),
    method: z.enum(['ship', 'pickup']),
    status: z.enum(SHIPMENT_STATUSES),
    pick_list_id: z.string().nullable(),
    carrier: z.string().nullable(),
    service: z.string().nullable(),
    tracking_code: z.string().nullable(),
    label_url: z.string().nullable(),
    packages: z.array(Package),
    pickup_code: z.string().nullable().describe('BOPIS: what the customer shows to collect'),
    pickup_expires_at: z.string().nullable(),
    lines: z.array(ShipmentLine),
    order_placed_at: z.string(),
    label_purchased_at: z.string().nullable(),
    shipped_at: z.string().nullable(),
    first_scan_at: z.string().nullable().describe("the carrier's first scan: the tracking is valid"),
    delivered_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('Shipment');

export const ShipmentQuery = z.object({
  location: Code.optional(),
  status: z.enum(SHIPMENT_STATUSES).optional(),
  order_id: z.string().max(40).optional(),
  cursor: Cursor,
  limit: Limit,
});

export const ShipmentIdParam = z.object({
  id: z
    .string()
    .regex(/^shp_[0-9A-Z]{26}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const PickListIdParam = z.object({
  id: z
    .string()
    .regex(/^pck_[0-9A-Z]{26}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const CreatePickListBody = z
  .object({ location: Code, max_shipments: z.number().int().min(1).max(50).default(20) })
  .openapi('CreatePickListRequest');

export const PickList = z
  .object({
    id: z.string(),
    location: z.string(),
    status: z.enum(['open', 'done', 'cancelled']),
    created_at: z.string(),
    shipments: z.array(z.object({ id: z.string(), order_id: z.string(), status: z.string() })),
    lines: z.array(
      z.object({
        sku: z.string(),
        name: z.string(),
        bin: z.string().nullable(),
        barcodes: z.array(z.string()),
        quantity: z.number().int(),
        picked: z.number().int(),
        shipments: z.array(
          z.object({ shipment_id: z.string(), quantity: z.number().int(), picked: z.number().int() }),
        ),
      }),
    ),
  })
  .openapi('PickList');

export const PickBody = z
  .object({
    op_id: OpId,
    code: z.string().trim().min(1).max(64).describe('scanned barcode or SKU'),
    quantity: Quantity.default(1),
  })
  .openapi('PickRequest');

export const PickAnswer = z
  .object({
    applied: z.boolean(),
    replayed: z.boolean(),
    pick: z.object({
      sku: z.string(),
      shipment_id: z.string(),
      picked: z.number().int(),
      quantity: z.number().int(),
    }),
    pick_list: PickList,
  })
  .openapi('PickAnswer');

export const PackBody = z
  .object({
    scans: z
      .array(z.object({ code: z.string().trim().min(1).max(64), quantity: Quantity.default(1) }))
      .min(1)
      .max(500),
    packages: z.array(Package).min(1).max(50),
  })
  .openapi('PackRequest');

export const TrackingBody = z
  .object({
    carrier: z.string().trim().min(1).max(40),
    service: z.string().max(60).optional(),
    tracking_code: z.string().trim().min(4).max(64),
  })
  .openapi('TrackingRequest');

export const ShortBody = z
  .object({
    op_id: OpId,
    code: z.string().trim().min(1).max(64),
    missing: Quantity.describe('units not on the shelf'),
  })
  .openapi('ShortPickRequest');

export const ShortAnswer = z
  .object({ replayed: z.boolean(), backorders_allocated: z.number().int(), pick_list: PickList })
  .openapi('ShortPickAnswer');

export const CollectBody = z
  .object({
    code: z.string().trim().min(6).max(20).describe("the customer's pickup code (scanned from their QR)"),
  })
  .openapi('CollectPickupRequest');
