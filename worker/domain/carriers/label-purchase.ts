/**
 * Idempotent label purchase for one package, as a state machine over what we stored. Buying is not
 * idempotent at the carrier, so any answer we did not get (timeout, carrier down, a crash mid-call) is
 * followed by a lookup, never by a blind second purchase.
 */
import { labelFailure } from './failures';
import type { LabelFailure, PurchasedLabel } from './types';

export type PurchaseState =
  | { status: 'none' } // never tried
  | { status: 'requested'; at: string; external_shipment_id?: string; attempts: number } // outcome not known yet
  | { status: 'bought'; label: PurchasedLabel } // final: the one label of this package
  | { status: 'failed'; failure: LabelFailure }; // the carrier said no, or never answered in MAX_ATTEMPTS calls

export type PurchaseEvent =
  | { type: 'start'; at: string }
  | { type: 'timeout'; external_shipment_id?: string }
  | { type: 'lookup_result'; label: PurchasedLabel | null; external_shipment_id?: string }
  | { type: 'bought'; label: PurchasedLabel }
  | { type: 'failed'; failure: LabelFailure; external_shipment_id?: string };

export type PurchaseAction =
  /** Create the carrier shipment and buy; reuse `external_shipment_id` when set (EasyPost refuses to sell it twice). */
  | { type: 'create_and_buy'; external_shipment_id?: string }
  | { type: 'lookup'; external_shipment_id?: string }
  /** Use `label`; `void_duplicate` is a second label the carrier sold anyway, to be voided. */
  | { type: 'return_existing'; label: PurchasedLabel; void_duplicate?: PurchasedLabel }
  | { type: 'give_up_with_exception'; failure: LabelFailure }
  | { type: 'none' };

export interface PurchaseStep {
  state: PurchaseState;
  action: PurchaseAction;
}

/** Carrier calls (buys and lookups) one attempt may make before it becomes an exception. */
export const MAX_ATTEMPTS = 4;

const labelOf = (e: PurchaseEvent) =>
  e.type === 'bought' ? e.label : e.type === 'lookup_result' ? e.label : null;

const adopt = (label: PurchasedLabel): PurchaseStep => ({
  state: { status: 'bought', label },
  action: { type: 'return_existing', label },
});

const giveUp = (failure: LabelFailure): PurchaseStep => ({
  state: { status: 'failed', failure },
  action: { type: 'give_up_with_exception', failure },
});

const silentCarrier = (attempts: number) =>
  labelFailure(
    'carrier_unavailable',
    `The carrier did not answer, and no label was found after ${attempts} attempts.`,
  );

function fromRequested(s: Extract<PurchaseState, { status: 'requested' }>, e: PurchaseEvent): PurchaseStep {
  const found = labelOf(e);
  if (found) return adopt(found);
  if (e.type === 'failed' && e.failure.code !== 'carrier_unavailable') return giveUp(e.failure);
  if (s.attempts >= MAX_ATTEMPTS) return giveUp(e.type === 'failed' ? e.failure : silentCarrier(s.attempts));
  const external_shipment_id =
    ('external_shipment_id' in e && e.external_shipment_id) || s.external_shipment_id;
  const state = { ...s, attempts: s.attempts + 1, ...(external_shipment_id ? { external_shipment_id } : {}) };
  const ref = external_shipment_id ? { external_shipment_id } : {};
  // Only a lookup that saw nothing bought may lead to buying; every other unknown outcome is looked up first.
  if (e.type === 'lookup_result') return { state, action: { type: 'create_and_buy', ...ref } };
  return { state, action: { type: 'lookup', ...ref } };
}

/** The next state and the one action to take, given what we stored and what just happened. */
export function nextPurchaseStep(state: PurchaseState, event: PurchaseEvent): PurchaseStep {
  const found = labelOf(event);
  switch (state.status) {
    case 'bought': {
      const duplicate = found && found.tracking_code !== state.label.tracking_code ? found : undefined;
      return {
        state,
        action: {
          type: 'return_existing',
          label: state.label,
          ...(duplicate ? { void_duplicate: duplicate } : {}),
        },
      };
    }
    case 'requested':
      return fromRequested(state, event);
    case 'none':
      if (found) return adopt(found);
      if (event.type !== 'start') return { state, action: { type: 'none' } };
      return {
        state: { status: 'requested', at: event.at, attempts: 1 },
        action: { type: 'create_and_buy' },
      };
    case 'failed': {
      if (found) return adopt(found);
      if (event.type !== 'start') return { state, action: { type: 'none' } };
      const next: PurchaseState = { status: 'requested', at: event.at, attempts: 1 };
      // After a carrier that never answered we do not know whether it sold a label: look before buying.
      const unsure = state.failure.code === 'carrier_unavailable';
      return { state: next, action: unsure ? { type: 'lookup' } : { type: 'create_and_buy' } };
    }
  }
}
