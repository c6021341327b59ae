import type { PoAcknowledgement, PurchaseOrder } from '../../domain/edi';
import type { OrderView } from '../../repo/orders';

/**
 * The 855 for a captured order, from what was actually allocated: per PO line, the allocated units are
 * accepted (IA), the backordered ones backordered (IB), and a line we could not match to a SKU, or units
 * neither allocated nor backordered, rejected (IR). Order line n is PO line n (capture keeps their order).
 */
export function poAcknowledgement(po: PurchaseOrder, order: OrderView, today: string): PoAcknowledgement {
  const byLineNo = new Map(order.lines.map((l) => [l.line_no, l]));
  return {
    poNumber: po.poNumber,
    poDate: po.poDate,
    acknowledgedOn: today,
    currency: po.currency,
    lines: po.lines.map((line, index) => {
      const captured = byLineNo.get(index + 1);
      const allocated = captured?.matched ? captured.allocations.reduce((n, a) => n + a.quantity, 0) : 0;
      const backordered = captured?.matched ? captured.backordered : 0;
      const rejected = line.quantity - allocated - backordered;
      const part = (status: 'accepted' | 'backordered' | 'rejected', quantity: number) =>
        quantity > 0 ? [{ status, quantity, unit: line.unit, shipDate: null }] : [];
      return {
        lineNumber: line.lineNumber,
        quantityOrdered: line.quantity,
        unit: line.unit,
        unitPrice: line.unitPrice,
        productIds: line.productIds,
        statuses: [
          ...part('accepted', allocated),
          ...part('backordered', backordered),
          ...part('rejected', rejected),
        ],
      };
    }),
  };
}
