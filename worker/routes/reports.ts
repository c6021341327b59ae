import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context';
import { route } from '../http/route';
import { errorResponse, jsonResponse } from '../schemas/common';
import { DrillDown, DrillDownQuery, KpiDashboard, KpiIdParam, KpiQuery } from '../schemas/reports';
import { csvRecord, csvResponse } from '../services/exports/csv';
import { kpiDashboard } from '../services/reports/kpi-dashboard';
import { kpiDrillDown } from '../services/reports/kpi-drill-down';

const DRILL_DOWN_COLUMNS = [
  'order_id',
  'channel',
  'external_id',
  'status',
  'currency',
  'total',
  'placed_at',
  'counted_in',
];

export const reportRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    route('reports:read', {
      method: 'get',
      path: '/reports/kpis',
      tags: ['reports'],
      summary:
        'Every KPI for a range of days: definitions, buckets, a 30-day trend and Amazon account health',
      request: { query: KpiQuery },
      responses: { 200: jsonResponse(KpiDashboard, 'The KPIs') },
    }),
    async (c) => {
      const { tz, fresh, ...q } = c.req.valid('query');
      const background = fresh ? undefined : (p: Promise<unknown>) => c.executionCtx.waitUntil(p);
      return c.json(await kpiDashboard(c.env.DB, { ...q, timeZone: tz }, undefined, background), 200);
    },
  )
  .openapi(
    route('reports:read', {
      method: 'get',
      path: '/reports/kpis/{kpi}/orders',
      tags: ['reports'],
      summary: "The orders behind a KPI's number on one day (JSON, or CSV with format=csv)",
      request: { params: KpiIdParam, query: DrillDownQuery },
      responses: {
        200: {
          ...jsonResponse(DrillDown, 'The orders'),
          content: {
            ...jsonResponse(DrillDown, '').content,
            'text/csv': { schema: { type: 'string' } },
          },
        },
        404: errorResponse('No such KPI (`unknown_kpi`)'),
      },
    }),
    async (c) => {
      const { tz, format, ...q } = c.req.valid('query');
      const { kpi } = c.req.valid('param');
      const answer = await kpiDrillDown(c.env.DB, { ...q, kpi, timeZone: tz });
      if (format === 'json') return c.json(answer, 200);
      const rows = answer.orders.map((o) =>
        csvRecord([
          o.id,
          o.channel,
          o.external_id,
          o.status,
          o.currency,
          o.total,
          o.placed_at,
          o.counted_in.join(' '),
        ]),
      );
      return csvResponse(csvRecord(DRILL_DOWN_COLUMNS) + rows.join(''), `${kpi}-${q.day}.csv`);
    },
  );
