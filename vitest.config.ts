import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/**
 * One project per runtime: `node` (shared code, build checks) runs in Node; `worker` runs inside workerd
 * (the Cloudflare Vitest integration) with the real app and a local D1 to
 * which the migrations are applied before each test file.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['tests/shared/**/*.test.ts', 'tests/build/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations('worker/migrations'),
                ADMIN_TOKEN: 'test-admin-token-0123456789abcdef',
                // The authorization matrix fails on purpose many times a minute.
                AUTH_FAILURE_LIMIT: '100000',
              },
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['tests/worker/**/*.test.ts'],
          setupFiles: ['tests/worker/setup.ts'],
        },
      },
    ],
  },
});
