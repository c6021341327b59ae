import { OpenAPIHono, z } from '@hono/zod-openapi';
import { database } from '../../db/client';
import type { AppEnv } from '../http/context';
import { route } from '../http/route';
import { CarrierAccountIdParam } from '../schemas/carriers';
import { ChannelIdParam, ChannelWebhookParams } from '../schemas/channels';
import { errorResponse, jsonResponse } from '../schemas/common';
import {
  receiveChannelWebhook,
  receiveShopifyWebhook,
  receiveTrackingWebhook,
} from '../services/receive-webhook';

export const webhookRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('public', {
      method: 'post',
      path: '/webhooks/shopify/{id}',
      tags: ['webhooks'],
      summary:
        "Shopify's webhooks (orders/create, orders/updated, orders/cancelled, refunds/create, returns/request, returns/approve, returns/decline, returns/cancel, returns/close), signed with HMAC",
      description: 'Authenticated by X-Shopify-Hmac-Sha256 over the raw body, not by a session.',
      request: { params: ChannelIdParam },
      responses: {
        200: jsonResponse(
          z.object({ received: z.literal(true), duplicate: z.boolean() }),
          'Stored (or already stored)',
        ),
        401: errorResponse('The signature does not match'),
        404: errorResponse('No such Shopify channel'),
      },
    }),
    async (c) => {
      const answer = await receiveShopifyWebhook(
        c.env,
        database(c.env),
        c.req.valid('param').id,
        await c.req.arrayBuffer(),
        c.req.raw.headers,
      );
      return c.json(answer, 200);
    },
  )
  .openapi(
    route('public', {
      method: 'post',
      path: '/webhooks/easypost/{id}',
      tags: ['webhooks'],
      summary: "EasyPost's tracker.updated events: move shipments to delivered",
      description: 'Authenticated by X-Hmac-Signature over the raw body with the account webhook secret.',
      request: { params: CarrierAccountIdParam },
      responses: {
        200: jsonResponse(
          z.object({ received: z.literal(true), applied: z.boolean() }),
          'Stored (or already stored)',
        ),
        401: errorResponse('The signature does not match'),
        404: errorResponse('No such carrier account'),
      },
    }),
    async (c) => {
      const applied = await receiveTrackingWebhook(
        c.env,
        database(c.env),
        c.req.valid('param').id,
        await c.req.arrayBuffer(),
        c.req.raw.headers,
      );
      return c.json({ received: true as const, applied }, 200);
    },
  )
  .openapi(
    route('public', {
      method: 'post',
      path: '/webhooks/{type}/{id}',
      tags: ['webhooks'],
      summary:
        'WooCommerce, BigCommerce and eBay deliveries, verified over the raw body before anything is read',
      description:
        'WooCommerce: X-WC-Webhook-Signature (and its ping). BigCommerce: our secret header on a thin event, the order is fetched after. eBay: X-EBAY-SIGNATURE.',
      request: { params: ChannelWebhookParams },
      responses: {
        200: jsonResponse(z.unknown(), 'Stored (or already stored), or the handshake answer'),
        401: errorResponse('The signature does not match'),
        404: errorResponse('No such channel of that type'),
      },
    }),
    async (c) => {
      const { type, id } = c.req.valid('param');
      const answer = await receiveChannelWebhook(
        c.env,
        database(c.env),
        type,
        id,
        await c.req.arrayBuffer(),
        c.req.raw.headers,
        new URL(c.req.url),
      );
      return c.json(answer.body as never, 200);
    },
  )
  .openapi(
    route('public', {
      method: 'get',
      path: '/webhooks/{type}/{id}',
      tags: ['webhooks'],
      summary: "A channel's endpoint check (eBay's challenge_code)",
      request: { params: ChannelWebhookParams },
      responses: {
        200: jsonResponse(z.unknown(), 'The handshake answer'),
        404: errorResponse('No such channel of that type'),
      },
    }),
    async (c) => {
      const { type, id } = c.req.valid('param');
      const answer = await receiveChannelWebhook(
        c.env,
        database(c.env),
        type,
        id,
        new ArrayBuffer(0),
        c.req.raw.headers,
        new URL(c.req.url),
      );
      return c.json(answer.body as never, 200);
    },
  );
