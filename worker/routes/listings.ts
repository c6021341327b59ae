import { OpenAPIHono, z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { database } from '../../db/client';
import { listings } from '../../db/schema';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { route } from '../http/route';
import { Code, errorResponse, jsonBody, jsonResponse } from '../schemas/common';
import { linkListing } from '../services/link-listing';

const LinkBody = z
  .object({
    channel: Code,
    channel_sku: z.string().trim().min(1).max(128),
    sku: Code,
    external: z
      .record(z.string().max(40), z.string().max(200))
      .optional()
      .describe("the channel's ids for stock pushes, e.g. Shopify inventory_item_id and location_id"),
  })
  .openapi('LinkListingRequest');

const Listing = z
  .object({ channel: z.string(), channel_sku: z.string(), sku: z.string() })
  .openapi('Listing');

export const listingRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('catalog:write', {
      method: 'post',
      path: '/listings',
      tags: ['catalog'],
      summary: "Links a channel's SKU to ours and releases the orders held for it",
      request: { body: jsonBody(LinkBody) },
      responses: {
        200: jsonResponse(
          Listing.extend({ released_orders: z.number().int(), units_allocated: z.number().int() }),
          'Linked',
        ),
        422: errorResponse('No such SKU'),
      },
    }),
    async (c) =>
      c.json(await linkListing(c.env, database(c.env), c.req.valid('json'), principalOf(c).actor), 200),
  )
  .openapi(
    route('catalog:read', {
      method: 'get',
      path: '/listings',
      tags: ['catalog'],
      summary: "A channel's SKU links",
      request: { query: z.object({ channel: Code }) },
      responses: { 200: jsonResponse(z.object({ data: z.array(Listing) }), 'The links') },
    }),
    async (c) => {
      const rows = await database(c.env)
        .select()
        .from(listings)
        .where(eq(listings.channel, c.req.valid('query').channel))
        .orderBy(asc(listings.channelSku));
      return c.json(
        { data: rows.map((r) => ({ channel: r.channel, channel_sku: r.channelSku, sku: r.sku })) },
        200,
      );
    },
  );
