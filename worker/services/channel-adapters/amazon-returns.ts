import type { Database } from '../../../db/client';
import { exceptions } from '../../../db/schema';
import {
  amazonCreateReturnsReport,
  amazonGetReport,
  amazonGetReportDocument,
  parseAmazonReturnsReport,
  parseCreateReport,
  parseReportDocument,
  parseReportProgress,
  RETURNS_REPORT_TYPE,
} from '../../domain/channels/amazon-returns-report';
import { newId } from '../../domain/ids';
import { amazonCall, amazonChannel, amazonError } from './amazon-client';
import type { ReturnsPoll } from './types';

/**
 * Where the returns poll stands: returns asked for since `after` are read; while a report is being made,
 * its id and the end of its window.
 */
interface Cursor {
  after: string;
  report_id?: string;
  until?: string;
}

const DAY_MS = 86_400_000;
/** A first poll without `orders_since` reads the last month. */
const FIRST_LOOKBACK_MS = 30 * DAY_MS;
// The report is by request date, so a return's later status shows only while its request is in the window:
// each report reaches back two weeks, and a return is applied again (a no-op unless its status moved).
const REFRESH_MS = 14 * DAY_MS;
/** Amazon keeps report data for a limited time; an older start is clamped instead of refused. */
const MAX_WINDOW_MS = 60 * DAY_MS;
/** A new report every half hour: createReport refills one request a minute, and returns change slowly. */
const REPORT_EVERY_S = 30 * 60;
/** How soon to ask again while Amazon is still making the report. */
const PENDING_S = 60;

function readCursor(cursor: string | null, since: string | undefined, now: number): Cursor {
  if (cursor) return JSON.parse(cursor) as Cursor;
  return { after: new Date(since ? Date.parse(since) : now - FIRST_LOOKBACK_MS).toISOString() };
}

/** The report document's text: a pre-signed URL (no credentials), gunzipped when Amazon compressed it. */
async function download(url: string, gzip: boolean): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok || !res.body) throw new Error(`Amazon's report document answered HTTP ${res.status}`);
  if (!gzip) return res.text();
  return new Response(res.body.pipeThrough(new DecompressionStream('gzip'))).text();
}

async function unreadableRows(
  db: Database,
  channelId: string,
  reportId: string,
  errors: { line: number; message: string }[],
) {
  if (errors.length === 0) return;
  await db.insert(exceptions).values({
    id: newId('exc'),
    kind: 'channel_payload',
    status: 'open',
    channel: channelId,
    message: `Amazon returns report ${reportId}: ${errors.length} row(s) could not be read`,
    details: { report_id: reportId, rows: errors },
  });
}

/**
 * One step of the returns report cycle per call: createReport (GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE from
 * the cursor, less a refresh window), then getReport until it is DONE, then getReportDocument and the
 * download. Every call spends from the account's Reports API budgets; a 429 throws RetryLater. A CANCELLED
 * report had no data; a FATAL one is dropped and asked for again at the next report time.
 */
export async function pollAmazonReturns(
  env: Env,
  db: Database,
  given: { code: string; config: Record<string, unknown> },
  cursor: string | null,
  now: number,
): Promise<ReturnsPoll> {
  const channel = await amazonChannel(db, given);
  const at = readCursor(cursor, channel.config.orders_since, now);
  if (!at.report_id) {
    const start = Math.max(Date.parse(at.after) - REFRESH_MS, now - MAX_WINDOW_MS);
    const until = new Date(now).toISOString();
    const res = await amazonCall(
      env,
      channel,
      'amazon.createReport',
      amazonCreateReturnsReport(channel.config.marketplace_ids, new Date(start).toISOString(), until),
    );
    if (res.status !== 202 && res.status !== 200)
      throw new Error(
        `Amazon createReport ${RETURNS_REPORT_TYPE} answered ${amazonError(res.body, res.status)}`,
      );
    at.report_id = parseCreateReport(res.body);
    at.until = until;
  }
  const reportId = at.report_id;
  const report = await amazonCall(env, channel, 'amazon.getReport', amazonGetReport(reportId));
  if (report.status !== 200)
    throw new Error(`Amazon getReport answered ${amazonError(report.body, report.status)}`);
  const progress = parseReportProgress(report.body);
  const finished = JSON.stringify({ after: at.until ?? at.after });
  switch (progress.status) {
    case 'pending':
      return { returns: [], cursor: JSON.stringify(at), more: false, nextPollInSeconds: PENDING_S };
    case 'empty':
      return { returns: [], cursor: finished, more: false, nextPollInSeconds: REPORT_EVERY_S };
    case 'fatal':
      return {
        returns: [],
        cursor: JSON.stringify({ after: at.after }),
        more: false,
        nextPollInSeconds: REPORT_EVERY_S,
        problem: `Amazon could not make returns report ${reportId} (FATAL)`,
      };
    case 'done': {
      const doc = await amazonCall(
        env,
        channel,
        'amazon.getReportDocument',
        amazonGetReportDocument(progress.documentId),
      );
      if (doc.status !== 200)
        throw new Error(`Amazon getReportDocument answered ${amazonError(doc.body, doc.status)}`);
      const { url, gzip } = parseReportDocument(doc.body);
      const parsed = parseAmazonReturnsReport(await download(url, gzip));
      await unreadableRows(db, channel.code, reportId, parsed.errors);
      return { returns: parsed.returns, cursor: finished, more: false, nextPollInSeconds: REPORT_EVERY_S };
    }
  }
}
