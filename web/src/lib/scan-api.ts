// The calls of the receive, count, lookup and short-pick screens, through api.ts's typed client.
import { call, client, segment } from './api.ts';
import type { MovementRequest, ShortPickRequest } from './api-types.ts';

export const scanApi = {
  sku: (sku: string) => call(() => client.skus[':sku'].$get({ param: { sku: segment(sku) } })),
  /** Applied once per op id (sent as the Idempotency-Key); 409 `below_reserved` refuses a count. */
  move: (sku: string, json: MovementRequest, opId: string) =>
    call(() =>
      client.inventory[':sku'].movements.$post(
        { param: { sku: segment(sku) }, json },
        { headers: { 'idempotency-key': opId } },
      ),
    ),
  /** Applied once per `op_id`; 422 `wrong_item`, 409 `over_short` when refused. */
  shortPick: (pickListId: string, json: ShortPickRequest) =>
    call(() => client['pick-lists'][':id'].short.$post({ param: { id: segment(pickListId) }, json })),
  exceptions: (kind: string) => call(() => client.exceptions.$get({ query: { kind, limit: 50 } })),
};
