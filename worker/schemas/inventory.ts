import { z } from '@hono/zod-openapi';
import { Code, Quantity } from './common';

export const MovementBody = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('receive'),
      location: Code,
      quantity: Quantity,
      reason: z.string().max(300).optional(),
    }),
    z.object({
      type: z.literal('adjust'),
      location: Code,
      quantity: z
        .number()
        .int()
        .min(-1_000_000)
        .max(1_000_000)
        .refine((n) => n !== 0, 'a non-zero change')
        .describe('signed change to on hand'),
      reason: z.string().max(300).optional(),
    }),
    z.object({
      type: z.literal('count'),
      location: Code,
      quantity: z.number().int().min(0).max(1_000_000).describe('the counted on hand'),
      reason: z.string().max(300).optional(),
    }),
    z.object({
      type: z.literal('transfer'),
      location: Code,
      to_location: Code,
      quantity: Quantity,
      reason: z.string().max(300).optional(),
    }),
  ])
  .openapi('StockMovementRequest');

export type MovementInput = z.infer<typeof MovementBody>;

export const LocationStock = z
  .object({
    location: z.string(),
    on_hand: z.number().int(),
    reserved: z.number().int().describe('units held for orders not yet shipped'),
    available: z.number().int().describe('on_hand - reserved'),
    safety_stock: z.number().int(),
    atp: z.number().int().describe('available to promise: available - safety_stock, at least 0'),
  })
  .openapi('LocationStock');

export const Inventory = z
  .object({
    sku: z.string(),
    locations: z.array(LocationStock),
    totals: z.object({
      on_hand: z.number().int(),
      reserved: z.number().int(),
      available: z.number().int(),
      atp: z.number().int(),
    }),
  })
  .openapi('Inventory');

export const MovementResult = Inventory.extend({ backorders_allocated: z.number().int() }).openapi(
  'StockMovementResult',
);

export const Movement = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    type: z.string(),
    location: z.string(),
    on_hand_delta: z.number().int(),
    reserved_delta: z.number().int(),
    actor: z.string(),
    reason: z.string().nullable(),
    reference: z.string().nullable(),
  })
  .openapi('StockMovement');

export const LedgerQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
});

export const SafetyStockBody = z
  .object({ location: Code, quantity: z.number().int().min(0).max(1_000_000) })
  .openapi('SafetyStockRequest');
