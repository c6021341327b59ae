import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { database } from '../../db/client';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { route } from '../http/route';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import {
  AlertChoices,
  AlertSettings,
  PushDevice,
  PushKey,
  PushSubscriptionBody,
  PushUnsubscribeBody,
} from '../schemas/push';
import {
  alertPreferencesOf,
  listDevices,
  saveAlertPreferences,
  subscribeDevice,
  unsubscribeDevice,
} from '../services/push/push-settings';
import { vapidKeys } from '../services/push/send-push';

const peopleOnly = { 403: errorResponse('Alerts are for people, not API tokens (`user_only`)') };

/** The signed-in person (an API token has no phone to alert). */
function person(c: Context<AppEnv>) {
  const p = principalOf(c);
  if (p.kind !== 'user' || !p.role) throw new ApiError(403, 'user_only', 'Alerts are for signed-in people');
  return { id: p.id, role: p.role };
}

export const pushRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('signed-in', {
      method: 'get',
      path: '/push/key',
      tags: ['push'],
      summary: "The VAPID public key a browser subscribes with (PushManager's applicationServerKey)",
      responses: {
        200: jsonResponse(PushKey, 'The key'),
        503: errorResponse('Push is not set up on this server (`push_not_configured`)'),
      },
    }),
    async (c) => {
      const vapid = vapidKeys(c.env);
      if (!vapid) throw new ApiError(503, 'push_not_configured', 'Push alerts are not set up on this server');
      return c.json({ public_key: vapid.publicKey }, 200);
    },
  )
  .openapi(
    route('signed-in', {
      method: 'get',
      path: '/push/subscriptions',
      tags: ['push'],
      summary: 'Your devices that receive alerts',
      responses: {
        200: jsonResponse(z.object({ data: z.array(PushDevice) }), 'Your devices'),
        ...peopleOnly,
      },
    }),
    async (c) => c.json(await listDevices(database(c.env), person(c).id), 200),
  )
  .openapi(
    route('signed-in', {
      method: 'post',
      path: '/push/subscriptions',
      tags: ['push'],
      summary: "Registers this device's push subscription for your alerts",
      request: { body: jsonBody(PushSubscriptionBody) },
      responses: { 201: jsonResponse(PushDevice, 'Subscribed'), ...peopleOnly },
    }),
    async (c) => c.json(await subscribeDevice(database(c.env), person(c).id, c.req.valid('json')), 201),
  )
  .openapi(
    route('signed-in', {
      method: 'delete',
      path: '/push/subscriptions',
      tags: ['push'],
      summary: 'Stops alerts on this device',
      request: { body: jsonBody(PushUnsubscribeBody) },
      responses: {
        200: jsonResponse(z.object({ removed: z.boolean() }), 'Unsubscribed (or was not)'),
        ...peopleOnly,
      },
    }),
    async (c) =>
      c.json(await unsubscribeDevice(database(c.env), person(c).id, c.req.valid('json').endpoint), 200),
  )
  .openapi(
    route('signed-in', {
      method: 'get',
      path: '/push/preferences',
      tags: ['push'],
      summary: 'Which alerts you get: your choices, else your role’s defaults',
      responses: { 200: jsonResponse(AlertSettings, 'Your alerts'), ...peopleOnly },
    }),
    async (c) => c.json(await alertPreferencesOf(database(c.env), person(c)), 200),
  )
  .openapi(
    route('signed-in', {
      method: 'put',
      path: '/push/preferences',
      tags: ['push'],
      summary: 'Turns alerts on or off; kinds left out keep their setting',
      request: { body: jsonBody(AlertChoices) },
      responses: {
        200: jsonResponse(AlertSettings, 'Saved'),
        403: errorResponse('Your role cannot receive that alert (`alert_not_allowed`), or not a person'),
      },
    }),
    async (c) =>
      c.json(await saveAlertPreferences(database(c.env), person(c), c.req.valid('json').alerts), 200),
  );
