/** Every KPI over one set of facts, on the account's clock: what a reports screen or export shows. */
import { amazonAccountHealth } from './amazon-health';
import { backorderAge } from './backorder-age';
import { cancellation, preFulfilmentCancel } from './cancellation';
import { kpiContext } from './context';
import { costPerOrder } from './cost-per-order';
import type { KpiFacts, PickLabourRate } from './facts';
import { lateShipment } from './late-shipment';
import { onTimeShip, onTimeShipByLocation } from './on-time-ship';
import { orderToLabel } from './order-to-label';
import { oversell } from './oversell';
import { profitability } from './profitability';
import { returns } from './returns';
import { validTracking } from './valid-tracking';

export interface KpiReportSettings {
  /** IANA zone whose calendar days the buckets are (the account's). */
  timeZone: string;
  /** ISO instant the report is computed for. */
  asOf: string;
  pickLabour?: PickLabourRate;
}

/** All KPIs, or a refusal when the time zone or the report time cannot be read. */
export function kpiReport(facts: KpiFacts, settings: KpiReportSettings) {
  const checked = kpiContext(settings.timeZone, settings.asOf);
  if (!checked.ok) return checked;
  const ctx = checked.context;
  return {
    ok: true as const,
    report: {
      timeZone: ctx.timeZone,
      asOf: new Date(ctx.asOf).toISOString(),
      orderToLabel: orderToLabel(facts, ctx),
      onTimeShip: onTimeShip(facts, ctx),
      onTimeShipByLocation: onTimeShipByLocation(facts, ctx),
      lateShipment: lateShipment(facts, ctx),
      cancellation: cancellation(facts, ctx),
      preFulfilmentCancel: preFulfilmentCancel(facts, ctx),
      validTracking: validTracking(facts, ctx),
      oversell: oversell(facts, ctx),
      backorderAge: backorderAge(facts, ctx),
      returns: returns(facts, ctx),
      costPerOrder: costPerOrder(facts, ctx, settings.pickLabour),
      profitability: profitability(facts, ctx),
      amazonHealth: amazonAccountHealth(facts, ctx),
    },
  };
}
