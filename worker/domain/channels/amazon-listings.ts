/** Amazon stock out: patchListingsItem for a few SKUs, a JSON_LISTINGS_FEED document for many. */
import type { ChannelRequest } from './types';

/** Amazon accepts at most this many messages in one JSON_LISTINGS_FEED. */
export const AMAZON_FEED_MAX_MESSAGES = 25_000;

export interface AmazonQuantityOptions {
  /** The listing's product type; "PRODUCT" is accepted for offer-only attributes such as quantity. */
  productType?: string;
  /**
   * "merge" changes only `quantity` and keeps the handling time (lead_time_to_ship_max_days) and restock date;
   * "replace" overwrites the whole attribute, dropping them.
   */
  op?: 'merge' | 'replace';
}

function checkQuantity(sku: string, quantity: number) {
  if (!sku) throw new RangeError('an Amazon stock push needs a SKU');
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new RangeError(`quantity for ${sku} must be a whole number of units, got ${quantity}`);
  }
}

function quantityPatch(quantity: number, op: 'merge' | 'replace') {
  return {
    op,
    path: '/attributes/fulfillment_availability',
    value: [{ fulfillment_channel_code: 'DEFAULT', quantity }],
  };
}

/** The patchListingsItem request that sets a merchant-fulfilled listing's quantity. Amazon queues it ("ACCEPTED"). */
export function amazonPatchListingsQuantity(
  sellerId: string,
  sku: string,
  marketplaceId: string,
  quantity: number,
  options: AmazonQuantityOptions = {},
): ChannelRequest {
  checkQuantity(sku, quantity);
  const path = `/listings/2021-08-01/items/${encodeURIComponent(sellerId)}/${encodeURIComponent(sku)}`;
  return {
    method: 'PATCH',
    path: `${path}?marketplaceIds=${encodeURIComponent(marketplaceId)}`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      productType: options.productType ?? 'PRODUCT',
      patches: [quantityPatch(quantity, options.op ?? 'merge')],
    }),
  };
}

export interface ListingsFeedMessage {
  messageId: number;
  sku: string;
  operationType: 'PATCH';
  productType: string;
  patches: ReturnType<typeof quantityPatch>[];
}

export interface ListingsFeed {
  header: { sellerId: string; version: '2.0' };
  messages: ListingsFeedMessage[];
}

/**
 * A JSON_LISTINGS_FEED document (to upload via createFeedDocument, then createFeed) with one PATCH message
 * per SKU, numbered from 1. Refuses more than 25,000 items: the caller splits batches into several feeds.
 */
export function amazonListingsFeed(
  sellerId: string,
  items: { sku: string; quantity: number; productType?: string }[],
  options: Pick<AmazonQuantityOptions, 'op'> = {},
): ListingsFeed {
  if (items.length === 0 || items.length > AMAZON_FEED_MAX_MESSAGES) {
    throw new RangeError(
      `a listings feed carries 1 to ${AMAZON_FEED_MAX_MESSAGES} messages, got ${items.length}`,
    );
  }
  return {
    header: { sellerId, version: '2.0' },
    messages: items.map((item, i) => {
      checkQuantity(item.sku, item.quantity);
      return {
        messageId: i + 1,
        sku: item.sku,
        operationType: 'PATCH',
        productType: item.productType ?? 'PRODUCT',
        patches: [quantityPatch(item.quantity, options.op ?? 'merge')],
      };
    }),
  };
}

/** The content type of a listings feed document: createFeedDocument names it and the upload must send it. */
export const AMAZON_FEED_CONTENT_TYPE = 'application/json; charset=UTF-8';

const FEEDS = '/feeds/2021-06-30';
const json = { 'content-type': 'application/json' };

/** createFeedDocument: where to upload a feed document (a pre-signed URL) and the id createFeed takes. */
export const amazonCreateFeedDocument = (): ChannelRequest => ({
  method: 'POST',
  path: `${FEEDS}/documents`,
  headers: json,
  body: JSON.stringify({ contentType: AMAZON_FEED_CONTENT_TYPE }),
});

/** createFeed: asks Amazon to process an uploaded JSON_LISTINGS_FEED document. */
export const amazonCreateFeed = (inputFeedDocumentId: string, marketplaceIds: string[]): ChannelRequest => ({
  method: 'POST',
  path: `${FEEDS}/feeds`,
  headers: json,
  body: JSON.stringify({ feedType: 'JSON_LISTINGS_FEED', marketplaceIds, inputFeedDocumentId }),
});

/** getFeed: the feed's processing status, and its processing report's document id once it is done. */
export const amazonGetFeed = (feedId: string): ChannelRequest => ({
  method: 'GET',
  path: `${FEEDS}/feeds/${encodeURIComponent(feedId)}`,
  headers: {},
  body: '',
});

/** getFeedDocument: a pre-signed URL to download a document (the processing report), and its compression. */
export const amazonGetFeedDocument = (feedDocumentId: string): ChannelRequest => ({
  method: 'GET',
  path: `${FEEDS}/documents/${encodeURIComponent(feedDocumentId)}`,
  headers: {},
  body: '',
});

export type AmazonFeedStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'FATAL' | 'CANCELLED';
const FEED_STATUSES: readonly string[] = ['IN_QUEUE', 'IN_PROGRESS', 'DONE', 'FATAL', 'CANCELLED'];

/** A getFeed answer: its status and, when DONE or FATAL, the processing report. Throws on anything else. */
export function parseAmazonFeed(body: unknown): { status: AmazonFeedStatus; reportDocumentId?: string } {
  const feed = body as { processingStatus?: unknown; resultFeedDocumentId?: unknown } | null;
  const status = feed?.processingStatus;
  if (typeof status !== 'string' || !FEED_STATUSES.includes(status)) {
    throw new TypeError(`getFeed answered no known processingStatus: ${JSON.stringify(body)?.slice(0, 200)}`);
  }
  const report = feed?.resultFeedDocumentId;
  return {
    status: status as AmazonFeedStatus,
    ...(typeof report === 'string' && report ? { reportDocumentId: report } : {}),
  };
}

interface ReportIssue {
  messageId?: number;
  sku?: string;
  code?: string;
  severity?: string;
  message?: string;
}

/** What a listings feed's processing report says about each of its messages (numbered from 1). */
export interface ListingsFeedOutcome {
  /** Messages Amazon applied: no ERROR issue, and the report's counts account for them. */
  accepted: number[];
  /** Messages Amazon refused, with the reason (its ERROR issues' messages). */
  refused: Map<number, string>;
  /** Messages the report does not settle (fewer processed or accepted than the rest): to push again. */
  unconfirmed: number[];
  /** An ERROR that belongs to no message (a FATAL feed's reason), if any. */
  feedError?: string;
}

/**
 * Reads a JSON_LISTINGS_FEED processing report for a feed of `sent` messages. A message is refused when an
 * ERROR issue names it (WARNINGs do not refuse); the others count as accepted only when the summary's
 * messagesProcessed and messagesAccepted agree with that, since the report lists problems, not successes.
 * Throws when the report belongs to another feed or is not a report.
 */
export function listingsFeedOutcome(
  report: unknown,
  feed: { feedId: string; sent: number },
): ListingsFeedOutcome {
  const r = report as {
    header?: { feedId?: unknown };
    issues?: unknown;
    summary?: { messagesProcessed?: unknown; messagesAccepted?: unknown };
  } | null;
  if (!r || typeof r !== 'object' || !r.summary || (r.issues !== undefined && !Array.isArray(r.issues))) {
    throw new TypeError('not a listings feed processing report');
  }
  if (r.header?.feedId !== undefined && String(r.header.feedId) !== feed.feedId) {
    throw new TypeError(`the processing report is for feed ${r.header.feedId}, not ${feed.feedId}`);
  }
  const errors = ((r.issues ?? []) as ReportIssue[]).filter((i) => i.severity === 'ERROR');
  const refused = new Map<number, string>();
  let feedError: string | undefined;
  for (const issue of errors) {
    const id = issue.messageId;
    const text = issue.message ?? issue.code ?? 'refused';
    if (typeof id !== 'number' || id < 1 || id > feed.sent) {
      feedError ??= text;
      continue;
    }
    refused.set(id, refused.has(id) ? `${refused.get(id)}; ${text}` : text);
  }
  const rest = Array.from({ length: feed.sent }, (_, i) => i + 1).filter((id) => !refused.has(id));
  const { messagesProcessed, messagesAccepted } = r.summary;
  const settled =
    messagesProcessed === feed.sent &&
    (typeof messagesAccepted !== 'number' || messagesAccepted === rest.length);
  return {
    accepted: settled ? rest : [],
    refused,
    unconfirmed: settled ? [] : rest,
    ...(feedError ? { feedError } : {}),
  };
}
