// The local Amazon's Feeds API 2021-06-30, for JSON_LISTINGS_FEED stock updates. createFeedDocument names a
// pre-signed-style upload URL on this server (PUT, with the content type it was created for); createFeed checks
// the uploaded document is a listings feed (sellerId, version 2.0, numbered PATCH messages of
// fulfillment_availability) and records it as a write at its arrival time, with the quantities it sets per
// SKU (the SKUs it accepts take those quantities). getFeed answers IN_PROGRESS until 300 ms after createFeed
// (`…slowfeed…` tokens: 3 s), then DONE (FATAL for a document that is not a listings feed, or for a `…fatalfeed…`
// token); the processing report follows the published example's shape, one ERROR per message whose SKU starts
// UNKNOWN (as patchListingsItem refuses them), and is served gzipped.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import reportExample from '../fixtures/amazon-spapi-JSON_LISTINGS_FEED-processing-report-example.json' with {
  type: 'json',
};

type Send = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;
type Fail = (res: ServerResponse, status: number, code: string, message: string, headers?: object) => void;
type Message = {
  messageId: number;
  sku: string;
  operationType: string;
  productType?: string;
  patches?: any[];
};

const PROCESSING_MS = 300;
const SLOW_PROCESSING_MS = 3_000;
const uploads = new Map<string, { contentType: string; body: string | null }>();
const feeds = new Map<
  string,
  { token: string; createdAt: number; messages: Message[] | null; sellerId: string; fatal: boolean }
>();
const reports = new Map<string, Buffer>();
let counter = 0;

export const FEED_RATES: [RegExp, string][] = [
  [/^\/feeds\/2021-06-30\/documents$/, '0.5'],
  [/^\/feeds\/2021-06-30\/feeds$/, '0.0083'],
  [/^\/feeds\/2021-06-30\/feeds\/[^/]+$/, '2.0'],
  [/^\/feeds\/2021-06-30\/documents\/[^/]+$/, '0.0222'],
];

/** The feed's messages when it is a valid listings feed of `sellerId`'s quantity patches, else null. */
function listingsMessages(text: string, sellerId: string): Message[] | null {
  let feed: { header?: { sellerId?: string; version?: string }; messages?: Message[] };
  try {
    feed = JSON.parse(text);
  } catch {
    return null;
  }
  const messages = feed.messages;
  if (feed.header?.sellerId !== sellerId || feed.header.version !== '2.0' || !Array.isArray(messages))
    return null;
  const valid = messages.every(
    (m, i) =>
      m.messageId === i + 1 &&
      typeof m.sku === 'string' &&
      m.operationType === 'PATCH' &&
      typeof m.productType === 'string' &&
      m.patches?.[0]?.path === '/attributes/fulfillment_availability' &&
      Number.isInteger(m.patches[0].value?.[0]?.quantity),
  );
  return valid ? messages : null;
}

function processingReport(feedId: string, sellerId: string, messages: Message[]) {
  const invalid = messages.filter((m) => m.sku.startsWith('UNKNOWN'));
  return {
    header: { ...reportExample.header, sellerId, feedId },
    issues: invalid.map((m) => ({
      messageId: m.messageId,
      sku: m.sku,
      code: '4000001',
      severity: 'ERROR',
      message: `SKU ${m.sku} has no offer`,
    })),
    summary: {
      errors: invalid.length,
      warnings: 0,
      messagesProcessed: messages.length,
      messagesAccepted: messages.length - invalid.length,
      messagesInvalid: invalid.length,
    },
  };
}

/** The pre-signed URLs: no SP-API token, as on S3. Answers true when it handled the request. */
export async function feedsBackdoor(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  send: Send,
  body: () => Promise<string>,
) {
  const upload = /^\/__feed-uploads\/([^/]+)$/.exec(url.pathname)?.[1];
  if (upload && req.method === 'PUT') {
    const doc = uploads.get(upload);
    if (!doc) {
      send(res, 404, { message: 'NoSuchUpload' });
      return true;
    }
    if (req.headers['content-type'] !== doc.contentType) {
      send(res, 403, { message: 'SignatureDoesNotMatch: content-type' });
      return true;
    }
    doc.body = await body();
    send(res, 200, undefined);
    return true;
  }
  const report = /^\/__feed-reports\/([^/]+)$/.exec(url.pathname)?.[1];
  if (report && req.method === 'GET') {
    const bytes = reports.get(report);
    if (!bytes) {
      send(res, 404, { message: 'NoSuchKey' });
      return true;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(bytes);
    return true;
  }
  return false;
}

/** The Feeds API calls. Answers true when it handled the request. */
export async function feedsApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  token: string,
  limit: Record<string, string>,
  send: Send,
  fail: Fail,
  body: () => Promise<string>,
  record: (body: unknown) => void,
  applied: (sku: string, quantity: number) => void,
) {
  const origin = `http://${req.headers.host}`;
  if (req.method === 'POST' && url.pathname === '/feeds/2021-06-30/documents') {
    const { contentType } = JSON.parse((await body()) || '{}');
    if (typeof contentType !== 'string') {
      fail(res, 400, 'InvalidInput', 'contentType is required', limit);
      return true;
    }
    const id = `amzn1.tortuga.4.na.feed-doc-${++counter}`;
    uploads.set(id, { contentType, body: null });
    send(res, 201, { feedDocumentId: id, url: `${origin}/__feed-uploads/${id}` }, limit);
    return true;
  }
  if (req.method === 'POST' && url.pathname === '/feeds/2021-06-30/feeds') {
    const asked = JSON.parse((await body()) || '{}');
    const doc = uploads.get(asked.inputFeedDocumentId);
    if (asked.feedType !== 'JSON_LISTINGS_FEED' || !asked.marketplaceIds?.length || !doc?.body) {
      fail(res, 400, 'InvalidInput', 'feedType, marketplaceIds and an uploaded document', limit);
      return true;
    }
    const sellerId = JSON.parse(doc.body)?.header?.sellerId ?? '';
    const messages = listingsMessages(doc.body, sellerId);
    const feedId = String(50_000_000 + ++counter);
    feeds.set(feedId, {
      token,
      createdAt: Date.now(),
      messages,
      sellerId,
      fatal: token.includes('fatalfeed'),
    });
    for (const m of messages ?? []) {
      if (!m.sku.startsWith('UNKNOWN')) applied(m.sku, m.patches![0].value[0].quantity);
    }
    record({
      feedType: asked.feedType,
      marketplaceIds: asked.marketplaceIds,
      feedId,
      quantities: Object.fromEntries(
        (messages ?? []).map((m) => [m.sku, m.patches![0].value[0].quantity as number]),
      ),
    });
    send(res, 202, { feedId }, limit);
    return true;
  }
  const feedId = /^\/feeds\/2021-06-30\/feeds\/([^/]+)$/.exec(url.pathname)?.[1];
  if (req.method === 'GET' && feedId) {
    const feed = feeds.get(decodeURIComponent(feedId));
    if (!feed || feed.token !== token) {
      fail(res, 404, 'NotFound', `Feed ${feedId} not found`, limit);
      return true;
    }
    const done =
      Date.now() - feed.createdAt >= (token.includes('slowfeed') ? SLOW_PROCESSING_MS : PROCESSING_MS);
    const status = !done ? 'IN_PROGRESS' : feed.fatal || !feed.messages ? 'FATAL' : 'DONE';
    const answer: Record<string, unknown> = {
      feedId,
      feedType: 'JSON_LISTINGS_FEED',
      createdTime: new Date(feed.createdAt).toISOString(),
      processingStatus: status,
    };
    if (done) {
      const reportId = `amzn1.tortuga.4.na.report-${feedId}`;
      const report =
        status === 'DONE'
          ? processingReport(feedId, feed.sellerId, feed.messages!)
          : {
              header: { ...reportExample.header, sellerId: feed.sellerId, feedId },
              issues: [{ code: '4000000', severity: 'ERROR', message: 'The feed could not be read' }],
              summary: {
                errors: 1,
                warnings: 0,
                messagesProcessed: 0,
                messagesAccepted: 0,
                messagesInvalid: 0,
              },
            };
      reports.set(reportId, gzipSync(JSON.stringify(report)));
      answer.resultFeedDocumentId = reportId;
    }
    send(res, 200, answer, limit);
    return true;
  }
  const docId = /^\/feeds\/2021-06-30\/documents\/([^/]+)$/.exec(url.pathname)?.[1];
  if (req.method === 'GET' && docId) {
    const id = decodeURIComponent(docId);
    if (!reports.has(id)) {
      fail(res, 404, 'NotFound', `Document ${id} not found`, limit);
      return true;
    }
    const answer = {
      feedDocumentId: id,
      url: `${origin}/__feed-reports/${id}`,
      compressionAlgorithm: 'GZIP',
    };
    send(res, 200, answer, limit);
    return true;
  }
  return false;
}
