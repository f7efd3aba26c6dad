import { fileURLToPath } from 'node:url'
import { defineConfig, mergeConfig } from 'vitest/config'

/**
 * The vitest globalSetup that finds (or starts from npm) the run's PostgreSQL server once, before any
 * integration test, and hands it on as `IDX_TEST_DATABASE_URL`.
 */
export const testPostgresGlobalSetup = fileURLToPath(
  new URL('./packages/testkit/src/testPostgresGlobalSetup.ts', import.meta.url),
)

/**
 * Settings every test run shares: workspace imports resolve to TypeScript sources (the
 * `@idx/source` export condition), and tests run in forks so that native handles (pg pools,
 * PGlite, anvil) are isolated.
 */
export const baseVitestConfig = defineConfig({
  resolve: { conditions: ['@idx/source', 'module', 'node', 'development|production'] },
  // Node itself loads dependencies with these conditions (vitest passes them as --conditions):
  // no "module", whose builds (the AWS SDK's) import without file extensions, as bundlers do.
  ssr: { resolve: { conditions: ['@idx/source', 'node', 'development|production'] } },
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})

/**
 * Every package's vitest config: two projects, two tiers.
 *
 * - `unit`: `*.test.ts` — pure code, no PostgreSQL, PGlite or anvil, no global setup, files not
 *   isolated from each other (a pure test leaves no state behind); seconds.
 *   `vitest run --project unit` (`pnpm test:unit` at the root runs it in every package).
 * - `integration`: `*.int.test.ts` — tests that talk to PostgreSQL, PGlite or anvil; the run's
 *   PostgreSQL server is found (or started from npm) once, before any of them.
 *
 * `vitest run` runs both.
 */
export const sharedVitestConfig = mergeConfig(
  baseVitestConfig,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
            exclude: ['**/*.int.test.ts', '**/node_modules/**'],
            // Pure tests hold no native handles: the files of a worker share its module graph
            // (viem, zod, …) instead of importing it again for each file — about 4× faster.
            isolate: false,
          },
        },
        {
          extends: true,
          test: {
            name: 'integration',
            include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
            globalSetup: [testPostgresGlobalSetup],
          },
        },
      ],
    },
  }),
)
