import { OpenAPIHono, z } from '@hono/zod-openapi';
import { database } from '../../db/client';
import type { AppEnv } from '../http/context';
import { route } from '../http/route';
import { ChannelIdParam } from '../schemas/channels';
import { errorResponse, jsonResponse } from '../schemas/common';
import { receiveShopifyWebhook } from '../services/receive-webhook';

export const webhookRoutes = new OpenAPIHono<AppEnv>().openapi(
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
);
