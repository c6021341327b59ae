import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { authenticate } from './http/auth';
import type { AppEnv } from './http/context';
import { ApiError, errorBody, handleError, notFound } from './http/errors';
import { auth } from './routes/auth';
import { carrierRoutes } from './routes/carriers';
import { channelRoutes } from './routes/channels';
import { docsPage } from './routes/docs';
import { ediInboundRoutes, ediRoutes } from './routes/edi';
import { exportRoutes } from './routes/exports';
import { fulfillmentRoutes } from './routes/fulfillment';
import { health } from './routes/health';
import { importRoutes } from './routes/imports';
import { inventoryRoutes } from './routes/inventory';
import { listingRoutes } from './routes/listings';
import { locationRoutes } from './routes/locations';
import { orderRoutes } from './routes/orders';
import { passkeyRoutes } from './routes/passkeys';
import { people } from './routes/people';
import { purchaseOrderRoutes } from './routes/purchase-orders';
import { pushRoutes } from './routes/push';
import { records } from './routes/records';
import { reportRoutes } from './routes/reports';
import { returnRoutes } from './routes/returns';
import { skuRoutes } from './routes/skus';
import { webhookSubscriptionRoutes } from './routes/webhook-subscriptions';
import { webhookRoutes } from './routes/webhooks';

const api = new OpenAPIHono<AppEnv>({
  defaultHook: (result, c) => {
    if (result.success) return;
    const issues = result.error.issues.map((i) => ({
      path: i.path.join('.'),
      message: i.message,
      code: i.code,
    }));
    return c.json(errorBody('validation_failed', 'The request is not valid', { issues }), 400);
  },
});

api.use('*', authenticate);

const routes = api
  .route('/', health)
  .route('/', auth)
  .route('/', passkeyRoutes)
  .route('/', pushRoutes)
  .route('/', people)
  .route('/', skuRoutes)
  .route('/', listingRoutes)
  .route('/', locationRoutes)
  .route('/', inventoryRoutes)
  .route('/', orderRoutes)
  .route('/', fulfillmentRoutes)
  .route('/', returnRoutes)
  .route('/', purchaseOrderRoutes)
  .route('/', carrierRoutes)
  .route('/', channelRoutes)
  .route('/', webhookRoutes)
  .route('/', ediRoutes)
  .route('/', records)
  .route('/', reportRoutes)
  .route('/', exportRoutes)
  .route('/', importRoutes)
  .route('/', webhookSubscriptionRoutes);

api.openAPIRegistry.registerComponent('securitySchemes', 'session', {
  type: 'apiKey',
  in: 'cookie',
  name: 'sy_session',
});
api.openAPIRegistry.registerComponent('securitySchemes', 'token', { type: 'http', scheme: 'bearer' });

const OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'Switchyard', version: '1.0.0', description: 'Multichannel order manager API' },
  servers: [{ url: '/api/v1' }],
  security: [{ session: [] as string[] }, { token: [] as string[] }] as Record<string, string[]>[],
};

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export const openApiDocument = () => api.getOpenAPI31Document(OPENAPI);

export type AppType = typeof routes;

export const app = new Hono<AppEnv>();

app.use('*', async (c, next) => {
  c.set('requestId', c.req.header('cf-ray') ?? crypto.randomUUID());
  await next();
});
app.use('/api/*', secureHeaders());
app.use('/api/*', async (c, next) => {
  await next();
  c.header('cache-control', 'no-store');
});
const apiBodyLimit = bodyLimit({
  maxSize: 1024 * 1024,
  onError: () => {
    throw new ApiError(413, 'payload_too_large', 'The body is larger than 1 MiB');
  },
});
// CSV imports carry whole files (10,000 catalog rows are 1-2 MiB).
const importBodyLimit = bodyLimit({
  maxSize: 20 * 1024 * 1024,
  onError: () => {
    throw new ApiError(413, 'payload_too_large', 'The file is larger than 20 MiB');
  },
});
app.use('/api/*', (c, next) =>
  c.req.path.startsWith('/api/v1/imports/') ? importBodyLimit(c, next) : apiBodyLimit(c, next),
);
app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument()));
app.get('/api/docs', (c) => c.html(docsPage(openApiDocument() as Parameters<typeof docsPage>[0])));
// Ahead of the API: a trading partner's bearer token is its own, not one of our API tokens.
app.route('/api/v1', ediInboundRoutes);
app.route('/api/v1', api);
app.notFound(notFound);
app.onError(handleError);
