/** Failures at the ISA/IEA level: the interchange as a whole is refused, answered with a TA1. */
import type { FunctionalGroup, IsaHeader } from './envelope';

// Each code with its TA105 interchange note code (X12 I18).
export const TA1_NOTE_CODES = {
  too_large: '024',
  missing_isa: '022',
  truncated: '023',
  missing_iea: '023',
  invalid_delimiters: '026',
  invalid_segment_terminator: '004',
  invalid_control_number: '018',
  iea_control_number_mismatch: '001',
  iea_group_count_mismatch: '021',
  invalid_control_structure: '022',
} as const;

export type InterchangeErrorCode = keyof typeof TA1_NOTE_CODES;

export interface InterchangeError {
  code: InterchangeErrorCode;
  message: string;
  /** The ISA as read, for the TA1 that answers it; null when not even the ISA could be read. */
  header: IsaHeader | null;
  /** The groups read before the failure, so a rejecting 997 can name what was damaged in them. */
  groups: FunctionalGroup[];
  /** The segment where the failure was seen, counted from ISA = 1. */
  position?: number;
}
