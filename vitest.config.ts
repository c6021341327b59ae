import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig(async () => {
  const migrations = await readD1Migrations('./db/migrations');
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            CREDENTIALS_KEY: 'dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdCE=',
          },
        },
      }),
    ],
    test: {
      include: ['tests/{api,do,domain}/**/*.test.ts'],
      setupFiles: ['./tests/setup/apply-migrations.ts'],
      globalSetup: ['./tests/node/fake-servers.ts'],
    },
  };
});
