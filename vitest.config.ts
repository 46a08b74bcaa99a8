import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A guard against hangs, not a speed bound (speed lives in bench/): the determinism and stopping
    // tests run whole scenarios several times and pass 60 s on a loaded 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
