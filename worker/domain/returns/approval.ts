/** The return approval policy: which returns are approved at once, and why the others wait for a person. */
import type { ReturnReason } from './return-status';

export interface ReturnPolicy {
  auto_approve: boolean;
  /** Days after delivery (or shipping, when delivery is unknown) in which a return is approved at once. */
  window_days: number;
  /** Largest return value (integer minor units of the order's currency) approved without a person. */
  max_auto_value: number;
  /** When an exchange's replacement ships: once the return is received, or at once. */
  exchange_ship: 'on_receipt' | 'immediately';
}

export const DEFAULT_RETURN_POLICY: ReturnPolicy = {
  auto_approve: true,
  window_days: 30,
  max_auto_value: 20_000,
  exchange_ship: 'on_receipt',
};

export interface ReturnFacts {
  /** When the goods reached (or left for) the customer; null when nothing was shipped. */
  fulfilledAt: string | null;
  now: string;
  lines: { sku: string; quantity: number; unitPrice: number; reason: ReturnReason; finalSale: boolean }[];
}

export type ApprovalDecision = { auto: true; reasons: [] } | { auto: false; reasons: string[] };

const DAY_MS = 86_400_000;

export const returnValue = (lines: ReturnFacts['lines']) =>
  lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);

/** Approves at once when every rule passes; otherwise lists each rule that failed, for the approver. */
export function decideApproval(policy: ReturnPolicy, facts: ReturnFacts): ApprovalDecision {
  const reasons: string[] = [];
  if (!policy.auto_approve) reasons.push('the policy sends every return to a person');
  if (facts.fulfilledAt === null) reasons.push('nothing on the order was shipped');
  else {
    const days = (Date.parse(facts.now) - Date.parse(facts.fulfilledAt)) / DAY_MS;
    if (days > policy.window_days)
      reasons.push(`asked ${Math.floor(days)} days after delivery (window: ${policy.window_days})`);
  }
  const value = returnValue(facts.lines);
  if (value > policy.max_auto_value)
    reasons.push(`worth ${value}, above the ${policy.max_auto_value} approved without a person`);
  for (const l of facts.lines) {
    if (l.finalSale && l.reason === 'changed_mind')
      reasons.push(`${l.sku} is final sale and the reason is changed_mind`);
  }
  return reasons.length === 0 ? { auto: true, reasons: [] } : { auto: false, reasons };
}
