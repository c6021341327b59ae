/**
 * Failures inside a functional group, each answerable in a 997: group-level ones in AK9, transaction-set
 * ones in AK5, segment and element ones in AK3/AK4.
 */

// AK905 functional group syntax error codes (X12 716).
export const AK9_CODES = {
  missing_ge: '3',
  ge_control_number_mismatch: '4',
  ge_count_mismatch: '5',
} as const;

// AK502 transaction set syntax error codes (X12 718).
export const AK5_CODES = {
  unsupported_transaction_set: '1',
  missing_se: '2',
  se_control_number_mismatch: '3',
  se_count_mismatch: '4',
  invalid_transaction_set_id: '6',
  missing_control_number: '7',
  duplicate_control_number: '23',
} as const;

// AK304 segment syntax error code (X12 720), and AK403 data element error code (X12 723) where the fault is an element.
export const AK3_CODES = {
  unrecognized_segment: { segment: '1' },
  unexpected_segment: { segment: '2' },
  missing_segment: { segment: '3' },
  missing_element: { segment: '8', element: '1' },
  too_many_elements: { segment: '8', element: '3' },
  element_too_long: { segment: '8', element: '5' },
  invalid_character: { segment: '8', element: '6' },
  invalid_code: { segment: '8', element: '7' },
  invalid_date: { segment: '8', element: '8' },
  invalid_time: { segment: '8', element: '9' },
} as const;

/** Any AK5 'one or more segments in error' rides along with segment errors. */
export const SEGMENTS_IN_ERROR = '5';

/** Where a fault sits: the segment, and the element when one is to blame. */
interface Place {
  segmentId: string;
  position: number;
  element?: { position: number; component?: number; value?: string };
  message: string;
}

export interface GroupError extends Place {
  level: 'group';
  code: keyof typeof AK9_CODES;
  groupControlNumber: string;
  /** Counted from GS = 1. */
  position: number;
}

export interface TransactionSetError extends Place {
  level: 'transaction_set';
  code: keyof typeof AK5_CODES;
  transactionSetId: string;
  controlNumber: string;
  /** Counted from ST = 1. */
  position: number;
}

export interface SegmentError extends Place {
  level: 'segment';
  code: keyof typeof AK3_CODES;
  transactionSetId: string;
  controlNumber: string;
  /** Counted from ST = 1, as AK302 wants it. */
  position: number;
}

export type EdiError = GroupError | TransactionSetError | SegmentError;
