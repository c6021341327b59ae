/** What every Etsy call shares: the channel's config, the API host, and a refusal retrying cannot fix. */

export interface EtsyConfig {
  shop_id: string;
  keystring: string;
  access_token: string;
  refresh_token: string;
  /** Set when the access token was refreshed here (Etsy's last an hour); unknown for the one first given. */
  access_token_expires_at?: string;
  api_base_url?: string;
}

export const etsyBase = (config: EtsyConfig) =>
  (config.api_base_url ?? 'https://api.etsy.com').replace(/\/$/, '');

/** Etsy answered with an error that retrying will not fix (400, 403, 404). */
export class EtsyRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Etsy answered HTTP ${status}: ${JSON.stringify(body)?.slice(0, 300)}`);
  }
}
