/**
 * X12 EDI, pure: read an interchange, check its envelopes, map documents to typed objects and back, and
 * answer with 997/TA1. The flow for an inbound file:
 *   parseInterchange(text)            -> interchange, or an ISA-level error (answer: technicalAckFor + writeTa1)
 *   validateGroup(group)              -> envelope faults of one group
 *   read850(set)                      -> PurchaseOrder, or segment faults
 *   acknowledge(group, faults)        -> FunctionalAck -> write997 -> buildInterchange
 */
export { acknowledge } from './acknowledge';
export {
  type BuildResult,
  buildInterchange,
  type InterchangeDraft,
  type TransactionSetDraft,
} from './build-interchange';
export { DEFAULT_DELIMITERS, type Delimiters } from './delimiters';
export type { EdiError } from './edi-error';
export { type FunctionalGroup, type Interchange, parseInterchange, type TransactionSet } from './envelope';
export type { ReadResult } from './field-reader';
export { type FunctionalAck, read997, write997 } from './functional-ack-997';
export type { InterchangeError } from './interchange-error';
export { type InventoryAdvice, read846, write846 } from './inventory-846';
export { type Invoice, invoiceTotal, read810, write810 } from './invoice-810';
export type { Party } from './parties';
export { type PurchaseOrder, read850 } from './po-850';
export { ackTypeOf, type PoAcknowledgement, read855, write855 } from './po-ack-855';
export { findProductId, type ProductId } from './product-ids';
export { read856, type ShipNotice, write856 } from './ship-notice-856';
export { buildSscc, isValidSscc } from './sscc';
export { readTa1, type TechnicalAck, technicalAckFor, writeTa1 } from './ta1';
export { MAX_INTERCHANGE_CHARS } from './tokenizer';
export { validateGroup } from './validate';
