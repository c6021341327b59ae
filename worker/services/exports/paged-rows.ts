export type Row = Record<string, unknown>;

const PAGE = 500;

/**
 * Reads a query page by page on a (sort key, id) cursor, so a large export never holds more than a page.
 * The query takes the range as ?1 and ?2 and the cursor as ?3 (sort key) and ?4 (id); it must select
 * `cursor_at` and `cursor_id` and order by them.
 */
export async function* pagedRows(
  db: D1Database,
  query: string,
  from: string,
  to: string,
): AsyncGenerator<Row[]> {
  let cursor: [string, string] = ['', ''];
  while (true) {
    const { results } = await db
      .prepare(`${query} limit ${PAGE}`)
      .bind(from, to, ...cursor)
      .all<Row>();
    if (results.length) yield results;
    if (results.length < PAGE) return;
    const last = results.at(-1)!;
    cursor = [String(last.cursor_at), String(last.cursor_id)];
  }
}
