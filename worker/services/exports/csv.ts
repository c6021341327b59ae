/** RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote or line break. */

export type CsvValue = string | number | boolean | null | undefined;

// A text cell a spreadsheet would run as a formula (OWASP "CSV injection"): shown as text with a leading quote.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: numbers as they are, text made formula-safe and quoted when it must be. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvRecord = (values: readonly CsvValue[]) => `${values.map(csvCell).join(',')}\r\n`;

/**
 * A streamed CSV body: the header, then each page of rows as the source yields it, so an export of any size
 * never sits whole in memory.
 */
export function csvStream(header: readonly string[], pages: AsyncIterable<CsvValue[][]>): ReadableStream {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRecord(header)));
        return;
      }
      const next = await iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      if (next.value.length) controller.enqueue(encoder.encode(next.value.map(csvRecord).join('')));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** A CSV download: the stream with its type and a file name. */
export const csvResponse = (body: ReadableStream | string, filename: string) =>
  new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
    },
  });
