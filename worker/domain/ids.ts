import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

/** A sortable id (ULID) with a short type prefix: `ord_01J...`. */
export const newId = (prefix: string) => `${prefix}_${next()}`;

/** The id of an order line: derived, so retries of one order reuse the same line and reservation ids. */
export const lineId = (orderId: string, lineNo: number) => `${orderId}.${lineNo}`;
