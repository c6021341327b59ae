import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { labelPurchases } from '../../db/schema';
import { labelFailure } from '../domain/carriers/failures';
import { nextPurchaseStep, type PurchaseEvent, type PurchaseState } from '../domain/carriers/label-purchase';
import { chooseRate, type RateRule } from '../domain/carriers/rate-shop';
import type { CarrierAdapter, LabelRequest, PurchasedLabel, Result } from '../domain/carriers/types';
import { type CarrierEndpoint, CarrierNoAnswer, callCarrier } from './carrier-http';

// bounds one request's carrier calls; the state machine gives up earlier (MAX_ATTEMPTS) in practice
const MAX_STEPS = 10;

interface Purchase {
  db: Database;
  endpoint: CarrierEndpoint;
  adapter: CarrierAdapter;
  accountId: string;
  shipmentId: string;
  packageNo: number;
  request: LabelRequest;
  rule: RateRule;
}

async function load(db: Database, key: string): Promise<PurchaseState> {
  const row = await db.query.labelPurchases.findFirst({ where: eq(labelPurchases.key, key) });
  return (row?.state as PurchaseState | undefined) ?? { status: 'none' };
}

async function save(p: Purchase, state: PurchaseState) {
  const row = {
    key: p.request.idempotency_key,
    shipmentId: p.shipmentId,
    packageNo: p.packageNo,
    accountId: p.accountId,
    state,
    updatedAt: new Date().toISOString(),
  };
  await p.db.insert(labelPurchases).values(row).onConflictDoUpdate({ target: labelPurchases.key, set: row });
}

/** Creates the carrier shipment (or reuses one), picks the rate by the rule, and buys it. */
async function createAndBuy(p: Purchase, externalId?: string): Promise<PurchaseEvent> {
  const { adapter, endpoint, request } = p;
  let rated: ReturnType<CarrierAdapter['parseRates']>;
  if (externalId) {
    rated = adapter.parseRates(
      await callCarrier(
        endpoint,
        adapter.lookup({ idempotency_key: request.idempotency_key, external_shipment_id: externalId }),
      ),
    );
  } else {
    const spec = adapter.createShipment(request);
    if (!spec.ok) return { type: 'failed', failure: spec.failure };
    rated = adapter.parseRates(await callCarrier(endpoint, spec.value));
  }
  if (!rated.ok) return { type: 'failed', failure: rated.failure, external_shipment_id: externalId };
  const choice = chooseRate(rated.value.rates, p.rule);
  const external_shipment_id = rated.value.external_shipment_id;
  if (!choice.ok) return { type: 'failed', failure: choice.failure, external_shipment_id };
  const ctx = { external_shipment_id, rate: choice.rate, request };
  try {
    const bought = adapter.parseBuy(await callCarrier(endpoint, adapter.buy(ctx)), ctx);
    return bought.ok
      ? { type: 'bought', label: bought.value }
      : { type: 'failed', failure: bought.failure, external_shipment_id };
  } catch (err) {
    if (err instanceof CarrierNoAnswer) return { type: 'timeout', external_shipment_id };
    throw err;
  }
}

async function lookUp(p: Purchase, externalId?: string): Promise<PurchaseEvent> {
  const query = {
    idempotency_key: p.request.idempotency_key,
    external_shipment_id: externalId,
    label_format: p.request.label_format,
  };
  const found = p.adapter.parseLookup(await callCarrier(p.endpoint, p.adapter.lookup(query)), query);
  return found.ok
    ? {
        type: 'lookup_result',
        label: found.value.label,
        external_shipment_id: found.value.external_shipment_id,
      }
    : { type: 'failed', failure: found.failure, external_shipment_id: externalId };
}

/**
 * Buys one package's label at most once: every step's state is stored before the next carrier call, and an
 * unknown outcome (timeout, carrier down, a crash) is looked up at the carrier before anything is bought again.
 */
export async function purchasePackageLabel(p: Purchase): Promise<Result<PurchasedLabel>> {
  let state = await load(p.db, p.request.idempotency_key);
  let step = nextPurchaseStep(state, { type: 'start', at: new Date().toISOString() });
  for (let i = 0; i < MAX_STEPS; i++) {
    state = step.state;
    await save(p, state);
    const action = step.action;
    if (action.type === 'return_existing') {
      if (action.void_duplicate)
        await callCarrier(p.endpoint, p.adapter.voidLabel(action.void_duplicate)).catch(() => undefined);
      return { ok: true, value: action.label };
    }
    if (action.type === 'give_up_with_exception') return { ok: false, failure: action.failure };
    if (action.type === 'none') break;
    let event: PurchaseEvent;
    try {
      event =
        action.type === 'lookup'
          ? await lookUp(p, action.external_shipment_id)
          : await createAndBuy(p, action.external_shipment_id);
    } catch (err) {
      if (!(err instanceof CarrierNoAnswer)) throw err;
      event = { type: 'timeout', external_shipment_id: action.external_shipment_id };
    }
    step = nextPurchaseStep(state, event);
  }
  return {
    ok: false,
    failure: labelFailure('carrier_unavailable', 'The carrier gave no clear answer; try again shortly'),
  };
}
