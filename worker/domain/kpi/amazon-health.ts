/** Amazon account health: the three shipping targets as chart lines, and which Amazon channels are at risk. */
import { betweenDays, type Rate, type RateBucket, sumRates } from './buckets';
import { preFulfilmentCancel } from './cancellation';
import { daysEnding, type KpiContext } from './context';
import type { KpiFacts } from './facts';
import { lateShipment } from './late-shipment';
import { validTracking } from './valid-tracking';

export type AmazonMetric = 'late_shipment_rate' | 'pre_fulfilment_cancel_rate' | 'valid_tracking_rate';

export interface AmazonThreshold {
  /** 'below': the rate must stay under the limit; 'above': it must stay over it. */
  target: 'below' | 'above';
  /** The limit as an exact fraction, so a rate of exactly 4% is compared without floating point. */
  limit: { numerator: number; denominator: number };
  /** The limit as a ratio, to draw on a chart. */
  line: number;
  /** Days Amazon rolls the metric over, ending with the report's day. */
  windowDays: number;
  wording: string;
}

// Amazon states each target as a strict inequality ("under 4%", "above 95%"), so a rate exactly at the limit
// misses the target and is at risk.
export const AMAZON_THRESHOLDS: Record<AmazonMetric, AmazonThreshold> = {
  late_shipment_rate: {
    target: 'below',
    limit: { numerator: 4, denominator: 100 },
    line: 0.04,
    windowDays: 10,
    wording: 'Late shipment rate under 4% over 10 days; exactly 4% is at risk.',
  },
  pre_fulfilment_cancel_rate: {
    target: 'below',
    limit: { numerator: 25, denominator: 1000 },
    line: 0.025,
    windowDays: 7,
    wording: 'Pre-fulfilment cancel rate under 2.5% over 7 days; exactly 2.5% is at risk.',
  },
  valid_tracking_rate: {
    target: 'above',
    limit: { numerator: 95, denominator: 100 },
    line: 0.95,
    windowDays: 30,
    wording: 'Valid tracking rate above 95% over 30 days; exactly 95% is at risk.',
  },
};

/** True when the rate misses the metric's target (the limit itself misses it); null when nothing was counted. */
export function atRisk(metric: AmazonMetric, rate: Pick<Rate, 'numerator' | 'denominator'>): boolean | null {
  if (rate.denominator === 0) return null;
  const { target, limit } = AMAZON_THRESHOLDS[metric];
  const scaled = rate.numerator * limit.denominator;
  const bound = limit.numerator * rate.denominator;
  return target === 'below' ? scaled >= bound : scaled <= bound;
}

export interface AmazonHealthLine {
  channel: string;
  metric: AmazonMetric;
  /** The window, YYYY-MM-DD inclusive, in the account's time zone. */
  from: string;
  to: string;
  rate: Rate;
  line: number;
  atRisk: boolean | null;
}

const KPI_OF = {
  late_shipment_rate: lateShipment,
  pre_fulfilment_cancel_rate: preFulfilmentCancel,
  valid_tracking_rate: validTracking,
};

/** A metric's rate for one channel over the days [from, to]. */
export type WindowRate = (channel: string, metric: AmazonMetric, from: string, to: string) => Rate;

/**
 * The three metrics of each Amazon channel over their rolling windows ending with `today`, and the alerts:
 * the lines at risk. `rateOf` adds up the metric's buckets (from facts, or from cached day numbers).
 */
export function amazonHealthLines(
  channels: readonly string[],
  today: string,
  rateOf: WindowRate,
): { lines: AmazonHealthLine[]; alerts: AmazonHealthLine[] } {
  const lines = (Object.keys(AMAZON_THRESHOLDS) as AmazonMetric[]).flatMap((metric) => {
    const { windowDays, line } = AMAZON_THRESHOLDS[metric];
    const from = daysEnding(today, windowDays)[0]!;
    return [...channels].sort().map((channel) => {
      const rate = rateOf(channel, metric, from, today);
      return { channel, metric, from, to: today, rate, line, atRisk: atRisk(metric, rate) };
    });
  });
  return { lines, alerts: lines.filter((l) => l.atRisk === true) };
}

/**
 * Each Amazon channel's three metrics over their rolling windows ending with the report's day, and the
 * alerts: the lines at risk.
 */
export function amazonAccountHealth(
  facts: Pick<KpiFacts, 'orders' | 'shipments'>,
  ctx: KpiContext,
): { lines: AmazonHealthLine[]; alerts: AmazonHealthLine[] } {
  const orders = facts.orders.filter((o) => o.channelType === 'amazon');
  const amazon = { orders, shipments: facts.shipments };
  const buckets = Object.fromEntries(
    (Object.keys(KPI_OF) as AmazonMetric[]).map((m) => [m, KPI_OF[m](amazon, ctx).buckets]),
  ) as Record<AmazonMetric, RateBucket[]>;
  return amazonHealthLines(
    [...new Set(orders.map((o) => o.channel))],
    ctx.dayOf(new Date(ctx.asOf).toISOString()),
    (channel, metric, from, to) =>
      sumRates(betweenDays(buckets[metric], from, to).filter((b) => b.channel === channel)),
  );
}
