/**
 * Takes `need` units from the lines in their order (first line first), each line giving at most what `left`
 * still holds for it, and lowers `left` by what was taken. Returns what each line gave and the units no line
 * could give.
 */
export function spreadUnits<L extends { id: string }>(
  lines: readonly L[],
  left: Map<string, number>,
  need: number,
): { taken: { line: L; quantity: number }[]; short: number } {
  const taken: { line: L; quantity: number }[] = [];
  let short = need;
  for (const line of lines) {
    const take = Math.min(short, left.get(line.id) ?? 0);
    if (take === 0) continue;
    left.set(line.id, (left.get(line.id) ?? 0) - take);
    short -= take;
    taken.push({ line, quantity: take });
  }
  return { taken, short };
}
