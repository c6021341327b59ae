import { OpenAPIHono, z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import { database } from '../../db/client';
import { channels } from '../../db/schema';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { route } from '../http/route';
import { Channel, ChannelIdParam, CreateChannelBody } from '../schemas/channels';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import { channelView, createChannel } from '../services/channels';

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
      const row = await createChannel(c.env, database(c.env), c.req.valid('json'), principalOf(c).actor);
      return c.json(await channelView(c.env, row, new URL(c.req.url).origin), 201);
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
      const rows = await database(c.env).select().from(channels).orderBy(desc(channels.createdAt));
      const origin = new URL(c.req.url).origin;
      return c.json({ data: await Promise.all(rows.map((r) => channelView(c.env, r, origin))) }, 200);
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
      const row = await database(c.env).query.channels.findFirst({
        where: eq(channels.code, c.req.valid('param').id),
      });
      if (!row) throw new ApiError(404, 'channel_not_found', 'No such channel');
      return c.json(await channelView(c.env, row, new URL(c.req.url).origin), 200);
    },
  );
