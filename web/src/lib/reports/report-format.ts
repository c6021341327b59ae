/** How the dashboard writes its numbers: durations, rates and counts. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "45 s", "12 min", "3 h 20 min", "2 d 4 h": the two largest units, rounded down. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < MINUTE) return `${Math.floor(ms / 1000)} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return `${Math.floor(ms / HOUR)} h${minutes ? ` ${minutes} min` : ''}`;
  }
  const hours = Math.floor((ms % DAY) / HOUR);
  return `${Math.floor(ms / DAY)} d${hours ? ` ${hours} h` : ''}`;
}

/** A ratio as a percentage with one decimal; '–' when nothing was counted. */
export const formatPercent = (ratio: number | null): string =>
  ratio === null ? '–' : `${(ratio * 100).toFixed(1)}%`;

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
