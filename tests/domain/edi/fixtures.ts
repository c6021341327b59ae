import {
  buildInterchange,
  type InterchangeDraft,
  type TransactionSetDraft,
} from '../../../worker/domain/edi/build-interchange';
import { type Interchange, parseInterchange } from '../../../worker/domain/edi/envelope';
import node850 from '../../fixtures/x12/x12-node-x12-850.edi?raw';
import node850NewlineTerminated from '../../fixtures/x12/x12-node-x12-850_2.edi?raw';
import node855 from '../../fixtures/x12/x12-node-x12-855.edi?raw';
import adobe810 from '../../fixtures/x12/x12-oopfactory-810-Example4_Adobe.edi?raw';
import walmart810 from '../../fixtures/x12/x12-oopfactory-810-Example5_Walmart.edi?raw';
import example846 from '../../fixtures/x12/x12-oopfactory-846-Example1.edi?raw';
import pgwGlass850 from '../../fixtures/x12/x12-oopfactory-850-Example1_PGWGlass.edi?raw';
import adobe850 from '../../fixtures/x12/x12-oopfactory-850-Example4_Adobe_ShrinkWrapped.edi?raw';
import adobe855 from '../../fixtures/x12/x12-oopfactory-855-Example1_Adobe.edi?raw';
import example856 from '../../fixtures/x12/x12-oopfactory-856-Example1.edi?raw';
import example856Version3060 from '../../fixtures/x12/x12-oopfactory-856-Example2.edi?raw';
import ta1 from '../../fixtures/x12/x12-oopfactory-TA1-TechnicalAcknowledgment_Sample1.edi?raw';

export const X12 = {
  node850,
  node850NewlineTerminated,
  node855,
  adobe810,
  walmart810,
  example846,
  pgwGlass850,
  adobe850,
  adobe855,
  example856,
  example856Version3060,
  ta1,
};

/** Parses a text the test expects to be a sound interchange. */
export function interchangeOf(text: string): Interchange {
  const parsed = parseInterchange(text);
  if (!parsed.ok)
    throw new Error(`expected a sound interchange: ${parsed.error.code} ${parsed.error.message}`);
  return parsed.interchange;
}

/** The only transaction set of the only group. */
export function onlySet(text: string) {
  const { groups } = interchangeOf(text);
  if (groups.length !== 1 || groups[0]!.transactionSets.length !== 1)
    throw new Error('expected one set in one group');
  return groups[0]!.transactionSets[0]!;
}

/** A sound interchange around the drafts, from a fixed partner pair at a fixed time. */
export function interchangeText(
  transactionSets: TransactionSetDraft[],
  overrides: Partial<InterchangeDraft> = {},
): string {
  const built = buildInterchange({
    sender: { qualifier: 'ZZ', id: 'SWITCHYARD' },
    receiver: { qualifier: '01', id: '123456789' },
    controlNumber: 905,
    createdAt: new Date('2025-03-04T05:06:07Z'),
    version: '004010',
    groups: [{ controlNumber: 77, transactionSets }],
    ...overrides,
  });
  if (!built.ok) throw new Error(`expected the interchange to build: ${built.error.message}`);
  return built.text;
}

/** Writes the draft into an interchange, reads it back, and returns its only transaction set. */
export const roundTrip = (set: TransactionSetDraft, overrides: Partial<InterchangeDraft> = {}) =>
  onlySet(interchangeText([set], overrides));
