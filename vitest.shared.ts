import { defineConfig } from 'vitest/config'

/**
 * Vitest settings shared by every package: workspace imports resolve to
 * TypeScript sources (the `@idx/source` export condition), tests run in
 * forks so that native handles (pg pools, PGlite, anvil) are isolated.
 */
export const sharedVitestConfig = defineConfig({
  resolve: { conditions: ['@idx/source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['@idx/source', 'module', 'node', 'development|production'] } },
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
})
