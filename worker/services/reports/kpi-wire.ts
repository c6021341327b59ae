/** KPI results as the API shows them: snake_case keys, and counts where the functions keep id lists. */

const snake = (key: string) =>
  /^[a-z][A-Za-z0-9]*$/.test(key) ? key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase() : key;

const isIdList = (key: string) => key === 'ids' || key.endsWith('Ids');

/** Drops the id lists (the drill-down serves them) and renames keys to snake_case, at any depth. */
export function summaryOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(summaryOf);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !isIdList(key))
      .map(([key, v]) => [snake(key), summaryOf(v)]),
  );
}

export type IdRole = 'numerator' | 'denominator' | 'listed';

/** Every id a bucket keeps, with the number it is behind: a rate's numerator or denominator, or a plain list. */
export function idsIn(value: unknown, role: IdRole = 'listed'): { id: string; role: IdRole }[] {
  if (Array.isArray(value))
    return value.flatMap((v) => (typeof v === 'string' ? [{ id: v, role }] : idsIn(v, role)));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => {
    if (key === 'ids' && v && typeof v === 'object') {
      const rate = v as { numerator?: unknown; denominator?: unknown };
      return [...idsIn(rate.numerator, 'numerator'), ...idsIn(rate.denominator, 'denominator')];
    }
    if (isIdList(key)) return idsIn(v, role);
    return typeof v === 'object' ? idsIn(v, role) : [];
  });
}
