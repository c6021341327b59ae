import { OpenAPIHono, z } from '@hono/zod-openapi';
import { database } from '../../db/client';
import type { AppEnv } from '../http/context';
import { route } from '../http/route';
import { CarrierAccountIdParam } from '../schemas/carriers';
import { ChannelIdParam } from '../schemas/channels';
import { errorResponse, jsonResponse } from '../schemas/common';
import { receiveShopifyWebhook, receiveTrackingWebhook } from '../services/receive-webhook';

export const webhookRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('public', {
      method: 'post',
      path: '/webhooks/shopify/{id}',
      tags: ['webhooks'],
      summary:
        "Shopify's webhooks (orders/create, orders/updated, orders/cancelled, refunds/create), signed with HMAC",
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
  );
