/** Grouping by (channel, location, day), and rates that keep the ids behind both of their numbers. */

/** `location` is null where the KPI's unit is a whole order, which may ship from several locations. */
export interface BucketKey {
  channel: string;
  location: string | null;
  day: string;
}

/** A ratio that is null, never NaN, when nothing was counted; the ids are the drill-down. */
export interface Rate {
  numerator: number;
  denominator: number;
  ratio: number | null;
  ids: { numerator: string[]; denominator: string[] };
}

export type RateBucket = BucketKey & Rate;

export const ratio = (numerator: number, denominator: number) =>
  denominator === 0 ? null : numerator / denominator;

const keyOf = (k: BucketKey) => JSON.stringify([k.day, k.channel, k.location]);

const byKey = (a: BucketKey, b: BucketKey) =>
  a.day.localeCompare(b.day) ||
  a.channel.localeCompare(b.channel) ||
  (a.location ?? '').localeCompare(b.location ?? '');

/** Groups items by bucket key and folds each group; buckets come out by day, channel, location. */
export function groupBuckets<T, B>(
  items: readonly T[],
  key: (item: T) => BucketKey,
  fold: (key: BucketKey, items: T[]) => B,
): (BucketKey & B)[] {
  const groups = new Map<string, { key: BucketKey; items: T[] }>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(keyOf(k)) ?? { key: k, items: [] };
    group.items.push(item);
    groups.set(keyOf(k), group);
  }
  return [...groups.values()]
    .sort((a, b) => byKey(a.key, b.key))
    .map((g) => ({ ...g.key, ...fold(g.key, g.items) }));
}

/** One counted unit: its id, its weight in the denominator (usually 1) and in the numerator (0 when not in it). */
export interface RateEntry {
  key: BucketKey;
  id: string;
  denominator: number;
  numerator: number;
}

const unique = (ids: string[]) => [...new Set(ids)].sort();

/** Sums entries into a rate; ids are listed once each, sorted. */
export function toRate(entries: readonly Omit<RateEntry, 'key'>[]): Rate {
  const numerator = entries.reduce((s, e) => s + e.numerator, 0);
  const denominator = entries.reduce((s, e) => s + e.denominator, 0);
  return {
    numerator,
    denominator,
    ratio: ratio(numerator, denominator),
    ids: {
      numerator: unique(entries.filter((e) => e.numerator > 0).map((e) => e.id)),
      denominator: unique(entries.filter((e) => e.denominator > 0).map((e) => e.id)),
    },
  };
}

export const rateBuckets = (entries: readonly RateEntry[]): RateBucket[] =>
  groupBuckets(
    entries,
    (e) => e.key,
    (_, group) => toRate(group),
  );

/** Adds rates up (other days, locations): their units must be disjoint, as every KPI here keeps them. */
export function sumRates(rates: readonly Rate[]): Rate {
  const numerator = rates.reduce((s, r) => s + r.numerator, 0);
  const denominator = rates.reduce((s, r) => s + r.denominator, 0);
  return {
    numerator,
    denominator,
    ratio: ratio(numerator, denominator),
    ids: {
      numerator: unique(rates.flatMap((r) => r.ids.numerator)),
      denominator: unique(rates.flatMap((r) => r.ids.denominator)),
    },
  };
}

/** The buckets whose day is within [from, to] (YYYY-MM-DD, inclusive). */
export const betweenDays = <B extends BucketKey>(buckets: readonly B[], from: string, to: string) =>
  buckets.filter((b) => b.day >= from && b.day <= to);
