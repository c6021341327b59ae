import { describe, expect, it } from 'vitest';
import { labelFailure } from '../../../worker/domain/carriers/failures';
import {
  MAX_ATTEMPTS,
  nextPurchaseStep,
  type PurchaseAction,
  type PurchaseEvent,
  type PurchaseState,
} from '../../../worker/domain/carriers/label-purchase';
import type { PurchasedLabel } from '../../../worker/domain/carriers/types';

const label = (tracking_code = '9434600208303109842228'): PurchasedLabel => ({
  carrier: 'USPS',
  service: 'GroundAdvantage',
  tracking_code,
  label_url: `https://labels.example/${tracking_code}.pdf`,
  label_format: 'PDF',
  amount: 820,
  currency: 'USD',
  external_shipment_id: 'shp_40b6f049f00348b18de3804a26f7fd62',
  external_label_id: 'pl_ee9667b7f7cf4ec480f0c4cf3c53f39c',
});

const AT = '2025-05-12T10:00:00Z';
const NONE: PurchaseState = { status: 'none' };
const REQUESTED: PurchaseState = { status: 'requested', at: AT, attempts: 1 };
const BOUGHT: PurchaseState = { status: 'bought', label: label() };
const ADDRESS = labelFailure('address_invalid', 'Address not found');
const DOWN = labelFailure('carrier_unavailable', 'The carrier did not respond.');

/** Runs events from a state; returns the final state and every action taken. */
function run(state: PurchaseState, events: PurchaseEvent[]) {
  const actions: PurchaseAction[] = [];
  for (const e of events) {
    const step = nextPurchaseStep(state, e);
    state = step.state;
    actions.push(step.action);
  }
  return { state, actions: actions.map((a) => a.type) };
}

describe('nextPurchaseStep', () => {
  it.each<[string, PurchaseState, PurchaseEvent, PurchaseState['status'], PurchaseAction['type']]>([
    ['a first start buys', NONE, { type: 'start', at: AT }, 'requested', 'create_and_buy'],
    ['a stray timeout with nothing requested does nothing', NONE, { type: 'timeout' }, 'none', 'none'],
    [
      'a carrier answer with the label ends the attempt',
      REQUESTED,
      { type: 'bought', label: label() },
      'bought',
      'return_existing',
    ],
    ['a timeout looks up instead of buying again', REQUESTED, { type: 'timeout' }, 'requested', 'lookup'],
    [
      'a second start while requested (a crash, a double click) looks up',
      REQUESTED,
      { type: 'start', at: AT },
      'requested',
      'lookup',
    ],
    [
      'a lookup that finds the label adopts it',
      REQUESTED,
      { type: 'lookup_result', label: label() },
      'bought',
      'return_existing',
    ],
    [
      'a lookup that finds nothing buys',
      REQUESTED,
      { type: 'lookup_result', label: null },
      'requested',
      'create_and_buy',
    ],
    [
      'a carrier that is down is looked up, not given up on',
      REQUESTED,
      { type: 'failed', failure: DOWN },
      'requested',
      'lookup',
    ],
    [
      'a definite failure becomes an exception',
      REQUESTED,
      { type: 'failed', failure: ADDRESS },
      'failed',
      'give_up_with_exception',
    ],
    [
      'a retry after bought returns the label',
      BOUGHT,
      { type: 'start', at: AT },
      'bought',
      'return_existing',
    ],
    ['a late timeout after bought changes nothing', BOUGHT, { type: 'timeout' }, 'bought', 'return_existing'],
    [
      'a retry after a definite failure buys afresh',
      { status: 'failed', failure: ADDRESS },
      { type: 'start', at: AT },
      'requested',
      'create_and_buy',
    ],
    [
      'a retry after the carrier never answered looks first',
      { status: 'failed', failure: DOWN },
      { type: 'start', at: AT },
      'requested',
      'lookup',
    ],
    [
      'a label found after giving up is still adopted',
      { status: 'failed', failure: DOWN },
      { type: 'lookup_result', label: label() },
      'bought',
      'return_existing',
    ],
  ])('%s', (_name, state, event, status, action) => {
    const step = nextPurchaseStep(state, event);
    expect(step.state.status).toBe(status);
    expect(step.action.type).toBe(action);
  });

  it('happy path: start, buy, done', () => {
    expect(
      run(NONE, [
        { type: 'start', at: AT },
        { type: 'bought', label: label() },
      ]),
    ).toEqual({
      state: { status: 'bought', label: label() },
      actions: ['create_and_buy', 'return_existing'],
    });
  });

  it('timeout then lookup finds the label the carrier did sell', () => {
    const events: PurchaseEvent[] = [
      { type: 'start', at: AT },
      { type: 'timeout' },
      { type: 'lookup_result', label: label() },
    ];
    expect(run(NONE, events)).toEqual({
      state: { status: 'bought', label: label() },
      actions: ['create_and_buy', 'lookup', 'return_existing'],
    });
  });

  it('timeout then lookup finds nothing then buys on the shipment it found', () => {
    let step = nextPurchaseStep(REQUESTED, { type: 'timeout', external_shipment_id: 'shp_a9b9' });
    expect(step.action).toEqual({ type: 'lookup', external_shipment_id: 'shp_a9b9' });
    step = nextPurchaseStep(step.state, {
      type: 'lookup_result',
      label: null,
      external_shipment_id: 'shp_a9b9',
    });
    expect(step.action).toEqual({ type: 'create_and_buy', external_shipment_id: 'shp_a9b9' });
    expect(nextPurchaseStep(step.state, { type: 'bought', label: label() }).state).toEqual({
      status: 'bought',
      label: label(),
    });
  });

  it('a retry after bought never buys again', () => {
    const { actions } = run(BOUGHT, [
      { type: 'start', at: AT },
      { type: 'start', at: AT },
      { type: 'timeout' },
    ]);
    expect(actions).toEqual(['return_existing', 'return_existing', 'return_existing']);
  });

  it('a failure becomes an exception carrying the carrier message and the actions', () => {
    expect(nextPurchaseStep(REQUESTED, { type: 'failed', failure: ADDRESS }).action).toEqual({
      type: 'give_up_with_exception',
      failure: {
        code: 'address_invalid',
        message: 'Address not found',
        actions: ['retry', 'enter_tracking'],
      },
    });
  });

  it(`gives up after ${MAX_ATTEMPTS} carrier calls that never answered`, () => {
    const events: PurchaseEvent[] = [
      { type: 'start', at: AT },
      { type: 'timeout' },
      { type: 'timeout' },
      { type: 'timeout' },
      { type: 'timeout' },
    ];
    const { state, actions } = run(NONE, events);
    expect(actions).toEqual(['create_and_buy', 'lookup', 'lookup', 'lookup', 'give_up_with_exception']);
    expect(state).toMatchObject({
      status: 'failed',
      failure: { code: 'carrier_unavailable', actions: ['retry', 'change_service', 'enter_tracking'] },
    });
  });

  it('keeps the first label and asks to void a second one the carrier sold anyway', () => {
    const second = label('9400000000000000000002');
    expect(nextPurchaseStep(BOUGHT, { type: 'bought', label: second }).action).toEqual({
      type: 'return_existing',
      label: label(),
      void_duplicate: second,
    });
  });
});

describe('idempotent purchase against a carrier that sells on a call we never hear back from', () => {
  /** A carrier that records every sale; the first buy succeeds there but our call times out. */
  function flakyCarrier() {
    const sold: PurchasedLabel[] = [];
    let calls = 0;
    return {
      sold,
      buy(): PurchaseEvent {
        calls += 1;
        sold.push(label(`94000000000000000000${sold.length}`));
        return calls === 1 ? { type: 'timeout' } : { type: 'bought', label: sold.at(-1)! };
      },
      lookup: (): PurchaseEvent => ({ type: 'lookup_result', label: sold[0] ?? null }),
    };
  }

  it('ends with exactly one label, the one the carrier sold first', () => {
    const carrier = flakyCarrier();
    let state: PurchaseState = { status: 'none' };
    let event: PurchaseEvent = { type: 'start', at: AT };
    for (let i = 0; i < 10; i++) {
      const step = nextPurchaseStep(state, event);
      state = step.state;
      if (step.action.type === 'create_and_buy') event = carrier.buy();
      else if (step.action.type === 'lookup') event = carrier.lookup();
      else break;
    }
    expect(carrier.sold).toHaveLength(1);
    expect(state).toEqual({ status: 'bought', label: carrier.sold[0] });
    // The shop floor retries the next morning: still one label.
    expect(nextPurchaseStep(state, { type: 'start', at: AT }).action.type).toBe('return_existing');
    expect(carrier.sold).toHaveLength(1);
  });
});
