/** N1 loops: a party by its role (ST ship-to, BT bill-to, BY buyer, SF ship-from...) with its code and address. */
import type { FieldReader } from './field-reader';
import { draft, element, type Located, type SegmentDraft } from './segment';

export interface Address {
  lines: string[];
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

export interface Party {
  /** N101 entity identifier code. */
  role: string;
  name: string;
  /** N103, e.g. 92 assigned by buyer, UL GLN, 9 DUNS+4. */
  codeQualifier: string;
  /** N104: for a ship-to, the store or warehouse number. */
  code: string;
  address: Address | null;
}

// Segments an N1 loop may hold; the first one of any other kind ends the loop.
const IN_LOOP = new Set(['N2', 'N3', 'N4', 'NX2', 'REF', 'PER', 'SI', 'FOB']);

/** The party whose N1 is body[index], and the index after its loop. */
export function readParty(r: FieldReader, body: Located[], index: number): { party: Party; next: number } {
  const n1 = body[index]!;
  const party: Party = {
    role: r.text(n1, 1, true),
    name: r.text(n1, 2),
    codeQualifier: r.text(n1, 3, element(n1.segment, 4) !== ''),
    code: r.text(n1, 4, element(n1.segment, 3) !== ''),
    address: null,
  };
  let next = index + 1;
  for (; next < body.length && IN_LOOP.has(body[next]!.segment.id); next++) {
    const at = body[next]!;
    party.address ??= { lines: [], city: '', region: '', postalCode: '', country: '' };
    const address = party.address;
    if (at.segment.id === 'N3') address.lines.push(...[r.text(at, 1, true), r.text(at, 2)].filter(Boolean));
    if (at.segment.id === 'N4') {
      Object.assign(address, {
        city: r.text(at, 1),
        region: r.text(at, 2),
        postalCode: r.text(at, 3),
        country: r.text(at, 4),
      });
    }
  }
  if (party.address && party.address.lines.length === 0 && !party.address.city) party.address = null;
  return { party, next };
}

export function partySegments(party: Party): SegmentDraft[] {
  const segments = [draft('N1', party.role, party.name, party.codeQualifier, party.code)];
  const address = party.address;
  if (!address) return segments;
  for (let i = 0; i < address.lines.length; i += 2)
    segments.push(draft('N3', ...address.lines.slice(i, i + 2)));
  const place = [address.city, address.region, address.postalCode, address.country];
  if (place.some(Boolean)) segments.push(draft('N4', ...place));
  return segments;
}
