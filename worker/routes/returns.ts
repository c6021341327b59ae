import { OpenAPIHono, z } from '@hono/zod-openapi';
import { database } from '../../db/client';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { route } from '../http/route';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import {
  CreateReturnBody,
  DecisionBody,
  ReceiveAnswer,
  ReceiveReturnBody,
  RefundBody,
  RefundIdParams,
  Return,
  ReturnIdParam,
  ReturnPolicyBody,
  ReturnQuery,
  ReturnSummary,
} from '../schemas/returns';
import { approveReturn, cancelReturn, rejectReturn } from '../services/returns/decide-return';
import { receiveReturn } from '../services/returns/receive-return';
import { refundReturn } from '../services/returns/refund-return';
import { requestReturn } from '../services/returns/request-return';
import { retryRefund } from '../services/returns/retry-refund';
import { returnPolicy, saveReturnPolicy } from '../services/returns/return-policy';
import { listReturns, returnDetail } from '../services/returns/return-view';

const notFound = { 404: errorResponse('No such return') };
const conflict = { 409: errorResponse('Not possible in the return’s current state (`illegal_transition`)') };
const optionalNote = { required: false, content: { 'application/json': { schema: DecisionBody } } };

const decision = (path: 'approve' | 'reject' | 'cancel', summary: string) =>
  route(path === 'cancel' ? 'returns:write' : 'returns:approve', {
    method: 'post',
    path: `/returns/{id}/${path}`,
    tags: ['returns'],
    summary,
    request: { params: ReturnIdParam, body: optionalNote },
    responses: { 200: jsonResponse(Return, 'Done'), ...notFound, ...conflict },
  });

export const returnRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route(
      'returns:write',
      {
        method: 'post',
        path: '/returns',
        tags: ['returns'],
        summary:
          'Opens a return (RMA) for shipped units: approved by the policy or left for an owner or manager',
        request: { body: jsonBody(CreateReturnBody) },
        responses: {
          201: jsonResponse(Return, 'Opened'),
          404: errorResponse('No such order'),
          422: errorResponse('More than was shipped and not yet returned (`return_quantity_exceeded`)'),
        },
      },
      { idempotent: true },
    ),
    async (c) =>
      c.json(await requestReturn(c.env, database(c.env), c.req.valid('json'), principalOf(c).actor), 201),
  )
  .openapi(
    route('returns:read', {
      method: 'get',
      path: '/returns',
      tags: ['returns'],
      summary: 'Returns, newest first, by status or order, with a cursor',
      request: { query: ReturnQuery },
      responses: {
        200: jsonResponse(
          z.object({ data: z.array(ReturnSummary), next_cursor: z.string().nullable() }),
          'A page of returns',
        ),
      },
    }),
    async (c) => c.json(await listReturns(database(c.env), c.req.valid('query')), 200),
  )
  .openapi(
    route('returns:read', {
      method: 'get',
      path: '/return-policy',
      tags: ['returns'],
      summary: 'The approval policy: what is approved at once, and when exchanges ship',
      responses: { 200: jsonResponse(ReturnPolicyBody, 'The policy') },
    }),
    async (c) => c.json(await returnPolicy(database(c.env)), 200),
  )
  .openapi(
    route('returns:approve', {
      method: 'put',
      path: '/return-policy',
      tags: ['returns'],
      summary: 'Replaces the approval policy for returns asked for from now on',
      request: { body: jsonBody(ReturnPolicyBody) },
      responses: { 200: jsonResponse(ReturnPolicyBody, 'Saved') },
    }),
    async (c) =>
      c.json(await saveReturnPolicy(database(c.env), c.req.valid('json'), principalOf(c).actor), 200),
  )
  .openapi(
    route('returns:read', {
      method: 'get',
      path: '/returns/{id}',
      tags: ['returns'],
      summary: 'One return with lines and their counters, refunds and timeline',
      request: { params: ReturnIdParam },
      responses: { 200: jsonResponse(Return, 'The return'), ...notFound },
    }),
    async (c) => c.json(await returnDetail(database(c.env), c.req.valid('param').id), 200),
  )
  .openapi(
    decision('approve', 'Approves a waiting return (owner or manager); buys its label if asked'),
    async (c) =>
      c.json(
        await approveReturn(
          c.env,
          database(c.env),
          c.req.valid('param').id,
          c.req.valid('json')?.note,
          principalOf(c).actor,
        ),
        200,
      ),
  )
  .openapi(decision('reject', 'Rejects a waiting return with a note (owner or manager)'), async (c) =>
    c.json(
      await rejectReturn(
        c.env,
        database(c.env),
        c.req.valid('param').id,
        c.req.valid('json')?.note,
        principalOf(c).actor,
      ),
      200,
    ),
  )
  .openapi(decision('cancel', 'Withdraws a return before anything came back'), async (c) =>
    c.json(
      await cancelReturn(
        c.env,
        database(c.env),
        c.req.valid('param').id,
        c.req.valid('json')?.note,
        principalOf(c).actor,
      ),
      200,
    ),
  )
  .openapi(
    route('returns:write', {
      method: 'post',
      path: '/returns/{id}/receive',
      tags: ['returns'],
      summary:
        'Scans returned units in at any location with a disposition each; applied once per op_id; restocked units go on sale',
      request: { params: ReturnIdParam, body: jsonBody(ReceiveReturnBody) },
      responses: {
        200: jsonResponse(ReceiveAnswer, 'Received, or already received'),
        ...notFound,
        ...conflict,
        422: errorResponse('Not on this return, or more than expected (`over_receive`)'),
      },
    }),
    async (c) =>
      c.json(
        await receiveReturn(
          c.env,
          database(c.env),
          c.req.valid('param').id,
          c.req.valid('json'),
          principalOf(c).actor,
        ),
        200,
      ),
  )
  .openapi(
    route(
      'returns:approve',
      {
        method: 'post',
        path: '/returns/{id}/refund',
        tags: ['returns'],
        summary:
          'Records the refund (lines + shipping - restocking fee) and pays it on the channel where its API allows',
        request: { params: ReturnIdParam, body: jsonBody(RefundBody) },
        responses: {
          200: jsonResponse(Return, 'Recorded'),
          ...notFound,
          409: errorResponse('The return cannot be refunded in its state'),
          422: errorResponse('The amount is not valid or exceeds the order'),
        },
      },
      { idempotent: true },
    ),
    async (c) =>
      c.json(
        await refundReturn(
          c.env,
          database(c.env),
          c.req.valid('param').id,
          c.req.valid('json'),
          principalOf(c).actor,
        ),
        200,
      ),
  )
  .openapi(
    route(
      'returns:approve',
      {
        method: 'post',
        path: '/returns/{id}/refunds/{refund_id}/retry',
        tags: ['returns'],
        summary:
          'Pays again on the channel a refund whose push failed (same idempotency key at the channel); a paid one answers as it is',
        request: { params: RefundIdParams },
        responses: {
          200: jsonResponse(Return, 'Paid, or failed again (the refund shows why), or already paid'),
          404: errorResponse('No such return or refund'),
          409: errorResponse('Not a failed push (`refund_not_retryable`), or a retry is under way'),
        },
      },
      { idempotent: true },
    ),
    async (c) => {
      const { id, refund_id } = c.req.valid('param');
      return c.json(await retryRefund(c.env, database(c.env), id, refund_id, principalOf(c).actor), 200);
    },
  );
