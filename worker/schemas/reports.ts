import { z } from '@hono/zod-openapi';
import { Code } from './common';

/** A calendar day in the account's time zone. */
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'not a calendar day',
  );

const MAX_RANGE_DAYS = 366;

const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .default('UTC')
  .describe("IANA time zone whose calendar days the buckets are (the account's), e.g. America/New_York");

export const KpiQuery = z
  .object({
    from: Day,
    to: Day,
    channel: Code.optional().describe('Only orders of this channel (its code)'),
    location: Code.optional().describe('Only orders with a shipment from this location'),
    tz: TimeZone,
    fresh: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true')
      .describe(
        'true: wait for every change to the day under way to be counted. By default, numbers of the day under way ' +
          'computed under 5 s ago are served while they are computed again in the background.',
      ),
  })
  .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) < MAX_RANGE_DAYS * 86_400_000, {
    message: `at most ${MAX_RANGE_DAYS} days`,
    path: ['to'],
  });

export const KpiIdParam = z.object({
  kpi: z
    .string()
    .regex(/^[a-z_]{1,64}$/)
    .openapi({ example: 'late_shipment_rate' }),
});

export const DrillDownQuery = z.object({
  day: Day,
  channel: Code.optional(),
  location: Code.optional(),
  tz: TimeZone,
  format: z.enum(['json', 'csv']).default('json'),
});

const KpiSummary = z.object({
  id: z.string(),
  title: z.string(),
  definition: z.string().describe('Unit, numerator, denominator, time attribution and exclusions'),
  buckets: z.unknown().describe('Per channel, location and day: the numbers (drill-down lists the orders)'),
  trend: z
    .array(z.unknown())
    .describe('One point per day of the 30 days ending with `to`, all channels together'),
});

export const KpiDashboard = z
  .object({
    from: z.string(),
    to: z.string(),
    time_zone: z.string(),
    as_of: z.string(),
    kpis: z.array(KpiSummary),
    amazon: z.object({
      thresholds: z.unknown().describe("Amazon's targets: limit, window and wording per metric"),
      lines: z
        .array(z.unknown())
        .describe('Each Amazon channel and metric over its rolling window ending today'),
      alerts: z.array(z.unknown()).describe('The lines that miss their target (at risk)'),
    }),
  })
  .openapi('KpiDashboard');

export const DrillDown = z
  .object({
    kpi: z.object({ id: z.string(), title: z.string(), definition: z.string() }),
    day: z.string(),
    time_zone: z.string(),
    orders: z.array(
      z.object({
        id: z.string(),
        channel: z.string(),
        external_id: z.string(),
        status: z.string(),
        currency: z.string(),
        total: z.number(),
        placed_at: z.string(),
        counted_in: z.array(z.enum(['numerator', 'denominator', 'listed'])),
      }),
    ),
  })
  .openapi('KpiDrillDown');
