import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context';
import { route } from '../http/route';
import { jsonResponse } from '../schemas/common';

export const health = new OpenAPIHono<AppEnv>().openapi(
  route('public', {
    method: 'get',
    path: '/health',
    tags: ['system'],
    summary: 'Liveness check',
    responses: { 200: jsonResponse(z.object({ status: z.literal('ok') }), 'The API is up') },
  }),
  (c) => c.json({ status: 'ok' as const }, 200),
);
