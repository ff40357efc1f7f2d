import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Servers started by tests bind to 127.0.0.1 on port 0, so files can run in parallel.
    pool: 'forks',
  },
});
