/** The plain-text message a supplier gets for a PO. The number is filled in by the batch that assigns it. */

/** Stands for the PO number until the D1 batch that bumps the counter replaces it. */
export const NUMBER_SLOT = '{{po_number}}';

export interface MessageAddress {
  name?: string;
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postal_code?: string;
  country?: string;
  phone?: string;
}

export interface PoMessageInput {
  kind: 'dropship' | 'replenishment';
  supplierName: string;
  /** Dropship: the customer order's reference, as the customer knows it. */
  orderReference?: string;
  shipTo: MessageAddress;
  currency: string;
  lines: { sku: string; name?: string | null; quantity: number; unitCost?: number | null }[];
}

const addressLines = (a: MessageAddress) =>
  [
    a.name,
    a.line1,
    a.line2,
    [a.postal_code, a.city, a.region].filter(Boolean).join(' '),
    a.country,
    a.phone ? `Phone ${a.phone}` : undefined,
  ].filter((s): s is string => Boolean(s?.trim()));

const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;

/** Subject and body of the PO email; both hold NUMBER_SLOT where the PO number goes. */
export function poMessage(m: PoMessageInput): { subject: string; body: string } {
  const subject =
    m.kind === 'dropship'
      ? `${NUMBER_SLOT} for order ${m.orderReference ?? ''}`.trim()
      : `${NUMBER_SLOT}: replenishment`;
  const intro =
    m.kind === 'dropship'
      ? `Please ship these items directly to our customer${m.orderReference ? ` (order ${m.orderReference})` : ''}.`
      : 'Please ship these items to our location below.';
  const lines = m.lines.map((l) => {
    const cost = l.unitCost == null ? '' : ` at ${money(l.unitCost, m.currency)} each`;
    return `- ${l.quantity} x ${l.sku}${l.name ? ` (${l.name})` : ''}${cost}`;
  });
  const body = [
    `Hello ${m.supplierName},`,
    '',
    `Purchase order ${NUMBER_SLOT}. ${intro}`,
    '',
    'Lines:',
    ...lines,
    '',
    'Ship to:',
    ...addressLines(m.shipTo).map((l) => `  ${l}`),
    '',
    `Please confirm ${NUMBER_SLOT} and send the carrier and tracking code once it ships.`,
  ].join('\n');
  return { subject, body };
}
