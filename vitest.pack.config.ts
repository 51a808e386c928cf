import { defineConfig } from 'vitest/config';

// `npm run test:pack`: the packed tarball, installed and started like a user would (scripts/packed-tarball.pack-test.ts).
// Apart from the unit suite: `npm pack` rebuilds dist/ and build/, which unit tests read, and installing the tarball
// takes minutes where better-sqlite3 has no prebuilt binary to download and compiles from source.
export default defineConfig({
  test: {
    include: ['scripts/**/*.pack-test.ts'],
    environment: 'node',
    testTimeout: 1_800_000,
    hookTimeout: 60_000,
  },
});
