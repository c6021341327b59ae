import { OpenAPIHono, z } from '@hono/zod-openapi';
import { database } from '../../db/client';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { route } from '../http/route';
import { findOrder, listOrders, orderView } from '../repo/orders';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import { CreateOrderBody, Order, OrderIdParam, OrderQuery, OrderSummary } from '../schemas/orders';
import { cancelOrder } from '../services/cancel-order';
import { captureOrder } from '../services/capture-order';
import { holdOrder, releaseOrder } from '../services/hold-order';

const CancelBody = z.object({ reason: z.string().max(300).optional() }).openapi('CancelOrderRequest');
const HoldBody = z.object({ reason: z.string().trim().min(1).max(300) }).openapi('HoldOrderRequest');

export const orderRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route(
      'orders:write',
      {
        method: 'post',
        path: '/orders',
        tags: ['orders'],
        summary: 'Captures an order: maps SKUs, routes, reserves stock. Once per (channel, external_id)',
        request: { body: jsonBody(CreateOrderBody) },
        responses: {
          201: jsonResponse(Order, 'Captured'),
          200: jsonResponse(Order, 'Already captured: the same order'),
          409: errorResponse('The same order or Idempotency-Key is being processed'),
          422: errorResponse('The Idempotency-Key was used with another body'),
        },
      },
      { idempotent: true },
    ),
    async (c) => {
      const defer = (work: Promise<unknown>) => c.executionCtx.waitUntil(work);
      const input = c.req.valid('json');
      const { created, order } = await captureOrder(
        c.env,
        database(c.env),
        input,
        principalOf(c).actor,
        defer,
      );
      return created ? c.json(order, 201) : c.json(order, 200);
    },
  )
  .openapi(
    route('orders:read', {
      method: 'get',
      path: '/orders',
      tags: ['orders'],
      summary: 'Lists orders, newest first, with filters and a cursor',
      request: { query: OrderQuery },
      responses: {
        200: jsonResponse(
          z.object({ data: z.array(OrderSummary), next_cursor: z.string().nullable() }),
          'A page of orders',
        ),
      },
    }),
    async (c) => c.json(await listOrders(database(c.env), c.req.valid('query')), 200),
  )
  .openapi(
    route('orders:read', {
      method: 'get',
      path: '/orders/{id}',
      tags: ['orders'],
      summary: 'One order with lines, allocations, totals, routing explanation and timeline',
      request: { params: OrderIdParam },
      responses: { 200: jsonResponse(Order, 'The order'), 404: errorResponse('No such order') },
    }),
    async (c) => {
      const db = database(c.env);
      const order = await findOrder(db, c.req.valid('param').id);
      if (!order) throw new ApiError(404, 'order_not_found', 'No such order');
      return c.json(await orderView(db, order), 200);
    },
  )
  .openapi(
    route(
      'orders:cancel',
      {
        method: 'post',
        path: '/orders/{id}/cancel',
        tags: ['orders'],
        summary: 'Cancels an order and releases its stock',
        request: {
          params: OrderIdParam,
          body: { required: false, content: { 'application/json': { schema: CancelBody } } },
        },
        responses: {
          200: jsonResponse(Order, 'Cancelled'),
          404: errorResponse('No such order'),
          409: errorResponse('The order can no longer be cancelled'),
        },
      },
      { idempotent: true },
    ),
    async (c) => {
      const body = c.req.valid('json') ?? {};
      const order = await cancelOrder(
        c.env,
        database(c.env),
        c.req.valid('param').id,
        principalOf(c).actor,
        body.reason,
      );
      return c.json(order, 200);
    },
  )
  .openapi(
    route('orders:write', {
      method: 'post',
      path: '/orders/{id}/hold',
      tags: ['orders'],
      summary: 'Holds an order before work starts: stock stays reserved, pick lists skip it',
      request: { params: OrderIdParam, body: jsonBody(HoldBody) },
      responses: {
        200: jsonResponse(Order, 'On hold'),
        404: errorResponse('No such order'),
        409: errorResponse('Work on the order has started, or it is finished'),
      },
    }),
    async (c) => {
      const db = database(c.env);
      const order = await holdOrder(
        db,
        c.req.valid('param').id,
        principalOf(c).actor,
        c.req.valid('json').reason,
      );
      return c.json(order, 200);
    },
  )
  .openapi(
    route('orders:write', {
      method: 'post',
      path: '/orders/{id}/release',
      tags: ['orders'],
      summary: 'Releases a held order back to work (allocated, or backordered if units still wait)',
      request: { params: OrderIdParam },
      responses: {
        200: jsonResponse(Order, 'Released'),
        404: errorResponse('No such order'),
        409: errorResponse('Not on hold, or it still has unmatched SKUs'),
      },
    }),
    async (c) => {
      const order = await releaseOrder(database(c.env), c.req.valid('param').id, principalOf(c).actor);
      return c.json(order, 200);
    },
  );
