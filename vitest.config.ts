import { defineConfig } from 'vitest/config';

// CI (.ci/run) asks for a JSON report to count passed and failed tests.
const report = process.env.KEFU_TEST_REPORT;

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: report ? ['default', 'json'] : ['default'],
    outputFile: report ? { json: report } : undefined,
  },
});
