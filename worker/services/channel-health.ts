import { and, eq, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { exceptions, listings } from '../../db/schema';

export interface ChannelHealth {
  status: 'healthy' | 'syncing' | 'degraded' | 'failing' | 'paused';
  pending_pushes: number;
  open_exceptions: number;
}

/** Health of every channel, from what the sync recorded: two grouped reads whatever the channel count. */
export async function channelHealth(db: Database): Promise<(code: string, paused: boolean) => ChannelHealth> {
  const [pending, open] = await Promise.all([
    db
      .select({ channel: listings.channel, n: sql<number>`count(*)` })
      .from(listings)
      .where(
        and(
          isNotNull(listings.desiredQuantity),
          // a listing without the channel's ids is a mapping rule for incoming orders, never pushed
          isNotNull(listings.external),
          or(isNull(listings.pushedQuantity), ne(listings.desiredQuantity, listings.pushedQuantity)),
        ),
      )
      .groupBy(listings.channel),
    db
      .select({
        channel: exceptions.channel,
        n: sql<number>`count(*)`,
        failures: sql<number>`sum(${exceptions.kind} = 'sync_failure')`,
      })
      .from(exceptions)
      .where(and(eq(exceptions.status, 'open'), isNotNull(exceptions.channel)))
      .groupBy(exceptions.channel),
  ]);
  const pendingBy = new Map(pending.map((r) => [r.channel, Number(r.n)]));
  const openBy = new Map(open.map((r) => [r.channel, { n: Number(r.n), failures: Number(r.failures) }]));
  return (code, paused) => {
    const pendingPushes = pendingBy.get(code) ?? 0;
    const exc = openBy.get(code) ?? { n: 0, failures: 0 };
    const status = paused
      ? 'paused'
      : exc.failures > 0
        ? 'failing'
        : exc.n > 0
          ? 'degraded'
          : pendingPushes > 0
            ? 'syncing'
            : 'healthy';
    return { status, pending_pushes: pendingPushes, open_exceptions: exc.n };
  };
}
