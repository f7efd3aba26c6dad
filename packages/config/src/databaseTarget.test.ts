import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  type DatabaseTarget,
  DEFAULT_SHARED_DB,
  describeTarget,
  InvalidDatabaseNameError,
  InvalidDatabaseSettingError,
  InvalidDatabaseUrlError,
  modelDatabaseTarget,
  redactSecrets,
  resolveDatabaseServer,
  sharedDatabaseTarget,
} from './databaseTarget'
import { PasswordFileError, readSettings } from './settings'

/** A password no test could produce by accident: any leak is easy to spot. */
const PASSWORD = 'Zq9-s3cr3t!pa55'
const ENCODED = encodeURIComponent(PASSWORD)
const CWD = '/srv/idx'

const settings = (env: Record<string, string>) => readSettings({ env, cwd: CWD })
const model = { name: 'blub_test', database: 'idx_model_blub_test' }

/** Runs `fn` and returns what it threw. */
function thrown(fn: () => unknown): Error {
  try {
    fn()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}

/** Asserts that nothing a person may see holds the password (raw or URL-encoded). */
function expectNoPassword(text: string) {
  expect(text).not.toContain(PASSWORD)
  expect(text).not.toContain(ENCODED)
}

describe('a server URL (IDX_DATABASE_URL)', () => {
  const env = { IDX_DATABASE_URL: `postgresql://indexer:${ENCODED}@db.internal:6543/ignored?sslmode=require` }

  test('default: each database gets the server URL with its own name', () => {
    const shared = sharedDatabaseTarget(settings(env))
    expect(shared).toMatchObject({
      kind: 'postgres',
      role: { kind: 'shared' },
      database: 'idx_shared',
      host: 'db.internal',
      port: 6543,
      user: 'indexer',
      password: PASSWORD,
      params: '?sslmode=require',
      url: `postgresql://indexer:${ENCODED}@db.internal:6543/idx_shared?sslmode=require`,
      redactedUrl: 'postgresql://indexer:***@db.internal:6543/idx_shared?sslmode=require',
    })
    expect(modelDatabaseTarget(settings(env), model)).toMatchObject({
      role: { kind: 'model', model: 'blub_test' },
      database: 'idx_model_blub_test',
      url: `postgresql://indexer:${ENCODED}@db.internal:6543/idx_model_blub_test?sslmode=require`,
    })
  })

  test('behavior: IDX_SHARED_DB names the shared database', () => {
    expect(sharedDatabaseTarget(settings({ ...env, IDX_SHARED_DB: 'idx_shared_staging' })).database).toBe(
      'idx_shared_staging',
    )
    expect(DEFAULT_SHARED_DB).toBe('idx_shared')
  })

  test('behavior: port 5432 and user postgres when the URL names none; postgres:// is accepted', () => {
    expect(sharedDatabaseTarget(settings({ IDX_DATABASE_URL: 'postgres://localhost' }))).toMatchObject({
      host: 'localhost',
      port: 5432,
      user: 'postgres',
      password: undefined,
      url: 'postgresql://postgres@localhost:5432/idx_shared',
    })
  })

  test('behavior: an IPv6 host keeps one pair of brackets', () => {
    const target = sharedDatabaseTarget(settings({ IDX_DATABASE_URL: 'postgresql://u@[::1]:5433/x' }))
    expect(target).toMatchObject({ host: '::1', url: 'postgresql://u@[::1]:5433/idx_shared' })
  })

  test('behavior: a password in the query string is redacted too', () => {
    const target = sharedDatabaseTarget(
      settings({ IDX_DATABASE_URL: `postgresql://u@h/x?sslmode=require&password=${ENCODED}` }),
    )
    expect(target.kind === 'postgres' && target.redactedUrl).toBe(
      'postgresql://u@h:5432/idx_shared?sslmode=require&password=***',
    )
  })

  test.each([
    ['not a url', 'IDX_DATABASE_URL is not a valid PostgreSQL URL: it could not be parsed.'],
    [
      `mysql://root:${ENCODED}@db/x`,
      'IDX_DATABASE_URL is not a valid PostgreSQL URL: its scheme is "mysql", not postgresql.',
    ],
    [
      `postgresql:///x?password=${ENCODED}`,
      'IDX_DATABASE_URL is not a valid PostgreSQL URL: it names no host.',
    ],
    [
      `postgresql://root:${ENCODED}@db:99999/x`,
      'IDX_DATABASE_URL is not a valid PostgreSQL URL: it could not be parsed.',
    ],
    [
      `postgresql://root:${ENCODED}%zz@db/x`,
      'IDX_DATABASE_URL is not a valid PostgreSQL URL: its user, password or host holds a malformed %-escape.',
    ],
  ])('error: malformed URL %#', (url, message) => {
    const error = thrown(() => sharedDatabaseTarget(settings({ IDX_DATABASE_URL: url })))
    expect(error).toBeInstanceOf(InvalidDatabaseUrlError)
    expect((error as InvalidDatabaseUrlError).shortMessage).toBe(message)
    expectNoPassword(error.message)
  })

  test('error: port 0', () => {
    const error = thrown(() =>
      sharedDatabaseTarget(settings({ IDX_DATABASE_URL: `postgresql://u:${ENCODED}@db:0/x` })),
    )
    expect(error).toBeInstanceOf(InvalidDatabaseSettingError)
    expect(error.message).toBe(
      'The port in IDX_DATABASE_URL must be a port number between 1 and 65535, got "0".',
    )
  })
})

describe('discrete settings (IDX_DB_*)', () => {
  test('default: host with port 5432 and user postgres', () => {
    const target = sharedDatabaseTarget(settings({ IDX_DB_HOST: 'db.internal', IDX_DB_PASSWORD: PASSWORD }))
    expect(target).toMatchObject({
      kind: 'postgres',
      host: 'db.internal',
      port: 5432,
      user: 'postgres',
      password: PASSWORD,
      url: `postgresql://postgres:${ENCODED}@db.internal:5432/idx_shared`,
      redactedUrl: 'postgresql://postgres:***@db.internal:5432/idx_shared',
    })
  })

  test('behavior: port and user', () => {
    const target = modelDatabaseTarget(
      settings({ IDX_DB_HOST: 'db', IDX_DB_PORT: '6000', IDX_DB_USER: 'indexer' }),
      model,
    )
    expect(target).toMatchObject({
      port: 6000,
      user: 'indexer',
      url: 'postgresql://indexer@db:6000/idx_model_blub_test',
    })
  })

  test.each(['0', '65536', 'abc', '54 32', '-1'])('error: IDX_DB_PORT %j', (port) => {
    const error = thrown(() => sharedDatabaseTarget(settings({ IDX_DB_HOST: 'db', IDX_DB_PORT: port })))
    expect(error).toBeInstanceOf(InvalidDatabaseSettingError)
    expect(error.message).toBe(`IDX_DB_PORT must be a port number between 1 and 65535, got "${port}".`)
  })

  describe('IDX_DB_PASSWORD_FILE', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'idx-secret-'))

    test('default: the file is read, its trailing newline stripped; it wins over IDX_DB_PASSWORD', () => {
      writeFileSync(path.join(dir, 'password'), `${PASSWORD}\n`)
      const target = sharedDatabaseTarget(
        readSettings({
          env: { IDX_DB_HOST: 'db', IDX_DB_PASSWORD_FILE: 'password', IDX_DB_PASSWORD: 'other' },
          cwd: dir,
        }),
      )
      expect(target).toMatchObject({
        password: PASSWORD,
        url: `postgresql://postgres:${ENCODED}@db:5432/idx_shared`,
      })
    })

    test('behavior: only one trailing newline (CRLF too) is stripped', () => {
      writeFileSync(path.join(dir, 'crlf'), `${PASSWORD} \r\n`)
      const target = sharedDatabaseTarget(
        readSettings({ env: { IDX_DB_HOST: 'db', IDX_DB_PASSWORD_FILE: path.join(dir, 'crlf') }, cwd: CWD }),
      )
      expect(target.kind === 'postgres' && target.password).toBe(`${PASSWORD} `)
    })

    test('error: a missing file names the file, not a secret', () => {
      const error = thrown(() =>
        sharedDatabaseTarget(
          readSettings({
            env: { IDX_DB_HOST: 'db', IDX_DB_PASSWORD_FILE: 'missing', IDX_DB_PASSWORD: PASSWORD },
            cwd: dir,
          }),
        ),
      )
      expect(error).toBeInstanceOf(PasswordFileError)
      expect((error as PasswordFileError).shortMessage).toBe(
        `The password file "${path.join(dir, 'missing')}" named by IDX_DB_PASSWORD_FILE could not be read (ENOENT).`,
      )
      expectNoPassword(error.message)
    })
  })
})

describe('the embedded default (PGlite)', () => {
  test('default: one directory per database under .idx in the working directory', () => {
    expect(sharedDatabaseTarget(settings({}))).toEqual({
      kind: 'pglite',
      role: { kind: 'shared' },
      database: 'idx_shared',
      dataDir: path.join(CWD, '.idx', 'idx_shared'),
    })
    expect(modelDatabaseTarget(settings({}), model)).toMatchObject({
      kind: 'pglite',
      dataDir: path.join(CWD, '.idx', 'idx_model_blub_test'),
    })
  })

  test('behavior: IDX_DATA_DIR, relative to the working directory or absolute', () => {
    expect(resolveDatabaseServer(settings({ IDX_DATA_DIR: 'data' }))).toEqual({
      kind: 'pglite',
      dataDir: path.join(CWD, 'data'),
    })
    expect(resolveDatabaseServer(settings({ IDX_DATA_DIR: '/var/lib/idx' }))).toEqual({
      kind: 'pglite',
      dataDir: '/var/lib/idx',
    })
  })

  test('behavior: describeTarget', () => {
    expect(describeTarget(sharedDatabaseTarget(settings({})))).toBe(
      `PGlite ${path.join(CWD, '.idx', 'idx_shared')}`,
    )
  })
})

describe('precedence: URL > discrete settings > PGlite', () => {
  const url = 'postgresql://from_url@url-host/x'

  test.each([
    [{ IDX_DATABASE_URL: url, IDX_DB_HOST: 'discrete-host', IDX_DATA_DIR: '/d' }, 'url-host'],
    [{ IDX_DB_HOST: 'discrete-host', IDX_DATA_DIR: '/d' }, 'discrete-host'],
    [{ IDX_DATA_DIR: '/d' }, 'pglite'],
    [{ IDX_DATABASE_URL: '  ', IDX_DB_HOST: '' }, 'pglite'],
  ])('%j', (env, expected) => {
    const target = sharedDatabaseTarget(settings(env))
    expect(target.kind === 'postgres' ? target.host : target.kind).toBe(expected)
  })

  test('behavior: a command-line override beats the environment', () => {
    const target = sharedDatabaseTarget(
      readSettings({
        env: { IDX_DATABASE_URL: url },
        cwd: CWD,
        overrides: { databaseUrl: 'postgresql://flag-host' },
      }),
    )
    expect(target.kind === 'postgres' && target.host).toBe('flag-host')
  })
})

describe('database names', () => {
  test.each(['idx"shared', 'idx shared', 'IdxShared', "idx'; drop database x; --", '1idx', 'a'.repeat(64)])(
    'error: IDX_SHARED_DB %j',
    (name) => {
      const error = thrown(() => sharedDatabaseTarget(settings({ IDX_SHARED_DB: name })))
      expect(error).toBeInstanceOf(InvalidDatabaseNameError)
      expect((error as InvalidDatabaseNameError).shortMessage).toBe(
        `The database name ${JSON.stringify(name)} from IDX_SHARED_DB is not valid.`,
      )
    },
  )

  test.each(['postgres', 'template0', 'template1'])('error: IDX_SHARED_DB names the reserved %j', (name) => {
    const error = thrown(() => sharedDatabaseTarget(settings({ IDX_SHARED_DB: name })))
    expect(error).toBeInstanceOf(InvalidDatabaseNameError)
    expect((error as InvalidDatabaseNameError).shortMessage).toMatch(
      new RegExp(`^The database name "${name}" from IDX_SHARED_DB is reserved: it is .+\\.$`),
    )
  })

  test('error: a model database named postgres', () => {
    const error = thrown(() => modelDatabaseTarget(settings({}), { name: 'blub', database: 'postgres' }))
    expect(error.message).toMatchInlineSnapshot(`
      "The database name "postgres" from the configuration of model "blub" is reserved: it is PostgreSQL's maintenance database.
      Give idx a database of its own (IDX_SHARED_DB, or the model file's model.database)."
    `)
  })

  test('error: a model database name with a space', () => {
    const error = thrown(() => modelDatabaseTarget(settings({}), { name: 'blub', database: 'idx model' }))
    expect(error).toBeInstanceOf(InvalidDatabaseNameError)
    expect(error.message).toMatchInlineSnapshot(`
      "The database name "idx model" from the configuration of model "blub" is not valid.
      Use 1 to 63 lowercase letters, digits and underscores, starting with a letter or an underscore."
    `)
  })
})

describe('secrets', () => {
  const targets: [string, () => DatabaseTarget][] = [
    ['URL', () => sharedDatabaseTarget(settings({ IDX_DATABASE_URL: `postgresql://u:${ENCODED}@h/x` }))],
    ['discrete', () => sharedDatabaseTarget(settings({ IDX_DB_HOST: 'h', IDX_DB_PASSWORD: PASSWORD }))],
  ]

  test.each(targets)(
    'behavior: the redacted URL and the description hide the password (%s)',
    (_name, target) => {
      const resolved = target()
      expect(resolved.kind).toBe('postgres')
      if (resolved.kind !== 'postgres') return
      expectNoPassword(resolved.redactedUrl)
      expectNoPassword(describeTarget(resolved))
      expect(resolved.url).toContain(ENCODED)
    },
  )

  test('redactSecrets: URLs in any text, and named secrets raw or encoded', () => {
    const text = `connect to postgresql://u:${ENCODED}@h:5432/x failed; password ${PASSWORD}`
    const redacted = redactSecrets(text, [PASSWORD])
    expectNoPassword(redacted)
    expect(redacted).toBe('connect to postgresql://u:***@h:5432/x failed; password ***')
  })
})
