import { OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq, lt } from 'drizzle-orm';
import { database } from '../../db/client';
import { exceptions } from '../../db/schema';
import type { AppEnv } from '../http/context';
import { route } from '../http/route';
import { listAudit } from '../repo/audit';
import { Cursor, jsonResponse, Limit } from '../schemas/common';

const AuditEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    entity: z.string(),
    entity_id: z.string(),
    data: z.unknown(),
  })
  .openapi('AuditEntry');

const ExceptionItem = z
  .object({
    id: z.string(),
    kind: z.string(),
    status: z.enum(['open', 'resolved']),
    order_id: z.string().nullable(),
    sku: z.string().nullable(),
    channel: z.string().nullable(),
    message: z.string(),
    details: z
      .unknown()
      .nullable()
      .describe("the failure's structured facts (the carrier's answer, amounts that differ...)"),
    created_at: z.string(),
    resolved_at: z.string().nullable(),
  })
  .openapi('Exception');

export const records = new OpenAPIHono<AppEnv>()
  .openapi(
    route('audit:read', {
      method: 'get',
      path: '/audit',
      tags: ['records'],
      summary: 'Who changed what, newest first',
      request: {
        query: z.object({
          entity: z.string().max(40).optional(),
          entity_id: z.string().max(128).optional(),
          limit: Limit,
        }),
      },
      responses: { 200: jsonResponse(z.object({ data: z.array(AuditEntry) }), 'Audit entries') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const rows = await listAudit(database(c.env), q.entity, q.entity_id, q.limit);
      return c.json({ data: rows.map(({ entityId, ...r }) => ({ ...r, entity_id: entityId })) }, 200);
    },
  )
  .openapi(
    route('exceptions:read', {
      method: 'get',
      path: '/exceptions',
      tags: ['records'],
      summary: 'The exception inbox: everything that needs a person',
      request: {
        query: z.object({
          status: z.enum(['open', 'resolved']).default('open'),
          kind: z.string().max(40).optional(),
          cursor: Cursor,
          limit: Limit,
        }),
      },
      responses: {
        200: jsonResponse(
          z.object({ data: z.array(ExceptionItem), next_cursor: z.string().nullable() }),
          'Exceptions',
        ),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const rows = await database(c.env)
        .select()
        .from(exceptions)
        .where(
          and(
            eq(exceptions.status, q.status),
            q.kind ? eq(exceptions.kind, q.kind) : undefined,
            q.cursor ? lt(exceptions.id, q.cursor) : undefined,
          ),
        )
        .orderBy(desc(exceptions.id))
        .limit(q.limit + 1);
      const page = rows.slice(0, q.limit);
      return c.json(
        {
          data: page.map((e) => ({
            id: e.id,
            kind: e.kind,
            status: e.status,
            order_id: e.orderId,
            sku: e.sku,
            channel: e.channel,
            message: e.message,
            details: e.details ?? null,
            created_at: e.createdAt,
            resolved_at: e.resolvedAt,
          })),
          next_cursor: rows.length > q.limit ? page.at(-1)!.id : null,
        },
        200,
      );
    },
  );
