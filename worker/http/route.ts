import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { errorResponse } from '../schemas/common';
import { type RoutePermission, requirePermission } from './auth';
import { idempotency } from './idempotency';

const standardErrors = {
  400: errorResponse('The request is malformed or fails validation'),
  401: errorResponse('Nobody is signed in'),
  403: errorResponse('The caller lacks the permission'),
};

/**
 * Declares a route with the one permission it needs (deny by default): the check runs before validation,
 * and the permission is published in the OpenAPI document as `x-permission`.
 */
export function route<const R extends Omit<RouteConfig, 'middleware'>>(
  permission: RoutePermission,
  config: R,
  options: { idempotent?: boolean } = {},
) {
  const middleware = options.idempotent
    ? [requirePermission(permission), idempotency]
    : [requirePermission(permission)];
  return createRoute({
    ...config,
    'x-permission': permission,
    'x-idempotency-key': options.idempotent ?? false,
    middleware,
    responses: { ...standardErrors, ...config.responses },
  });
}
