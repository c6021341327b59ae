import { z } from '@hono/zod-openapi';

export const CarrierAccountConfig = z.object({
  api_key: z.string().min(8).max(200),
  api_base_url: z.string().url().max(300).optional(),
  timeout_ms: z.number().int().min(500).max(60_000).default(15_000),
  /** Signs the tracking webhooks the provider sends us. */
  webhook_secret: z.string().min(8).max(200).optional(),
});

export const CreateCarrierAccountBody = z
  .object({
    provider: z.enum(['easypost', 'shippo']),
    name: z.string().trim().min(1).max(100),
    config: CarrierAccountConfig,
    is_default: z.boolean().default(false),
  })
  .openapi('CreateCarrierAccountRequest');

export const CarrierAccount = z
  .object({
    id: z.string(),
    provider: z.enum(['easypost', 'shippo']),
    name: z.string(),
    is_default: z.boolean(),
    created_at: z.string(),
  })
  .openapi('CarrierAccount');

export const BuyLabelBody = z
  .object({
    carrier_account: z
      .string()
      .regex(/^car_[0-9A-Z]{26}$/)
      .optional(),
    service: z.object({ carrier: z.string().max(40), service: z.string().max(60) }).optional(),
    promise_days: z
      .number()
      .int()
      .min(0)
      .max(60)
      .optional()
      .describe('cheapest rate that arrives within this many days'),
    label_format: z.enum(['PDF', 'ZPL']).default('PDF'),
  })
  .openapi('BuyLabelRequest');

export const CarrierAccountIdParam = z.object({
  id: z
    .string()
    .regex(/^car_[0-9A-Z]{26}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
