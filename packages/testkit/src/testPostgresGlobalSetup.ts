import { readSettings } from '@idx/config'
import { resolveTestPostgres } from './resolveTestPostgres'

/**
 * A vitest `globalSetup`: finds the PostgreSQL server of the run (see
 * `resolveTestPostgres`), hands its URL to every test process as `IDX_TEST_DATABASE_URL`,
 * says once which server it is, and stops a server it started when the run ends.
 *
 * Under the root `pnpm test` the server is already chosen (and announced, with
 * `IDX_TEST_DATABASE_ANNOUNCED`) for every package: this only checks that it answers.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['…/testkit/src/testPostgresGlobalSetup.ts'] } })
 * ```
 */
export default async function testPostgresGlobalSetup(): Promise<() => Promise<void>> {
  const env = readSettings().env
  const postgres = await resolveTestPostgres({ env })
  process.env.IDX_TEST_DATABASE_URL = postgres.url
  if (env.IDX_TEST_DATABASE_ANNOUNCED !== '1') console.log(postgres.summary)
  return () => postgres.stop()
}
