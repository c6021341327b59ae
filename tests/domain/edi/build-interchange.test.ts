import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildInterchange, type InterchangeDraft } from '../../../worker/domain/edi/build-interchange';
import type { Delimiters } from '../../../worker/domain/edi/delimiters';
import { parseInterchange } from '../../../worker/domain/edi/envelope';
import { draft, type SegmentDraft } from '../../../worker/domain/edi/segment';
import { validateGroup } from '../../../worker/domain/edi/validate';
import { interchangeOf, interchangeText } from './fixtures';

const base: InterchangeDraft = {
  sender: { qualifier: 'ZZ', id: 'SWITCHYARD' },
  receiver: { qualifier: '01', id: '123456789' },
  controlNumber: 42,
  createdAt: new Date('2025-12-31T23:59:00Z'),
  version: '004010',
  groups: [
    {
      controlNumber: 7,
      transactionSets: [{ id: '846', segments: [draft('BIA', '00', 'MM', 'R1', '20251231')] }],
    },
  ],
};

function refusal(spec: Partial<InterchangeDraft>) {
  const built = buildInterchange({ ...base, ...spec });
  if (built.ok) throw new Error('expected a refusal');
  return built.error;
}

describe('buildInterchange', () => {
  it('writes a fixed-width ISA of 106 characters with padded ids and a 9-digit control number', () => {
    const text = interchangeText([], { ...base, acknowledgmentRequested: true, usage: 'T' });
    expect(text.slice(0, 106)).toBe(
      'ISA*00*          *00*          *ZZ*SWITCHYARD     *01*123456789      *251231*2359*U*00401*000000042*1*T*>~',
    );
    expect(text.slice(106)).toBe(
      'GS*IB*SWITCHYARD*123456789*20251231*2359*7*X*004010~ST*846*0001~BIA*00*MM*R1*20251231~SE*3*0001~GE*1*7~IEA*1*000000042~',
    );
  });

  it('declares the repetition separator in ISA11 for 005010 and reads back every delimiter', () => {
    const delimiters: Delimiters = { element: '|', component: ':', repetition: '^', segment: '\n' };
    const text = interchangeText([], { ...base, version: '005010', delimiters });
    const interchange = interchangeOf(text);
    expect(interchange.delimiters).toEqual(delimiters);
    expect(interchange.header).toMatchObject({
      version: '00501',
      controlNumber: '000000042',
      sender: { id: 'SWITCHYARD' },
    });
    expect(interchange.groups[0]?.version).toBe('005010');
    expect(interchange.groups.flatMap(validateGroup)).toEqual([]);
  });

  it('writes 004010 without a repetition separator even when one is offered', () => {
    const text = interchangeText([], {
      ...base,
      delimiters: { element: '*', component: ':', repetition: '^', segment: '~' },
    });
    expect(text.slice(82, 89)).toBe('U*00401');
    expect(interchangeOf(text).delimiters.repetition).toBeNull();
  });

  it('refuses a value holding a delimiter, naming the segment (ISA = 1) and element', () => {
    const error = refusal({
      groups: [
        {
          controlNumber: 7,
          transactionSets: [{ id: '846', segments: [draft('BIA', '00', 'MM', 'R*1', '20251231')] }],
        },
      ],
    });
    expect(error).toMatchObject({ code: 'delimiter_in_data', segmentId: 'BIA', position: 4, element: 3 });
  });

  it.each([
    ['a component separator', 'A>B'],
    ['a segment terminator', 'A~B'],
    ['a line break', 'A\nB'],
    ['a control character', 'A\u0007B'],
  ])('refuses a value holding %s', (_, value) => {
    const segments = [draft('BIA', '00', 'MM', 'R1', '20251231'), draft('LIN', '1', 'UP', value)];
    expect(refusal({ groups: [{ controlNumber: 7, transactionSets: [{ id: '846', segments }] }] }).code).toBe(
      'delimiter_in_data',
    );
  });

  it.each([
    ['a letter', { element: 'E', component: '>', repetition: null, segment: '~' }],
    ['a blank', { element: '*', component: ' ', repetition: null, segment: '~' }],
    ['the same character twice', { element: '*', component: '*', repetition: null, segment: '~' }],
    ['two characters', { element: '*', component: '>', repetition: null, segment: '~\n' }],
  ] as const)('refuses %s as a delimiter', (_, delimiters) => {
    expect(refusal({ delimiters }).code).toBe('invalid_delimiters');
  });

  it('refuses 005010 without a repetition separator, and a line break after a line break terminator', () => {
    expect(
      refusal({
        version: '005010',
        delimiters: { element: '*', component: '>', repetition: null, segment: '~' },
      }).code,
    ).toBe('invalid_delimiters');
    expect(
      refusal({
        delimiters: { element: '*', component: '>', repetition: null, segment: '\n' },
        lineBreak: '\n',
      }).code,
    ).toBe('invalid_delimiters');
  });

  it.each([
    ['a sender id over 15 characters', { sender: { qualifier: 'ZZ', id: 'A'.repeat(16) } }],
    ['a receiver qualifier of one character', { receiver: { qualifier: '1', id: '123' } }],
    ['a sender id holding the element separator', { sender: { qualifier: 'ZZ', id: 'A*B' } }],
    ['control number 0', { controlNumber: 0 }],
    ['a control number over nine digits', { controlNumber: 1_000_000_000 }],
    [
      'a fractional group control number',
      { groups: [{ controlNumber: 1.5, transactionSets: base.groups[0]!.transactionSets }] },
    ],
    [
      'a group mixing 855 and 856',
      {
        groups: [
          {
            controlNumber: 1,
            transactionSets: [
              { id: '855', segments: [] },
              { id: '856', segments: [] },
            ],
          },
        ],
      },
    ],
    [
      'a set of unknown kind',
      { groups: [{ controlNumber: 1, transactionSets: [{ id: '999', segments: [] }] }] },
    ],
  ] as const)('refuses %s', (_, spec) => {
    expect(refusal(spec as Partial<InterchangeDraft>).code).toBe('invalid_envelope');
  });
});

// Delimiter sets as senders use them, the segment terminator sometimes a line break.
const delimiterSets = fc
  .shuffledSubarray(['*', '|', '~', '^', ':', '>', '`', '}', '!', '+', "'", '\n'], {
    minLength: 4,
    maxLength: 4,
  })
  .filter(([element, component, repetition]) => ![element, component, repetition].includes('\n'))
  .map(
    ([element, component, repetition, segment]): Delimiters => ({
      element: element!,
      component: component!,
      repetition: repetition!,
      segment: segment!,
    }),
  );

const forbiddenChars = (d: Delimiters) => new Set([d.element, d.component, d.segment, d.repetition]);
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are never data
const CONTROL = /[\u0000-\u001f\u007f]/g;

const valueWithout = (forbidden: Set<string | null>) =>
  fc
    .string({ unit: 'grapheme', maxLength: 12 })
    .map((s) => [...s.replace(CONTROL, '')].filter((c) => !forbidden.has(c)).join(''));

const segmentsWithout = (forbidden: Set<string | null>) =>
  fc.array(
    fc.record({
      id: fc.constantFrom('REF', 'N1', 'PID', 'LIN', 'MSG'),
      elements: fc.array(valueWithout(forbidden), { minLength: 1, maxLength: 6 }),
    }),
    { minLength: 1, maxLength: 8 },
  );

function build(d: Delimiters, segments: SegmentDraft[]) {
  return buildInterchange({
    ...base,
    version: '005010',
    delimiters: d,
    groups: [{ controlNumber: 7, transactionSets: [{ id: '846', segments }] }],
  });
}

describe('writing and reading are inverse', () => {
  it('reads back every element exactly, under any delimiter set, when no value holds a delimiter', () => {
    fc.assert(
      fc.property(
        delimiterSets.chain((d) => fc.tuple(fc.constant(d), segmentsWithout(forbiddenChars(d)))),
        ([d, segments]) => {
          const built = build(d, segments);
          expect(built.ok).toBe(true);
          if (!built.ok) return;
          const parsed = parseInterchange(built.text);
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          const set = parsed.interchange.groups[0]!.transactionSets[0]!;
          expect(set.segments.slice(1, -1)).toEqual(segments);
          expect(validateGroup(parsed.interchange.groups[0]!)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses to write any value that holds one of the delimiters', () => {
    fc.assert(
      fc.property(
        delimiterSets.chain((d) =>
          fc.tuple(
            fc.constant(d),
            segmentsWithout(forbiddenChars(d)),
            fc.constantFrom(...[...forbiddenChars(d)].filter((c): c is string => c !== null)),
            fc.nat(),
            fc.nat(),
          ),
        ),
        ([d, segments, delimiter, segmentPick, elementPick]) => {
          const target = segments[segmentPick % segments.length]!;
          const index = elementPick % target.elements.length;
          target.elements[index] = `${target.elements[index]}${delimiter}x`;
          const built = build(d, segments);
          expect(built.ok).toBe(false);
          if (built.ok) return;
          expect(built.error.code).toBe('delimiter_in_data');
        },
      ),
      { numRuns: 300 },
    );
  });
});
