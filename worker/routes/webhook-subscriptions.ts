import { OpenAPIHono, z } from '@hono/zod-openapi';
import { database } from '../../db/client';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { route } from '../http/route';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import {
  CreatedSubscription,
  CreateSubscriptionBody,
  Delivery,
  DeliveryQuery,
  IdParam,
  SIGNATURE_DESCRIPTION,
  Subscription,
} from '../schemas/webhook-subscriptions';
import { deliveryLog, redeliver } from '../services/outbound-webhooks/delivery-log';
import {
  createSubscription,
  deleteSubscription,
  listSubscriptions,
} from '../services/outbound-webhooks/subscriptions';

const tags = ['webhooks'];
const notFound = { 404: errorResponse('No such subscription or delivery') };

export const webhookSubscriptionRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('data:export', {
      method: 'post',
      path: '/webhook-subscriptions',
      tags,
      summary: 'Subscribes a URL to events; the answer shows the signing secret once',
      description: SIGNATURE_DESCRIPTION,
      request: { body: jsonBody(CreateSubscriptionBody) },
      responses: { 201: jsonResponse(CreatedSubscription, 'Subscribed') },
    }),
    async (c) =>
      c.json(
        await createSubscription(c.env, database(c.env), c.req.valid('json'), principalOf(c).actor),
        201,
      ),
  )
  .openapi(
    route('data:export', {
      method: 'get',
      path: '/webhook-subscriptions',
      tags,
      summary: 'Every webhook subscription (secrets are never shown again)',
      responses: { 200: jsonResponse(z.object({ data: z.array(Subscription) }), 'Subscriptions') },
    }),
    async (c) => c.json(await listSubscriptions(database(c.env)), 200),
  )
  .openapi(
    route('data:export', {
      method: 'delete',
      path: '/webhook-subscriptions/{id}',
      tags,
      summary: 'Removes a subscription; nothing more is sent to it',
      request: { params: IdParam },
      responses: { 204: { description: 'Removed' }, ...notFound },
    }),
    async (c) => {
      await deleteSubscription(database(c.env), c.req.valid('param').id, principalOf(c).actor);
      return c.body(null, 204);
    },
  )
  .openapi(
    route('data:export', {
      method: 'get',
      path: '/webhook-subscriptions/{id}/deliveries',
      tags,
      summary: "A subscription's deliveries, newest first: status, attempts, last answer",
      request: { params: IdParam, query: DeliveryQuery },
      responses: {
        200: jsonResponse(
          z.object({ data: z.array(Delivery), next_cursor: z.string().nullable() }),
          'A page of deliveries',
        ),
        ...notFound,
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      return c.json(await deliveryLog(database(c.env), c.req.valid('param').id, limit, cursor), 200);
    },
  )
  .openapi(
    route('data:export', {
      method: 'post',
      path: '/webhook-deliveries/{id}/redeliver',
      tags,
      summary: 'Sends a delivery again, as it was first built (one attempt, recorded in the log)',
      request: { params: IdParam },
      responses: { 202: jsonResponse(Delivery, 'Queued'), ...notFound },
    }),
    async (c) =>
      c.json(await redeliver(c.env, database(c.env), c.req.valid('param').id, principalOf(c).actor), 202),
  );
