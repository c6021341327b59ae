import { z } from '@hono/zod-openapi';
import { EdiConfig } from './edi';

export const CHANNEL_TYPES = [
  'shopify',
  'amazon',
  'ebay',
  'etsy',
  'woocommerce',
  'bigcommerce',
  'walmart',
  'sandbox',
  'edi',
] as const;

const Url = z.string().url().max(300);

/** Per channel type: which config fields exist, and which of them are secrets (never echoed back). */
export const CHANNEL_CONFIGS = {
  shopify: {
    schema: z.object({
      shop_domain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'like my-shop.myshopify.com'),
      webhook_secret: z.string().min(8).max(200),
      access_token: z.string().min(8).max(200),
      api_version: z
        .string()
        .regex(/^\d{4}-\d{2}$/)
        .default('2026-07'),
      api_base_url: Url.optional(),
    }),
    secrets: ['webhook_secret', 'access_token'],
  },
  amazon: {
    schema: z.object({
      seller_id: z.string().min(1).max(40),
      marketplace_ids: z.array(z.string().min(1).max(20)).min(1),
      refresh_token: z.string().min(8).max(2000),
      client_id: z.string().min(1).max(200),
      client_secret: z.string().min(8).max(200),
      region: z.enum(['na', 'eu', 'fe']).default('na'),
      api_base_url: Url.optional(),
      /** Login with Amazon's token endpoint (default https://api.amazon.com). */
      auth_base_url: Url.optional(),
      /** Where the first order poll starts (orders changed since); later polls follow the stored cursor. */
      orders_since: z.string().datetime({ offset: true }).optional(),
    }),
    secrets: ['refresh_token', 'client_secret'],
  },
  woocommerce: {
    schema: z.object({
      // the consumer secret travels as Basic auth: never over plain HTTP
      store_url: Url.refine((u) => u.startsWith('https://'), 'must be https'),
      consumer_key: z.string().regex(/^ck_[0-9a-f]{8,64}$/, 'like ck_…'),
      consumer_secret: z.string().regex(/^cs_[0-9a-f]{8,64}$/, 'like cs_…'),
      webhook_secret: z.string().min(8).max(200),
      /** Still accepted while a rotated secret reaches every delivery. */
      previous_webhook_secret: z.string().min(8).max(200).optional(),
      api_base_url: Url.optional(),
    }),
    secrets: ['consumer_secret', 'webhook_secret', 'previous_webhook_secret'],
  },
  bigcommerce: {
    schema: z.object({
      store_hash: z.string().regex(/^[a-z0-9]{5,20}$/),
      access_token: z.string().min(8).max(200),
      /** Sent by BigCommerce in our own header on every delivery (its webhooks are not signed). */
      webhook_secret: z.string().min(16).max(200),
      /** Still accepted while hooks are re-registered with a rotated secret. */
      previous_webhook_secret: z.string().min(16).max(200).optional(),
      api_base_url: Url.optional(),
    }),
    secrets: ['access_token', 'webhook_secret', 'previous_webhook_secret'],
  },
  ebay: {
    schema: z.object({
      marketplace_id: z
        .string()
        .regex(/^EBAY_[A-Z_]{2,10}$/)
        .default('EBAY_US'),
      client_id: z.string().min(1).max(200),
      client_secret: z.string().min(8).max(200),
      refresh_token: z.string().min(8).max(4000),
      /** The Notification API's verification token (32 to 80 characters) for the challenge. */
      verification_token: z.string().regex(/^[A-Za-z0-9_-]{32,80}$/),
      api_base_url: Url.optional(),
      /** Where the first order poll starts (orders changed since); later polls follow the stored cursor. */
      orders_since: z.string().datetime({ offset: true }).optional(),
    }),
    secrets: ['client_secret', 'refresh_token', 'verification_token'],
  },
  etsy: {
    schema: z.object({
      shop_id: z.string().regex(/^\d{1,20}$/),
      keystring: z.string().min(8).max(200),
      access_token: z.string().min(8).max(2000),
      refresh_token: z.string().min(8).max(2000),
      /** When the access token expires, if known: it is refreshed a minute before (else on Etsy's first 401). */
      access_token_expires_at: z.string().datetime({ offset: true }).optional(),
      api_base_url: Url.optional(),
    }),
    secrets: ['access_token', 'refresh_token'],
  },
  walmart: {
    schema: z.object({
      client_id: z.string().min(1).max(200),
      client_secret: z.string().min(8).max(400),
      api_base_url: Url.optional(),
      /** Where the first order poll starts (orders changed since); later polls follow the stored cursor. */
      orders_since: z.string().datetime({ offset: true }).optional(),
    }),
    secrets: ['client_secret'],
  },
  sandbox: {
    schema: z.object({
      /** Our SKUs the dummy orders use; empty = the first 50 active SKUs of the catalog. */
      skus: z.array(z.string().min(1).max(64)).max(200).default([]),
      /** Dummy orders arriving on their own, per hour, from the cron (0 = only on demand). */
      orders_per_hour: z.number().int().min(0).max(600).default(0),
      cancelled_share: z.number().min(0).max(1).default(0),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/)
        .default('USD'),
    }),
    secrets: [] as string[],
  },
  // A B2B trading partner (X12): its documents come to /edi/{id}/inbound and go to outbound_url.
  edi: { schema: EdiConfig, secrets: ['inbound_token', 'outbound_token'] },
} as const;

const Units = z.number().int().min(0).max(1_000_000);

export const StockRules = z
  .object({
    percent: z
      .number()
      .int()
      .min(0)
      .max(100)
      .optional()
      .describe('list only this share of what is available'),
    max_listed: Units.optional().describe('never list more than this'),
    end_when_below: Units.optional().describe('list zero when fewer than this would be listed'),
  })
  .strict()
  .openapi('StockRules');

const RateLimitOverride = z.object({
  capacity: z.number().positive().max(1_000_000),
  refill_per_second: z.number().positive().max(100_000),
});

export const RateLimitOverrides = z
  .record(z.string().regex(/^[a-z]+\.[A-Za-z]+$/), RateLimitOverride)
  .describe("the account's own limits where its plan differs from the published default, by operation");

export const CreateChannelBody = z
  .object({
    type: z.enum(CHANNEL_TYPES),
    name: z.string().trim().min(1).max(100),
    config: z.record(z.string(), z.unknown()).default({}),
    stock_buffer: z.number().int().min(0).max(100_000).default(0),
    stock_rules: StockRules.default({}),
    rate_limits: RateLimitOverrides.optional(),
  })
  .openapi('CreateChannelRequest');

export const UpdateChannelBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    status: z.enum(['active', 'paused']).optional(),
    stock_buffer: z.number().int().min(0).max(100_000).optional(),
    stock_rules: StockRules.optional(),
    rate_limits: RateLimitOverrides.optional(),
  })
  .strict()
  .openapi('UpdateChannelRequest');

export const ChannelHealth = z
  .object({
    status: z
      .enum(['healthy', 'syncing', 'degraded', 'failing', 'paused'])
      .describe(
        'failing: the channel refuses our pushes (open sync failures); degraded: other open exceptions (e.g. a stock conflict); syncing: quantities waiting to be pushed',
      ),
    pending_pushes: z
      .number()
      .int()
      .describe('listings whose published quantity differs from what they should show'),
    open_exceptions: z.number().int(),
  })
  .openapi('ChannelHealth');

export const Channel = z
  .object({
    id: z.string(),
    type: z.enum(CHANNEL_TYPES),
    name: z.string(),
    status: z.enum(['active', 'paused', 'error']),
    stock_buffer: z.number().int(),
    stock_rules: StockRules,
    rate_limits: RateLimitOverrides.nullable(),
    config: z.record(z.string(), z.unknown()).describe('secrets are shown as "********"'),
    webhook_url: z.string().nullable(),
    last_order_at: z.string().nullable(),
    last_synced_at: z.string().nullable(),
    last_error: z.string().nullable(),
    health: ChannelHealth,
    created_at: z.string(),
  })
  .openapi('Channel');

export const ChannelWebhookParams = z.object({
  type: z.enum(['woocommerce', 'bigcommerce', 'ebay']).openapi({ param: { name: 'type', in: 'path' } }),
  id: z
    .string()
    .regex(/^chn_[0-9A-Z]{26}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const ChannelIdParam = z.object({
  id: z
    .string()
    .regex(/^chn_[0-9A-Z]{26}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const ReconcileReport = z
  .object({
    channel: z.string(),
    checked: z.number().int(),
    drifted: z.array(
      z.object({
        channel_sku: z.string(),
        sku: z.string(),
        expected: z.number().int().nullable().describe('what we last pushed'),
        found: z.number().int().describe('what the channel showed'),
      }),
    ),
    missing: z.array(z.string()).describe('channel SKUs the channel does not stock at the mapped location'),
  })
  .openapi('ReconcileReport');

export const SandboxOrdersBody = z
  .object({
    count: z.number().int().min(1).max(100),
    seed: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,60}$/)
      .optional()
      .describe('the same seed makes the same orders (captured once); random when absent'),
  })
  .strict()
  .openapi('SandboxOrdersRequest');

export const SandboxRun = z
  .object({
    seed: z.string(),
    orders: z.array(
      z.object({
        id: z.string(),
        external_id: z.string(),
        status: z.string(),
        outcome: z.enum(['created', 'updated', 'cancelled', 'stale']),
      }),
    ),
  })
  .openapi('SandboxRun');

export const WebhookRegistration = z
  .object({
    destination: z.string().describe('where the channel now delivers: our webhook URL for this channel'),
    hooks: z.array(
      z.object({
        scope: z.string(),
        id: z.number().int().describe("the channel's id for the hook"),
        action: z
          .enum(['created', 'updated', 'unchanged'])
          .describe('updated: it pointed here but was inactive or carried an old secret'),
      }),
    ),
  })
  .openapi('WebhookRegistration');
