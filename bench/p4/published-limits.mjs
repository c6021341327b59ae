// CHANNEL_RATE_LIMITS as the measured tree states them. rate-limits.ts uses a parameter property, which Node's
// type stripping refuses, so it is transpiled with TypeScript (it imports nothing) and loaded from a data URL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** The published default { capacity, refillPerSecond } of each channel operation, from `tree`'s source. */
export async function publishedLimits(tree) {
  const source = readFileSync(join(tree, 'worker/domain/channels/rate-limits.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const module = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);
  return module.CHANNEL_RATE_LIMITS;
}
