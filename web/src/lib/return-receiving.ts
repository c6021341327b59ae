// Calls of the screen that receives a customer's return at a store or warehouse.
import { type Answer, ApiError, call, client, segment } from './api.ts';

type ReturnCall = ReturnType<(typeof client.returns)[':id']['$get']>;
export type ReturnDetail = Answer<Awaited<ReturnCall>>;
export type Disposition = 'restock' | 'quarantine' | 'write_off';

/** The return a label's RMA number names; 404 `return_not_found` when none does. */
export async function findReturn(number: string): Promise<ReturnDetail> {
  const found = await call(() => client.returns.$get({ query: { number: number.trim(), limit: '1' } }));
  const first = found.data[0];
  if (!first) throw new ApiError(404, 'return_not_found', `No return has the number ${number.trim()}`);
  return call(() => client.returns[':id'].$get({ param: { id: segment(first.id) } }));
}

/**
 * Receives scanned units once per `opId`: a retry after a lost answer replays it instead of receiving
 * twice. 409 when the return cannot take them (not approved yet, or more than was returned).
 */
export const receiveReturn = (
  id: string,
  opId: string,
  location: string,
  items: { code: string; quantity: number; disposition: Disposition }[],
) =>
  call(() =>
    client.returns[':id'].receive.$post({
      param: { id: segment(id) },
      json: { op_id: opId, location_id: location, items },
    }),
  );
