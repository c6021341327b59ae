// P2 only (`npm run bench` runs it in its snapshot of the repo): the main vitest.config.ts includes
// tests/{api,do,domain} and never sees bench/.
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: { bindings: { DEMO_MODE: 'false', P2_SECONDS: process.env.P2_SECONDS ?? '8' } },
    }),
  ],
  test: { include: ['bench/p2/*.test.ts'], testTimeout: 120_000 },
});
