// The local Amazon's Reports API 2021-06-30, for GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE only. A test seeds
// its token's returns with POST /__returns-report?token= (the flat file's text); createReport keeps the rows
// whose Return request date falls in [dataStartTime's day, dataEndTime], getReport answers IN_PROGRESS the
// first time and then DONE (CANCELLED when no row is in the window, as Amazon does), getReportDocument names a
// pre-signed-style URL on this server that serves the file gzipped (compressionAlgorithm GZIP).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

type Send = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;
type Fail = (res: ServerResponse, status: number, code: string, message: string, headers?: object) => void;

const seeded = new Map<string, string>();
const reports = new Map<string, { token: string; tsv: string | null; checks: number; created: string }>();
const documents = new Map<string, Buffer>();
let counter = 0;

export const REPORT_RATES: [RegExp, string][] = [
  [/^\/reports\/2021-06-30\/reports$/, '0.0167'],
  [/^\/reports\/2021-06-30\/reports\/[^/]+$/, '2.0'],
  [/^\/reports\/2021-06-30\/documents\//, '0.0167'],
];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const dayOf = (value: string) => {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(value.trim());
  return m ? Date.UTC(Number(m[3]), MONTHS.indexOf(m[2]!.toLowerCase()), Number(m[1])) : Date.parse(value);
};

/** The seeded rows requested in the window, with the header; null when none is. */
function window(tsv: string, start: number, end: number): string | null {
  const [header = '', ...rows] = tsv.split('\n').filter((l) => l.trim() !== '');
  const column = header.split('\t').findIndex((h) => h.toLowerCase() === 'return request date');
  const startDay = start - (start % 86_400_000);
  const kept = rows.filter((r) => {
    const at = dayOf(r.split('\t')[column] ?? '');
    return at >= startDay && at <= end;
  });
  return kept.length ? [header, ...kept].join('\n') : null;
}

/** POST /__returns-report?token= and GET /__documents/{id}: true when it answered. */
export async function reportsBackdoor(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  send: Send,
  body: () => Promise<string>,
) {
  if (req.method === 'POST' && url.pathname === '/__returns-report') {
    seeded.set(url.searchParams.get('token') ?? '', await body());
    send(res, 200, { ok: true });
    return true;
  }
  const doc = /^\/__documents\/([^/]+)$/.exec(url.pathname)?.[1];
  if (req.method === 'GET' && doc) {
    const bytes = documents.get(decodeURIComponent(doc));
    if (!bytes) send(res, 404, { message: 'expired' });
    else {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(bytes);
    }
    return true;
  }
  return false;
}

/** createReport, getReport and getReportDocument for the token: true when it answered. */
export async function reportsApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  token: string,
  limit: Record<string, string>,
  send: Send,
  fail: Fail,
  body: () => Promise<string>,
) {
  if (req.method === 'POST' && url.pathname === '/reports/2021-06-30/reports') {
    const spec = JSON.parse((await body()) || 'null');
    const start = Date.parse(spec?.dataStartTime ?? '');
    const end = spec?.dataEndTime ? Date.parse(spec.dataEndTime) : Date.now();
    if (spec?.reportType !== 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE' || !spec?.marketplaceIds?.length) {
      fail(res, 400, 'InvalidInput', 'reportType and marketplaceIds are required', limit);
      return true;
    }
    if (Number.isNaN(start) || Number.isNaN(end) || start > end) {
      fail(res, 400, 'InvalidInput', 'dataStartTime must be a date before dataEndTime', limit);
      return true;
    }
    const reportId = `${++counter}${Date.now()}`;
    const tsv = window(seeded.get(token) ?? '', start, end);
    reports.set(reportId, { token, tsv, checks: 0, created: new Date().toISOString() });
    send(res, 202, { reportId }, limit);
    return true;
  }
  const reportId = /^\/reports\/2021-06-30\/reports\/([^/]+)$/.exec(url.pathname)?.[1];
  if (req.method === 'GET' && reportId) {
    const report = reports.get(reportId);
    if (!report || report.token !== token) {
      fail(res, 404, 'NotFound', `Report ${reportId} not found`, limit);
      return true;
    }
    report.checks++;
    const base = {
      reportId,
      reportType: 'GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE',
      marketplaceIds: ['ATVPDKIKX0DER'],
      createdTime: report.created,
    };
    if (report.checks === 1) send(res, 200, { ...base, processingStatus: 'IN_PROGRESS' }, limit);
    else if (report.tsv === null) send(res, 200, { ...base, processingStatus: 'CANCELLED' }, limit);
    else {
      const reportDocumentId = `amzn1.spdoc.1.4.na.${reportId}`;
      documents.set(reportDocumentId, gzipSync(report.tsv));
      send(res, 200, { ...base, processingStatus: 'DONE', reportDocumentId }, limit);
    }
    return true;
  }
  const documentId = /^\/reports\/2021-06-30\/documents\/([^/]+)$/.exec(url.pathname)?.[1];
  if (req.method === 'GET' && documentId) {
    if (!documents.has(documentId)) fail(res, 404, 'NotFound', `Document ${documentId} not found`, limit);
    else {
      const url = `http://${req.headers.host}/__documents/${encodeURIComponent(documentId)}`;
      send(res, 200, { reportDocumentId: documentId, url, compressionAlgorithm: 'GZIP' }, limit);
    }
    return true;
  }
  return false;
}
