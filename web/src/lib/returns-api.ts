// The returns screens' calls, through api.ts's typed client.
import type { InferRequestType } from 'hono/client';
import { type Answer, call, client, segment } from './api.ts';

export type ReturnPage = Answer<Awaited<ReturnType<(typeof client)['returns']['$get']>>>;
export type ReturnSummary = ReturnPage['data'][number];
export type ReturnStatus = ReturnSummary['status'];
export type ReturnDetail = Answer<Awaited<ReturnType<(typeof client)['returns'][':id']['$get']>>>;
type ReturnQuery = InferRequestType<(typeof client)['returns']['$get']>['query'];

export const returnsApi = {
  list: (query: Pick<ReturnQuery, 'status' | 'cursor'>) =>
    call(() => client.returns.$get({ query: { ...query, limit: 50 } })),
  get: (id: string) => call(() => client.returns[':id'].$get({ param: { id: segment(id) } })),
  /** 409 `illegal_transition` when someone decided first. */
  approve: (id: string, note?: string) =>
    call(() =>
      client.returns[':id'].approve.$post({ param: { id: segment(id) }, json: note ? { note } : {} }),
    ),
  reject: (id: string, note?: string) =>
    call(() =>
      client.returns[':id'].reject.$post({ param: { id: segment(id) }, json: note ? { note } : {} }),
    ),
};
