/** Narrowing helpers for carrier JSON we did not write: each returns undefined instead of trusting a shape. */

export type Json = Record<string, unknown>;

export const obj = (x: unknown): Json | undefined =>
  typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Json) : undefined;

export const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

export const str = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined);

export const num = (x: unknown): number | undefined =>
  typeof x === 'number' && Number.isFinite(x) ? x : undefined;

/** Every string inside a value, depth first: carrier error bodies nest their messages unpredictably. */
export function allStrings(x: unknown): string[] {
  if (typeof x === 'string') return x === '' ? [] : [x];
  if (Array.isArray(x)) return x.flatMap(allStrings);
  const o = obj(x);
  return o ? Object.values(o).flatMap(allStrings) : [];
}

/** The object without its undefined fields, so request bodies carry only what we know. */
export const compact = <T extends Json>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
