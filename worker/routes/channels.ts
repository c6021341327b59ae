import { OpenAPIHono, z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import { database } from '../../db/client';
import { channels } from '../../db/schema';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { route } from '../http/route';
import {
  Channel,
  ChannelIdParam,
  CreateChannelBody,
  ReconcileReport,
  SandboxOrdersBody,
  SandboxRun,
  UpdateChannelBody,
  WebhookRegistration,
} from '../schemas/channels';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import { registerBigCommerceHooks } from '../services/channel-adapters/bigcommerce-hooks';
import { channelHealth } from '../services/channel-health';
import { channelView, createChannel, updateChannel } from '../services/channels';
import { reconcileChannelStock } from '../services/reconcile-stock';
import { generateSandboxOrders } from '../services/sandbox-orders';

export const channelRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('channels:manage', {
      method: 'post',
      path: '/channels',
      tags: ['channels'],
      summary: 'Connects a sales channel; credentials are sealed with AES-GCM at rest',
      request: { body: jsonBody(CreateChannelBody) },
      responses: {
        201: jsonResponse(Channel, 'Connected'),
        503: errorResponse('No CREDENTIALS_KEY secret is set'),
      },
    }),
    async (c) => {
      const db = database(c.env);
      const row = await createChannel(c.env, db, c.req.valid('json'), principalOf(c).actor);
      const health = await channelHealth(db);
      return c.json(await channelView(c.env, row, new URL(c.req.url).origin, health(row.code, false)), 201);
    },
  )
  .openapi(
    route('channels:read', {
      method: 'get',
      path: '/channels',
      tags: ['channels'],
      summary: 'Every channel with its sync health',
      responses: { 200: jsonResponse(z.object({ data: z.array(Channel) }), 'The channels') },
    }),
    async (c) => {
      const db = database(c.env);
      const [rows, health] = await Promise.all([
        db.select().from(channels).orderBy(desc(channels.createdAt)),
        channelHealth(db),
      ]);
      const origin = new URL(c.req.url).origin;
      const views = rows.map((r) => channelView(c.env, r, origin, health(r.code, r.status === 'paused')));
      return c.json({ data: await Promise.all(views) }, 200);
    },
  )
  .openapi(
    route('channels:read', {
      method: 'get',
      path: '/channels/{id}',
      tags: ['channels'],
      summary: 'One channel',
      request: { params: ChannelIdParam },
      responses: { 200: jsonResponse(Channel, 'The channel'), 404: errorResponse('No such channel') },
    }),
    async (c) => {
      const db = database(c.env);
      const row = await db.query.channels.findFirst({ where: eq(channels.code, c.req.valid('param').id) });
      if (!row) throw new ApiError(404, 'channel_not_found', 'No such channel');
      const health = await channelHealth(db);
      const origin = new URL(c.req.url).origin;
      return c.json(await channelView(c.env, row, origin, health(row.code, row.status === 'paused')), 200);
    },
  )
  .openapi(
    route('channels:manage', {
      method: 'patch',
      path: '/channels/{id}',
      tags: ['channels'],
      summary: 'Renames, pauses or re-tunes a channel; new stock rules are pushed to it at once',
      request: { params: ChannelIdParam, body: jsonBody(UpdateChannelBody) },
      responses: { 200: jsonResponse(Channel, 'The channel'), 404: errorResponse('No such channel') },
    }),
    async (c) => {
      const db = database(c.env);
      const id = c.req.valid('param').id;
      const row = await updateChannel(c.env, db, id, c.req.valid('json'), principalOf(c).actor);
      const health = await channelHealth(db);
      const origin = new URL(c.req.url).origin;
      return c.json(await channelView(c.env, row, origin, health(row.code, row.status === 'paused')), 200);
    },
  )
  .openapi(
    route('channels:manage', {
      method: 'post',
      path: '/channels/{id}/reconcile',
      tags: ['channels'],
      summary: "Reads the channel's quantities now and repairs drift (the nightly reconcile, on demand)",
      request: { params: ChannelIdParam },
      responses: {
        200: jsonResponse(ReconcileReport, 'What was compared and repaired'),
        404: errorResponse('No such channel'),
        409: errorResponse('The channel is paused, or its quantities cannot be read back'),
        502: errorResponse('The channel refused the read (`channel_read_failed`)'),
        503: errorResponse('The channel is down or throttling us (`channel_unavailable`); retry later'),
      },
    }),
    async (c) => {
      const db = database(c.env);
      const id = c.req.valid('param').id;
      const row = await db.query.channels.findFirst({ where: eq(channels.code, id) });
      if (!row) throw new ApiError(404, 'channel_not_found', 'No such channel');
      const report = await reconcileChannelStock(c.env, db, id, principalOf(c).actor);
      if (!report)
        throw new ApiError(
          409,
          'reconcile_unavailable',
          row.status === 'paused'
            ? 'The channel is paused: resume it first'
            : `Quantities cannot be read back from a ${row.type} channel yet`,
        );
      return c.json(report, 200);
    },
  )
  .openapi(
    route('channels:manage', {
      method: 'post',
      path: '/channels/{id}/sandbox/orders',
      tags: ['channels'],
      summary: 'Makes dummy orders on a sandbox channel, captured like any channel order (to test a setup)',
      request: { params: ChannelIdParam, body: jsonBody(SandboxOrdersBody) },
      responses: {
        201: jsonResponse(SandboxRun, 'The orders captured (or found again, for a repeated seed)'),
        404: errorResponse('No such channel'),
        409: errorResponse('Not a sandbox channel, or the catalog is empty'),
      },
    }),
    async (c) => {
      const run = await generateSandboxOrders(
        c.env,
        database(c.env),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(run, 201);
    },
  )
  .openapi(
    route('channels:manage', {
      method: 'post',
      path: '/channels/{id}/webhooks/register',
      tags: ['channels'],
      summary:
        "Subscribes the channel's store to its order events at our webhook URL (BigCommerce); safe to repeat",
      request: { params: ChannelIdParam },
      responses: {
        200: jsonResponse(
          WebhookRegistration,
          'What each subscription needed: created, updated or unchanged',
        ),
        404: errorResponse('No such channel'),
        409: errorResponse('The channel type registers its webhooks elsewhere, or our URL is not https'),
        502: errorResponse('The channel refused, or answered with something unreadable'),
        503: errorResponse('The channel asked us to retry later'),
      },
    }),
    async (c) => {
      const db = database(c.env);
      const id = c.req.valid('param').id;
      const row = await db.query.channels.findFirst({ where: eq(channels.code, id) });
      if (!row) throw new ApiError(404, 'channel_not_found', 'No such channel');
      if (row.type !== 'bigcommerce')
        throw new ApiError(
          409,
          'webhook_registration_unsupported',
          `A ${row.type} channel's webhooks are not registered through this API`,
        );
      const destination = `${new URL(c.req.url).origin}/api/v1/webhooks/bigcommerce/${id}`;
      return c.json(await registerBigCommerceHooks(c.env, db, id, destination, principalOf(c).actor), 200);
    },
  );
