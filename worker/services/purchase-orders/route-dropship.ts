import type { Statement } from '../../../db/batch';
import type { Database } from '../../../db/client';
import type { ReserveResult } from '../../../durable-objects/inventory-types';
import { newId } from '../../domain/ids';
import { assignDropship } from '../../domain/purchase-orders/dropship';
import type { CreateOrderInput } from '../../schemas/orders';
import type { OrderPlan } from '../plan-order';
import { dropshipSuppliers } from './suppliers';
import { poInserts } from './write-po';

export interface DropshipRouting {
  /** The DOs' answers with the dropshipped units moved from backordered to a hold at the supplier. */
  reserved: { sku: string; result: ReserveResult }[];
  /** The POs, their emails and audit entries: for the batch that stores the order. */
  statements: Statement[];
  /** A sentence for the routing explanation, or null when nothing was dropshipped. */
  note: string | null;
  /** Dropshipped units per order line id. */
  units: Map<string, number>;
}

/**
 * Sends what our locations could not reserve to a dropship supplier that carries the SKU: one PO per
 * supplier, sent at once (its email goes to the outbox in the order's batch). The supplier's units are not
 * ours, so the DO knows nothing of them: the line gets an allocation at the supplier location (hold id
 * `<line id>@<supplier>`, which the DO treats as unknown on confirm or release) and with it a shipment that
 * the supplier's tracking completes. Pickup orders are served by their store alone and never dropshipped.
 */
export async function routeToDropship(
  db: Database,
  c: { orderId: string; input: CreateOrderInput; plan: OrderPlan; actor: string },
  reserved: { sku: string; result: ReserveResult }[],
): Promise<DropshipRouting> {
  const none = { reserved, statements: [], note: null, units: new Map<string, number>() };
  if (c.input.fulfillment?.method === 'pickup') return none;
  const short = reserved.flatMap(({ sku, result }) =>
    result.lines
      .filter((l) => l.backordered > 0)
      .map((l) => ({ key: l.key, sku, backordered: l.backordered })),
  );
  if (short.length === 0) return none;
  const suppliers = await dropshipSuppliers(db);
  const takes = assignDropship(short, suppliers);
  if (takes.size === 0) return none;
  const byKey = new Map([...takes].flatMap(([supplier, ts]) => ts.map((t) => [t.key, { supplier, t }])));
  const adjusted = reserved.map(({ sku, result }) => ({
    sku,
    result: {
      ...result,
      lines: result.lines.map((l) => {
        const d = byKey.get(l.key);
        if (!d) return l;
        const hold = { id: `${l.key}@${d.supplier}`, location: d.supplier, quantity: d.t.quantity };
        return { ...l, holds: [...l.holds, hold], backordered: l.backordered - d.t.quantity };
      }),
    },
  }));
  const names = new Map(c.plan.lines.map((l) => [l.id, l.name]));
  const at = new Date().toISOString();
  const statements = [...takes].flatMap(([code, ts]) => {
    const supplier = suppliers.find((s) => s.code === code)!;
    return poInserts(db, {
      id: newId('po'),
      kind: 'dropship',
      supplier: code,
      location: null,
      orderId: c.orderId,
      currency: c.input.currency,
      lines: ts.map((t) => ({ sku: t.sku, quantity: t.quantity, orderLineId: t.key })),
      actor: c.actor,
      at,
      send: {
        recipient: supplier.email,
        message: {
          kind: 'dropship',
          supplierName: supplier.name,
          orderReference: c.input.external_id,
          shipTo: c.input.ship_to,
          currency: c.input.currency,
          lines: ts.map((t) => ({ sku: t.sku, name: names.get(t.key), quantity: t.quantity })),
        },
      },
    });
  });
  const units = [...takes.values()].flat().reduce((s, t) => s + t.quantity, 0);
  const who = [...takes.keys()].map((code) => suppliers.find((s) => s.code === code)!.name).join(', ');
  const note = `${units} unit${units === 1 ? '' : 's'} drop-shipped by ${who} (purchase order sent)`;
  const perLine = new Map([...byKey].map(([key, d]) => [key, d.t.quantity]));
  return { reserved: adjusted, statements, note, units: perLine };
}
