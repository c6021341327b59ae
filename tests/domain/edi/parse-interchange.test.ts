import { describe, expect, it } from 'vitest';
import { parseInterchange } from '../../../worker/domain/edi/envelope';
import { validateGroup } from '../../../worker/domain/edi/validate';
import { X12 } from './fixtures';

describe('parseInterchange on every sample', () => {
  it.each([
    // name, element, component, segment terminator, repetition, ISA13, sender, GS08, [ST01, segments in set]
    ['node850', '*', '>', '~', null, '000003438', '4405197800', '004010VICS', [['850', 33]]],
    [
      'node850NewlineTerminated',
      '*',
      '>',
      '\n',
      null,
      '000003438',
      '4405197800',
      '004010VICS',
      [['850', 33]],
    ],
    ['node855', '*', '>', '~', null, '000000005', '1556150', '004010', [['855', 26]]],
    ['adobe810', '*', '>', '\r', null, '810000263', '102096559TEST', '004010', [['810', 45]]],
    ['walmart810', '*', '>', '\r', null, '810000263', '102096559TEST', '004010', [['810', 20]]],
    ['example846', '~', '>', '}', null, '000001979', '322341109', '004010', [['846', 16]]],
    ['pgwGlass850', '*', '~', '|', null, '000000245', '828513080', '004010', [['850', 36]]],
    ['adobe850', '*', '>', ' ', null, '638504569', 'PARTNER', '004010', [['850', 18]]],
    ['adobe855', '*', '>', '\r', null, '855336885', '102096559PROD', '004010', [['855', 43]]],
    ['example856', '~', '`', '*', null, '000000001', '201495124', '004010', [['856', 25]]],
    ['example856Version3060', '*', ':', '~', null, '000000001', '201495124', '003060', [['856', 34]]],
  ] as const)(
    '%s reads with its own delimiters and sound envelopes',
    (name, el, comp, seg, rep, isa13, sender, version, sets) => {
      const parsed = parseInterchange(X12[name]);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const { interchange } = parsed;
      expect(interchange.delimiters).toEqual({ element: el, component: comp, segment: seg, repetition: rep });
      expect(interchange.header.controlNumber).toBe(isa13);
      expect(interchange.header.sender.id).toBe(sender);
      expect(interchange.groups).toHaveLength(1);
      const group = interchange.groups[0]!;
      expect(group.version).toBe(version);
      expect(validateGroup(group)).toEqual([]);
      expect(group.transactionSets.map((s) => [s.id, s.segments.length])).toEqual(sets);
      for (const set of group.transactionSets) {
        expect(set.segments[0]!.id).toBe('ST');
        expect(set.trailer?.id).toBe('SE');
        // Line breaks and indentation between segments never leak into the data.
        expect(set.segments.every((s) => /^[A-Z][A-Z0-9]{1,2}$/.test(s.id))).toBe(true);
        expect(set.segments.flatMap((s) => s.elements).some((e) => /[\r\n]/.test(e))).toBe(false);
      }
    },
  );

  it('reads a TA1-only interchange: no groups, two technical acknowledgements', () => {
    const parsed = parseInterchange(X12.ta1);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.interchange.delimiters).toMatchObject({ element: '*', component: '^', segment: '~' });
    expect(parsed.interchange.groups).toEqual([]);
    expect(parsed.interchange.technicalAcks.map((s) => s.elements[0])).toEqual(['0659', '0660']);
  });

  it('keeps the blanks inside values when a blank before each line break ends the segments', () => {
    const parsed = parseInterchange(X12.adobe850);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const n1 = parsed.interchange.groups[0]!.transactionSets[0]!.segments.find((s) => s.id === 'N1');
    expect(n1?.elements).toEqual(['BY', 'SOLD TO Org Name', 'ZZ', '038181483']);
  });

  it('keeps a trailing blank that is data when the terminator is a carriage return', () => {
    const parsed = parseInterchange(X12.walmart810);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const n4 = parsed.interchange.groups[0]!.transactionSets[0]!.segments.find((s) => s.id === 'N4');
    expect(n4?.elements).toEqual(['BENTONVILLE', 'AR', '72712 ']);
  });
});
