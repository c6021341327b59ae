import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './context';

/** An expected refusal, answered with its status and a machine-readable code. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const errorBody = (code: string, message: string, details?: unknown) => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

const HTTP_CODES: Record<number, string> = {
  400: 'malformed_request',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** The one mapping from thrown errors to the error envelope; unknown errors are logged, never leaked. */
export function handleError(err: Error, c: Context<AppEnv>) {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message, err.details), err.status);
  if (err instanceof HTTPException) {
    const code = HTTP_CODES[err.status] ?? `http_${err.status}`;
    return c.json(errorBody(code, err.message || 'The request could not be processed'), err.status);
  }
  const requestId = c.get('requestId');
  console.error(JSON.stringify({ level: 'error', requestId, message: err.message, stack: err.stack }));
  return c.json(
    errorBody('internal_error', 'Something went wrong on our side', { request_id: requestId }),
    500,
  );
}

export const notFound = (c: Context<AppEnv>) => c.json(errorBody('not_found', 'No such API route'), 404);
