// The exception inbox's calls, through api.ts's typed client.
import { type Answer, call, client } from './api.ts';

export type ExceptionItem = Answer<
  Awaited<ReturnType<(typeof client)['exceptions']['$get']>>
>['data'][number];

export const exceptionsApi = {
  open: (cursor?: string) =>
    call(() => client.exceptions.$get({ query: { status: 'open', limit: 100, cursor } })),
  /** Links the channel's SKU to ours; the orders held for it are released (answers how many). */
  link: (channel: string, channelSku: string, sku: string) =>
    call(() => client.listings.$post({ json: { channel, channel_sku: channelSku, sku } })),
};

/** Open exceptions by kind, the kinds with the most first. */
export function byKind(items: ExceptionItem[]): [string, ExceptionItem[]][] {
  const groups = new Map<string, ExceptionItem[]>();
  for (const item of items) groups.set(item.kind, [...(groups.get(item.kind) ?? []), item]);
  return [...groups].sort((a, b) => b[1].length - a[1].length);
}

export const kindLabel = (kind: string) => kind.replaceAll('_', ' ');
