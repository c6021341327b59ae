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
            // test-only VAPID pair (scripts/vapid-keys.mjs); tests/node/push-endpoint.ts checks pushes against it
            VAPID_PUBLIC_KEY:
              'BB-_7ECvoHxe6PH6-ZDXORQm2SqfVUH12s5zrYU71wGfFI35g6Hdh6uIsdh5uRcXFYQq-JWGfdETpSE_MRl0zfA',
            VAPID_PRIVATE_KEY: 'c6hLzqDLP_XBnKXk6uuV82yHG2je8omBOYGLUu5f6sU',
            VAPID_SUBJECT: 'mailto:ops@switchyard.test',
          },
        },
      }),
    ],
    test: {
      include: ['tests/{api,do,domain}/**/*.test.ts'],
      // real queues, crons and Durable Objects in workerd: a few seconds is normal, on 2 busy cores more
      testTimeout: 20_000,
      setupFiles: ['./tests/setup/apply-migrations.ts'],
      globalSetup: ['./tests/node/fake-servers.ts'],
    },
  };
});
