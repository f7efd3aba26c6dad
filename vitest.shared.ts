import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/**
 * Vitest settings shared by every package: workspace imports resolve to
 * TypeScript sources (the `@idx/source` export condition), tests run in
 * forks so that native handles (pg pools, PGlite, anvil) are isolated, and
 * the run's PostgreSQL server is found (or started from npm) once, before
 * any test, and handed on as `IDX_TEST_DATABASE_URL`.
 */
export const sharedVitestConfig = defineConfig({
  resolve: { conditions: ['@idx/source', 'module', 'node', 'development|production'] },
  // Node itself loads dependencies with these conditions (vitest passes them as --conditions):
  // no "module", whose builds (the AWS SDK's) import without file extensions, as bundlers do.
  ssr: { resolve: { conditions: ['@idx/source', 'node', 'development|production'] } },
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: [
      fileURLToPath(new URL('./packages/testkit/src/testPostgresGlobalSetup.ts', import.meta.url)),
    ],
  },
})
