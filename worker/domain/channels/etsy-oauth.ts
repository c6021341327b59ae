/** Etsy OAuth 2.0: the refresh-token grant and when an access token is due for it. */
import { z } from 'zod';
import { parsePayload } from './payload';
import type { ChannelRequest } from './types';

/** Access tokens last an hour; a token this close to expiry is refreshed before it is sent. */
export const ETSY_REFRESH_MARGIN_MS = 60_000;

/**
 * POST /v3/public/oauth/token with grant_type=refresh_token. Etsy rotates the refresh token on every use:
 * the one sent stops working, so the answer's refresh_token must be stored before anyone refreshes again.
 */
export function etsyRefreshRequest(keystring: string, refreshToken: string): ChannelRequest {
  if (!keystring || !refreshToken)
    throw new RangeError('an Etsy refresh needs the keystring and a refresh token');
  return {
    method: 'POST',
    path: '/v3/public/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: keystring,
      refresh_token: refreshToken,
    }).toString(),
  };
}

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1),
});

export interface EtsyTokens {
  access_token: string;
  refresh_token: string;
  /** UTC ISO-8601: when the access token stops working. */
  access_token_expires_at: string;
}

/** The token endpoint's answer as the tokens to store. Throws ChannelPayloadError naming the field. */
export function etsyRefreshedTokens(answer: unknown, nowMs: number): EtsyTokens {
  const t = parsePayload('etsy', TokenAnswer, answer);
  return {
    access_token: t.access_token,
    refresh_token: t.refresh_token,
    access_token_expires_at: new Date(nowMs + t.expires_in * 1000).toISOString(),
  };
}

/** True when the access token expires within the margin. An unknown expiry is not due: a 401 will say so. */
export function etsyTokenDue(expiresAt: string | undefined, nowMs: number): boolean {
  if (!expiresAt) return false;
  const at = Date.parse(expiresAt);
  return Number.isNaN(at) || at - nowMs <= ETSY_REFRESH_MARGIN_MS;
}
