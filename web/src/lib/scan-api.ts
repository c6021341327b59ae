// The calls of the receive, count, lookup and short-pick screens, through api.ts's request helper.
import {
  type ExceptionItem,
  type MovementRequest,
  type MovementResult,
  type ShortPickAnswer,
  type ShortPickRequest,
  type Sku,
  request as send,
} from './api.ts';

const enc = encodeURIComponent;

export const scanApi = {
  sku: (sku: string) => send<Sku>('GET', `/skus/${enc(sku)}`),
  /** Applied once per op id (sent as the Idempotency-Key); 409 `below_reserved` refuses a count. */
  move: (sku: string, body: MovementRequest, opId: string) =>
    send<MovementResult>('POST', `/inventory/${enc(sku)}/movements`, body, { 'idempotency-key': opId }),
  /** Applied once per `op_id`; 422 `wrong_item`, 409 `over_short` when refused. */
  shortPick: (pickListId: string, body: ShortPickRequest) =>
    send<ShortPickAnswer>('POST', `/pick-lists/${enc(pickListId)}/short`, body),
  exceptions: (kind: string) =>
    send<{ data: ExceptionItem[]; next_cursor: string | null }>(
      'GET',
      `/exceptions?kind=${enc(kind)}&limit=50`,
    ),
};
