import { OpenAPIHono, z } from '@hono/zod-openapi';
import { database } from '../../db/client';
import { principalOf } from '../http/auth';
import type { AppEnv } from '../http/context';
import { ApiError } from '../http/errors';
import { route } from '../http/route';
import { errorResponse, jsonResponse } from '../schemas/common';
import {
  IMPORT_DESCRIPTION,
  ImportIdParam,
  ImportJob,
  ImportKindParam,
  ImportList,
} from '../schemas/imports';
import { applyImport } from '../services/imports/apply-import';
import { findImportJob, importJobView, recentImportJobs } from '../services/imports/import-jobs';
import { uploadImport } from '../services/imports/upload-import';

const tags = ['data'];

export const importRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('data:import', {
      method: 'post',
      path: '/imports/{kind}',
      tags,
      summary: 'Uploads a CSV of SKUs, stock counts or orders and checks every row (a dry run)',
      description: IMPORT_DESCRIPTION,
      request: {
        params: ImportKindParam,
        body: {
          required: true,
          content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } },
        },
      },
      responses: {
        201: jsonResponse(ImportJob, 'Checked: validated, or invalid with row errors'),
        200: jsonResponse(ImportJob, 'The same file was uploaded before: its job'),
        413: errorResponse('Larger than 20 MiB'),
        415: errorResponse('Not text/csv'),
        422: errorResponse('Not UTF-8 CSV, or the header does not fit the kind, or no rows'),
      },
    }),
    async (c) => {
      if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('text/csv'))
        throw new ApiError(415, 'unsupported_media_type', 'Send the file as text/csv');
      const { kind } = c.req.valid('param');
      const bytes = await c.req.arrayBuffer();
      const { created, job } = await uploadImport(c.env, database(c.env), kind, bytes, principalOf(c).actor);
      return c.json(importJobView(job), created ? 201 : 200);
    },
  )
  .openapi(
    route('data:import', {
      method: 'post',
      path: '/imports/{id}/apply',
      tags,
      summary: 'Applies a validated import in the background, chunk by chunk; follow it with GET',
      request: { params: ImportIdParam },
      responses: {
        202: jsonResponse(ImportJob, 'Applying'),
        404: errorResponse('No such import'),
        409: errorResponse('The import is not validated (invalid, applying or applied)'),
      },
    }),
    async (c) => {
      const db = database(c.env);
      await applyImport(c.env, db, c.req.valid('param').id, principalOf(c).actor);
      return c.json(importJobView((await findImportJob(db, c.req.valid('param').id))!), 202);
    },
  )
  .openapi(
    route('data:import', {
      method: 'get',
      path: '/imports/{id}',
      tags,
      summary: "An import's status, progress (applied_rows of total_rows), row errors and report",
      request: { params: ImportIdParam },
      responses: { 200: jsonResponse(ImportJob, 'The import'), 404: errorResponse('No such import') },
    }),
    async (c) => {
      const job = await findImportJob(database(c.env), c.req.valid('param').id);
      if (!job) throw new ApiError(404, 'import_not_found', 'No such import');
      return c.json(importJobView(job), 200);
    },
  )
  .openapi(
    route('data:import', {
      method: 'get',
      path: '/imports',
      tags,
      summary: 'The 50 most recent imports, newest first',
      responses: { 200: jsonResponse(ImportList, 'Recent imports') },
    }),
    async (c) => c.json({ data: (await recentImportJobs(database(c.env), 50)).map(importJobView) }, 200),
  );
