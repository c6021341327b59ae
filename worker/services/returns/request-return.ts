import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { locations } from '../../../db/schema';
import { ApiError } from '../../http/errors';
import type { CreateReturnInput } from '../../schemas/returns';
import { storeReturn } from './create-return';
import { placeExchangeOrder, resolveExchangeLines } from './exchange-order';
import { buyReturnLabel } from './return-label';
import { returnPolicy } from './return-policy';
import { returnDetail } from './return-view';

/**
 * A return asked for by staff or a seller: checked against what was shipped, approved by the policy or left
 * waiting for a person, with its replacement order placed at once and its label bought once approved.
 */
export async function requestReturn(env: Env, db: Database, input: CreateReturnInput, actor: string) {
  const exchange = input.exchange ? await resolveExchangeLines(db, input.exchange.lines) : undefined;
  if (input.receiving_location) {
    const found = await db.query.locations.findFirst({ where: eq(locations.code, input.receiving_location) });
    if (!found)
      throw new ApiError(422, 'unknown_location', `No location ${input.receiving_location}`, {
        location: input.receiving_location,
      });
  }
  const policy = await returnPolicy(db);
  const { rma, order } = await storeReturn(
    db,
    {
      orderId: input.order_id,
      lines: input.lines.map((l) => ({
        orderLineId: l.order_line_id,
        quantity: l.quantity,
        reason: l.reason,
        note: l.note,
      })),
      source: 'staff',
      label: input.label,
      receivingLocation: input.receiving_location,
      exchangeShip: input.exchange ? (input.exchange.ship ?? policy.exchange_ship) : undefined,
      actor,
    },
    policy,
  );
  if (exchange) await placeExchangeOrder(env, db, rma, order, exchange, actor);
  if (rma.labelRequested && rma.status === 'approved') await buyReturnLabel(env, db, rma, actor);
  return returnDetail(db, rma.id);
}
