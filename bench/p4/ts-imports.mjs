// The fake channels in tests/node import their sibling modules without an extension, as vitest (Vite) resolves
// them; Node's own loader does not. This resolves such a relative import to the `.ts` file beside it.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (err) {
      const relative = specifier.startsWith('./') || specifier.startsWith('../');
      if (!relative || /\.[cm]?[jt]s$/.test(specifier) || err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
      return nextResolve(`${specifier}.ts`, context);
    }
  },
});
