import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { channels } from '../../../db/schema';
import { etsyRefreshedTokens, etsyRefreshRequest, etsyTokenDue } from '../../domain/channels/etsy-oauth';
import { parseRetryAfter } from '../../domain/channels/rate-limits';
import { seal, unseal } from '../../domain/sealed-box';
import { RetryLater } from '../retry-later';
import { type EtsyConfig, EtsyRefused, etsyBase } from './etsy-http';

/** Who is refreshing the channel's tokens, until when: written into the sealed config by compare-and-set. */
interface RefreshLease {
  id: string;
  until: number;
}

type StoredConfig = EtsyConfig & { refresh_lease?: RefreshLease };

/** Longer than the token call may take (15 s timeout), so a lease never lapses under a live refresh. */
const LEASE_MS = 45_000;
/** How long a caller waits for another's refresh before its message is retried later instead. */
const WAIT_MS = 10_000;
const POLL_MS = 150;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The access token of one Etsy channel, refreshed when it is about to expire or Etsy answers 401. Etsy
 * rotates the refresh token on every use, so two refreshes racing would leave one of them holding a dead
 * token: every refresh first takes a lease by compare-and-set on the channel's sealed config (the sealed
 * text changes on every write), and callers that lose wait for the winner's tokens instead of refreshing.
 */
export function etsyTokens(
  env: Env,
  db: Database,
  channelId: string,
  loaded: { sealed: string; config: EtsyConfig },
) {
  const key = env.CREDENTIALS_KEY ?? '';
  let state = loaded;
  const sealConfig = (config: StoredConfig) => seal(config, key, channelId);

  /** Replaces the sealed config only if it is still `expected`; true when it was. */
  async function swap(expected: string, next: string) {
    const changed = await db
      .update(channels)
      .set({ configSealed: next })
      .where(and(eq(channels.code, channelId), eq(channels.configSealed, expected)))
      .returning({ code: channels.code });
    return changed.length === 1;
  }

  async function grant(config: StoredConfig, leased: string): Promise<string> {
    const { refresh_lease: _lease, ...rest } = config;
    let tokens: ReturnType<typeof etsyRefreshedTokens>;
    try {
      tokens = await callTokenEndpoint(config);
    } catch (err) {
      // give the lease back at once: the refresh token was not used up, so the next caller may try again
      await swap(leased, await sealConfig(rest));
      throw err;
    }
    const next: StoredConfig = { ...rest, ...tokens };
    const sealed = await sealConfig(next);
    // Nothing else writes the sealed config while the lease holds; should it have been overwritten anyway,
    // these are still the only tokens Etsy honours now (the old refresh token died with this call).
    if (!(await swap(leased, sealed)))
      await db.update(channels).set({ configSealed: sealed }).where(eq(channels.code, channelId));
    state = { sealed, config: next };
    return next.access_token;
  }

  /** An access token newer than `stale`: one another caller already stored, or one refreshed here. */
  async function refresh(stale: string): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const row = await db
        .select({ sealed: channels.configSealed })
        .from(channels)
        .where(eq(channels.code, channelId))
        .get();
      if (!row?.sealed) throw new Error(`Etsy channel ${channelId} has no credentials any more`);
      const config = await unseal<StoredConfig>(row.sealed, key, channelId);
      state = { sealed: row.sealed, config };
      if (config.access_token !== stale) return config.access_token;
      const lease = config.refresh_lease;
      if (lease && lease.until > Date.now()) {
        if (Date.now() >= deadline)
          throw new RetryLater(Math.max(1, Math.ceil((lease.until - Date.now()) / 1000)));
        await sleep(POLL_MS);
        continue;
      }
      const leased = await sealConfig({
        ...config,
        refresh_lease: { id: crypto.randomUUID(), until: Date.now() + LEASE_MS },
      });
      if (await swap(row.sealed, leased)) return grant(config, leased);
    }
  }

  return {
    /** The token to send now: refreshed first when it expires within a minute. */
    async current(): Promise<string> {
      const { config } = state;
      return etsyTokenDue(config.access_token_expires_at, Date.now())
        ? refresh(config.access_token)
        : config.access_token;
    },
    refresh,
  };
}

/** The refresh-token grant. A 429 or 5xx is RetryLater; a refusal (a revoked or used-up token) is EtsyRefused. */
async function callTokenEndpoint(config: EtsyConfig) {
  const req = etsyRefreshRequest(config.keystring, config.refresh_token);
  const res = await fetch(`${etsyBase(config)}${req.path}`, {
    method: req.method,
    headers: { ...req.headers, accept: 'application/json' },
    body: req.body,
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status === 429 || res.status >= 500) {
    throw new RetryLater(parseRetryAfter(res.headers.get('retry-after'), Date.now()) ?? 5);
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new EtsyRefused(res.status, body);
  return etsyRefreshedTokens(body, Date.now());
}
