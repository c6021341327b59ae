import { backorderAge } from '../../domain/kpi/backorder-age';
import { cancellation, preFulfilmentCancel } from '../../domain/kpi/cancellation';
import { instant, type KpiContext } from '../../domain/kpi/context';
import { costPerOrder } from '../../domain/kpi/cost-per-order';
import type { KpiDefinition } from '../../domain/kpi/definition';
import type { KpiFacts, PickLabourRate } from '../../domain/kpi/facts';
import { lateShipment } from '../../domain/kpi/late-shipment';
import { onTimeShip, onTimeShipByLocation } from '../../domain/kpi/on-time-ship';
import { orderToLabel } from '../../domain/kpi/order-to-label';
import { oversell } from '../../domain/kpi/oversell';
import { profitability } from '../../domain/kpi/profitability';
import { returns } from '../../domain/kpi/returns';
import { validTracking } from '../../domain/kpi/valid-tracking';

/** A bucket as the KPI functions give it: its key and numbers, with the ids behind them. */
export type AnyBucket = { channel: string; location: string | null; day: string } & Record<string, unknown>;
export type KpiOutcome = KpiDefinition & { buckets: AnyBucket[] };

const SLOT_MS = 15 * 60_000;

/**
 * The context with its calendar-day lookup remembered per 15-minute slot: every zone's offset is a multiple
 * of 15 minutes and changes on such a boundary, so the answer is the same, and Intl is asked a few thousand
 * times instead of once per fact and KPI (which dominated a 10,000-order report).
 */
export function rememberingDays(ctx: KpiContext): KpiContext {
  const days = new Map<number, string>();
  return {
    ...ctx,
    dayOf(iso) {
      const slot = Math.floor(instant(iso) / SLOT_MS);
      let day = days.get(slot);
      if (day === undefined) {
        day = ctx.dayOf(new Date(slot * SLOT_MS).toISOString());
        days.set(slot, day);
      }
      return day;
    },
  };
}

/** Every KPI of worker/domain/kpi/report.ts, on a context the caller made (so it can be a remembering one). */
export function allKpis(facts: KpiFacts, ctx: KpiContext, pickLabour?: PickLabourRate): KpiOutcome[] {
  return [
    orderToLabel(facts, ctx),
    onTimeShip(facts, ctx),
    onTimeShipByLocation(facts, ctx),
    lateShipment(facts, ctx),
    cancellation(facts, ctx),
    preFulfilmentCancel(facts, ctx),
    validTracking(facts, ctx),
    oversell(facts, ctx),
    backorderAge(facts, ctx),
    returns(facts, ctx),
    costPerOrder(facts, ctx, pickLabour),
    profitability(facts, ctx),
  ] as unknown as KpiOutcome[];
}

const NO_FACTS: KpiFacts = { orders: [], shipments: [], backorders: [], returns: [], refunds: [] };

/** Every KPI's id, title and definition, in the order allKpis gives them. */
export const kpiDefinitions = (ctx: KpiContext): KpiDefinition[] =>
  allKpis(NO_FACTS, ctx).map(({ id, title, definition }) => ({ id, title, definition }));
