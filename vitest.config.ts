import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // The CLI tests run the package's bin, the esbuild bundle: built once here, before any file runs.
    globalSetup: ['tests/support/build-bundle.global.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Servers started by tests bind to 127.0.0.1 on port 0, so files can run in parallel.
    pool: 'forks',
  },
});
