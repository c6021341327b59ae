// The local eBay's Post-Order return/search. A test seeds its token's returns with POST /__returns?token=
// {members: [...]} (ReturnSummaryType, as in ebay-return-search-response.json); the search keeps those created
// in [creation_date_range_from, creation_date_range_to] and pages them by limit and offset (entries skipped).
import type { IncomingMessage, ServerResponse } from 'node:http';

type Send = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;
type Member = { creationInfo?: { creationDate?: { value?: string } } };

const seeded = new Map<string, Member[]>();

/** POST /__returns?token=: true when it answered. */
export async function returnsBackdoor(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  send: Send,
  body: () => Promise<string>,
) {
  if (req.method !== 'POST' || url.pathname !== '/__returns') return false;
  seeded.set(url.searchParams.get('token') ?? '', JSON.parse(await body()).members ?? []);
  send(res, 200, { ok: true });
  return true;
}

/** GET /post-order/v2/return/search for the token: true when it answered. */
export function returnSearch(req: IncomingMessage, res: ServerResponse, url: URL, token: string, send: Send) {
  if (req.method !== 'GET' || url.pathname !== '/post-order/v2/return/search') return false;
  // The Post-Order API takes the OAuth user token under the IAF scheme.
  if (!String(req.headers.authorization ?? '').startsWith('IAF ')) {
    send(res, 401, { error: [{ errorId: 1001, message: 'Invalid access token (expected IAF)' }] });
    return true;
  }
  const q = url.searchParams;
  const from = Date.parse(q.get('creation_date_range_from') ?? '');
  const to = Date.parse(q.get('creation_date_range_to') ?? '');
  const asked = Number(q.get('limit') ?? 25);
  const offset = Number(q.get('offset') ?? 0);
  if (
    (q.has('creation_date_range_from') && Number.isNaN(from)) ||
    (q.has('creation_date_range_to') && Number.isNaN(to)) ||
    from > to
  ) {
    send(res, 400, { error: [{ errorId: 1502, message: 'The creation date range is invalid.' }] });
    return true;
  }
  if (!(asked >= 1 && asked <= 200) || !(offset >= 0)) {
    send(res, 400, { error: [{ errorId: 1503, message: 'limit or offset is invalid.' }] });
    return true;
  }
  const limit = token.includes('paged') ? 1 : asked;
  const all = (seeded.get(token) ?? []).filter((m) => {
    const at = Date.parse(m.creationInfo?.creationDate?.value ?? '');
    return (Number.isNaN(from) || at >= from) && (Number.isNaN(to) || at <= to);
  });
  send(res, 200, {
    members: all.slice(offset, offset + limit),
    paginationOutput: { limit, offset, totalEntries: all.length, totalPages: Math.ceil(all.length / limit) },
    total: all.length,
  });
  return true;
}
