import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { connectTarget } from '@idx/database'
import { migrateSharedDb, sharedMigrationsDir } from '@idx/shared-db'
import { testDatabase, testServerUrl } from '@idx/testkit'
import { afterAll, describe, expect, test } from 'vitest'
import { runCli, spawnCli } from '../_test/cli'
import { startPasswordRejectingServer } from '../_test/fakeAuthServer'

const SERVER = testServerUrl()
const migrations = readdirSync(sharedMigrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup()
})

/** A fresh shared database name on the local server, dropped after the file. */
function freshShared() {
  const db = testDatabase('postgres')
  cleanups.push(db.drop)
  return { env: { IDX_DATABASE_URL: SERVER, IDX_SHARED_DB: db.target.database }, db }
}

async function migrationRows(target: Parameters<typeof connectTarget>[0]) {
  const connection = await connectTarget(target)
  try {
    return await connection.query<{ migration_name: string }>(
      'select migration_name from "_prisma_migrations" order by migration_name',
    )
  } finally {
    await connection.close()
  }
}

describe('idx migrate', () => {
  test('default: migrates the embedded PGlite default, then reports it up to date', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'idx-cli-'))
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }))
    const env = { IDX_DATA_DIR: dataDir }

    const first = await runCli(['migrate'], env)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(`shared idx_shared (created): applied ${migrations.length} migration(s)`)
    expect(first.stdout).toContain(`PGlite ${path.join(dataDir, 'idx_shared')}`)

    const again = await runCli(['migrate', '--json'], env)
    expect(again.code).toBe(0)
    const result = JSON.parse(again.stdout) as { databases: { database: string; applied: string[] }[] }
    expect(result.databases).toEqual([expect.objectContaining({ database: 'idx_shared', applied: [] })])

    const status = await runCli(['migrate', 'status', '--json'], env)
    expect(status.code).toBe(0)
    expect(JSON.parse(status.stdout).databases[0]).toMatchObject({
      applied: migrations,
      pending: [],
      upToDate: true,
    })
  })

  test('behavior: status on PostgreSQL reports pending migrations and exits 1 until migrated', async () => {
    const { env } = freshShared()
    const before = await runCli(['migrate', 'status', '--shared', '--json'], env)
    expect(before.code).toBe(1)
    expect(JSON.parse(before.stdout).databases[0]).toMatchObject({
      databaseExists: false,
      pending: migrations,
    })

    expect((await runCli(['migrate', '--shared'], env)).code).toBe(0)
    const after = await runCli(['migrate', 'status', '--shared'], env)
    expect(after.code).toBe(0)
    expect(after.stdout).toContain('up to date')
  })

  test('behavior: two idx migrate processes at once apply each migration once', async () => {
    const { env, db } = freshShared()
    const [a, b] = await Promise.all([
      spawnCli(['migrate', '--shared'], env),
      spawnCli(['migrate', '--shared'], env),
    ])
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', ''])
    expect((await migrationRows(db.target)).map((row) => row.migration_name)).toEqual(migrations)
  })

  test('behavior: idx migrate status agrees with a database migrated by the library', async () => {
    const { env, db } = freshShared()
    await migrateSharedDb({ target: db.target })
    const status = await runCli(['migrate', 'status', '--shared', '--json'], env)
    expect(JSON.parse(status.stdout).databases[0]).toMatchObject({ applied: migrations, upToDate: true })
  })
})

describe('bad input', () => {
  const PASSWORD = 'Sup3r-Secret-Pw'

  test('error: an unreachable host', async () => {
    const result = await runCli(['migrate'], {
      IDX_DATABASE_URL: `postgresql://idx:${PASSWORD}@127.0.0.1:1/postgres`,
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatchInlineSnapshot(`
      "Error: The PostgreSQL server at "127.0.0.1:1" could not be reached (ECONNREFUSED).
        Database: postgresql://idx:***@127.0.0.1:1/idx_shared. Check IDX_DATABASE_URL or IDX_DB_HOST / IDX_DB_PORT.
      "
    `)
  })

  test('error: a wrong password', async () => {
    const server = await startPasswordRejectingServer()
    try {
      const result = await runCli(['migrate'], {
        IDX_DB_HOST: '127.0.0.1',
        IDX_DB_PORT: String(server.port),
        IDX_DB_USER: 'idx',
        IDX_DB_PASSWORD: PASSWORD,
      })
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(
        `The PostgreSQL server at "127.0.0.1:${server.port}" refused the credentials of user "idx".`,
      )
      expect(result.stderr + result.stdout).not.toContain(PASSWORD)
    } finally {
      await server.close()
    }
  })

  test('error: a wrong password given in the URL is never printed, even with --verbose', async () => {
    const server = await startPasswordRejectingServer()
    try {
      const result = await runCli(['migrate', '--verbose'], {
        IDX_DATABASE_URL: `postgresql://idx:${PASSWORD}@127.0.0.1:${server.port}/postgres`,
      })
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('refused the credentials')
      expect(result.stderr).toContain('    at ') // the stack is there with --verbose…
      expect(result.stderr + result.stdout).not.toContain(PASSWORD) // …the password is not
    } finally {
      await server.close()
    }
  })

  test.each([
    ['quotes', 'idx"shared'],
    ['spaces', 'idx shared'],
  ])('error: a database name with %s', async (_, name) => {
    const result = await runCli(['migrate'], { IDX_DATABASE_URL: SERVER, IDX_SHARED_DB: name })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `The database name ${JSON.stringify(name)} from IDX_SHARED_DB is not valid.`,
    )
  })

  test('error: a missing password file', async () => {
    const result = await runCli(['migrate'], {
      IDX_DB_HOST: '127.0.0.1',
      IDX_DB_PASSWORD_FILE: '/run/secrets/no-such-idx-password',
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'The password file "/run/secrets/no-such-idx-password" named by IDX_DB_PASSWORD_FILE could not be read (ENOENT).',
    )
  })

  test('error: a password file is read, and its content never printed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'idx-secret-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(path.join(dir, 'password'), `${PASSWORD}\n`)
    const result = await runCli(['migrate'], {
      IDX_DB_HOST: '127.0.0.1',
      IDX_DB_PORT: '1',
      IDX_DB_PASSWORD_FILE: path.join(dir, 'password'),
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('could not be reached')
    expect(result.stderr).toContain(':***@127.0.0.1:1/idx_shared')
    expect(result.stderr).not.toContain(PASSWORD)
  })

  test.each([
    ['unparseable', `postgresql://idx:${PASSWORD}@:5432:x/db`],
    ['another scheme', `mysql://idx:${PASSWORD}@127.0.0.1/db`],
  ])('error: a malformed URL (%s)', async (_, url) => {
    const result = await runCli(['migrate'], { IDX_DATABASE_URL: url })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^Error: IDX_DATABASE_URL is not a valid PostgreSQL URL: /)
    expect(result.stderr).not.toContain(PASSWORD)
  })

  test('error: an unknown command suggests the nearest one', async () => {
    const result = await runCli(['migrat'], {})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('(Did you mean migrate?)')
  })
})
