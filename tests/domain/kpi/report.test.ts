import { describe, expect, it } from 'vitest';
import { kpiReport } from '../../../worker/domain/kpi/report';
import { facts, order, shippedShipment } from './facts';

describe('kpiReport', () => {
  it('refuses an unknown time zone as a value', () => {
    expect(kpiReport(facts(), { timeZone: 'Europe/Atlantis', asOf: '2025-04-01T00:00:00Z' })).toEqual({
      ok: false,
      code: 'invalid_time_zone',
      timeZone: 'Europe/Atlantis',
    });
  });

  it('answers every KPI with its definition and no buckets for no facts', () => {
    const result = kpiReport(facts(), { timeZone: 'America/New_York', asOf: '2025-04-01T00:00:00Z' });
    if (!result.ok) throw new Error(result.code);
    const { timeZone, asOf, amazonHealth, ...kpis } = result.report;
    expect([timeZone, asOf]).toEqual(['America/New_York', '2025-04-01T00:00:00.000Z']);
    expect(amazonHealth).toEqual({ lines: [], alerts: [] });
    expect(Object.keys(kpis)).toHaveLength(12);
    for (const kpi of Object.values(kpis)) {
      expect(kpi.buckets).toEqual([]);
      expect(kpi.definition.length).toBeGreaterThan(80);
    }
  });

  it('buckets by the account time zone throughout', () => {
    // placed 21:00 EDT on March 10 = 01:00Z on the 11th; shipped the same evening
    const input = facts({
      orders: [order('o1', { placedAt: '2025-03-11T01:00:00Z', status: 'shipped' })],
      shipments: [
        shippedShipment('s1', 'o1', '2025-03-11T02:00:00Z', { orderPlacedAt: '2025-03-11T01:00:00Z' }),
      ],
    });
    const result = kpiReport(input, { timeZone: 'America/New_York', asOf: '2025-04-01T00:00:00Z' });
    if (!result.ok) throw new Error(result.code);
    const { report } = result;
    const days = [
      report.orderToLabel,
      report.cancellation,
      report.validTracking,
      report.costPerOrder,
      report.profitability,
    ].map((k) => k.buckets.map((b) => b.day));
    expect(days).toEqual([['2025-03-10'], ['2025-03-10'], ['2025-03-10'], ['2025-03-10'], ['2025-03-10']]);
  });
});
