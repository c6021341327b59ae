import { OpenAPIHono, z } from '@hono/zod-openapi';
import { database } from '../../db/client';
import type { AppEnv } from '../http/context';
import { errorBody } from '../http/errors';
import { route } from '../http/route';
import { errorResponse, jsonResponse } from '../schemas/common';
import {
  EdiDocument,
  EdiDocumentDetail,
  EdiDocumentIdParam,
  EdiDocumentQuery,
  EdiInboundAnswer,
  EdiInboundParams,
} from '../schemas/edi';
import { documentDetail, listDocuments } from '../services/edi/documents';
import { receiveInterchange } from '../services/edi/receive-interchange';

/**
 * A partner's inbound endpoint. Mounted on the app ahead of the API's own authentication: the partner's
 * `Authorization: Bearer` carries its inbound token, which is not one of our API tokens.
 */
export const ediInboundRoutes = new OpenAPIHono<AppEnv>({
  defaultHook: (result, c) => {
    if (result.success) return;
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return c.json(errorBody('validation_failed', 'The request is not valid', { issues }), 400);
  },
}).openapi(
  route('public', {
    method: 'post',
    path: '/edi/{channel_id}/inbound',
    tags: ['edi'],
    summary: 'Receives one X12 interchange from a trading partner (raw body)',
    description:
      "Authenticated by the partner's inbound token as `Authorization: Bearer`. Answered with the 997/TA1 queued back; a resend of an applied ISA13 is a duplicate.",
    request: { params: EdiInboundParams },
    responses: {
      200: jsonResponse(EdiInboundAnswer, 'Stored and applied, or recognised as a duplicate'),
      401: errorResponse('The token is not the partner’s'),
      404: errorResponse('No such trading partner'),
      409: errorResponse('The same interchange is being applied right now'),
      413: errorResponse('The interchange is too large'),
      422: errorResponse('Stored, and rejected: the details name each fault and the 997 sent'),
    },
  }),
  async (c) =>
    c.json(
      await receiveInterchange(
        c.env,
        database(c.env),
        c.req.valid('param').channel_id,
        c.req.header('authorization'),
        new TextDecoder().decode(await c.req.arrayBuffer()),
      ),
      200,
    ),
);

export const ediRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('channels:read', {
      method: 'get',
      path: '/edi/documents',
      tags: ['edi'],
      summary: 'EDI documents in and out, newest first',
      request: { query: EdiDocumentQuery },
      responses: {
        200: jsonResponse(
          z.object({ data: z.array(EdiDocument), next_cursor: z.string().nullable() }),
          'A page of documents',
        ),
      },
    }),
    async (c) => c.json(await listDocuments(database(c.env), c.req.valid('query')), 200),
  )
  .openapi(
    route('channels:read', {
      method: 'get',
      path: '/edi/documents/{id}',
      tags: ['edi'],
      summary: 'One EDI document: its parsed form and raw X12',
      request: { params: EdiDocumentIdParam },
      responses: {
        200: jsonResponse(EdiDocumentDetail, 'The document'),
        404: errorResponse('No such document'),
      },
    }),
    async (c) => c.json(await documentDetail(c.env, database(c.env), c.req.valid('param').id), 200),
  );
