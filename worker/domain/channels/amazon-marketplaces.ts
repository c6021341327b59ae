/** Amazon marketplace ids and the currency each one sells in (developer-docs.amazon.com/sp-api/docs/marketplace-ids). */

const MARKETPLACE_CURRENCY: Record<string, string> = {
  A2EUQ1WTGCTBG2: 'CAD',
  ATVPDKIKX0DER: 'USD',
  A1AM78C64UM0Y8: 'MXN',
  A2Q3Y263D00KWC: 'BRL',
  A28R8C7NBKEWEA: 'EUR',
  A1RKKUPIHCS9HS: 'EUR',
  A1F83G8C2ARO7P: 'GBP',
  A13V1IB3VIYZZH: 'EUR',
  AMEN7PMS3EDWL: 'EUR',
  A1805IZSGTT6HS: 'EUR',
  A1PA6795UKMFR9: 'EUR',
  APJ6JRA9NG5V4: 'EUR',
  A2NODRKZP88ZB9: 'SEK',
  AE08WJ6YKNBMC: 'ZAR',
  A1C3SOZRARQ6R3: 'PLN',
  ARBP9OOSHTCHU: 'EGP',
  A33AVAJ2PDY3EV: 'TRY',
  A17E79C6D8DWNP: 'SAR',
  A2VIGQ35RCS4UG: 'AED',
  A21TJRUUN4KGV: 'INR',
  A19VAU5U5O7RUS: 'SGD',
  A39IBJ37TRP1C6: 'AUD',
  A1VC38T7YXB528: 'JPY',
};

/** The marketplace's currency, for orders that carry no money yet (Pending); undefined for unknown ids. */
export function marketplaceCurrency(marketplaceId: string | null | undefined): string | undefined {
  return marketplaceId ? MARKETPLACE_CURRENCY[marketplaceId] : undefined;
}
