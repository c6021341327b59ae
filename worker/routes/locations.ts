import { OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { database } from '../../db/client';
import { locations } from '../../db/schema';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { route } from '../http/route';
import { conflictOnUnique } from '../http/unique';
import { auditInsert } from '../repo/audit';
import { activeLocations, locationView } from '../repo/catalog';
import { CodeParam, CreateLocationBody, Location } from '../schemas/catalog';
import { errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import { forgetLocations } from '../services/location-cache';

export const locationRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('locations:write', {
      method: 'post',
      path: '/locations',
      tags: ['locations'],
      summary: 'Adds a warehouse, store, 3PL or dropship supplier',
      request: { body: jsonBody(CreateLocationBody) },
      responses: { 201: jsonResponse(Location, 'Created'), 409: errorResponse('The code is taken') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const db = database(c.env);
      const row = { ...body, priority: body.priority ?? 100 };
      await conflictOnUnique(
        db.batch([
          db.insert(locations).values(row),
          auditInsert(db, {
            actor: principalOf(c).actor,
            action: 'location.create',
            entity: 'location',
            entityId: body.code,
            data: body,
          }),
        ]),
        'location_exists',
        `Location ${body.code} exists already`,
      );
      forgetLocations();
      const created = await db.query.locations.findFirst({ where: eq(locations.code, body.code) });
      return c.json(locationView(created!), 201);
    },
  )
  .openapi(
    route('locations:read', {
      method: 'get',
      path: '/locations',
      tags: ['locations'],
      summary: 'Every active location',
      responses: { 200: jsonResponse(z.object({ data: z.array(Location) }), 'The locations') },
    }),
    async (c) => c.json({ data: (await activeLocations(database(c.env))).map(locationView) }, 200),
  )
  .openapi(
    route('locations:read', {
      method: 'get',
      path: '/locations/{code}',
      tags: ['locations'],
      summary: 'One location',
      request: { params: CodeParam },
      responses: { 200: jsonResponse(Location, 'The location'), 404: errorResponse('No such location') },
    }),
    async (c) => {
      const found = await database(c.env).query.locations.findFirst({
        where: eq(locations.code, c.req.valid('param').code),
      });
      if (!found) throw new ApiError(404, 'location_not_found', 'No such location');
      return c.json(locationView(found), 200);
    },
  );
