import { type ChildProcess, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PostgresTarget } from '@idx/config'
import { fixtureMigrationsDir, pausePreloadPath, type TestDatabase, testDatabase } from '@idx/testkit'
import pg from 'pg'
import { afterEach, describe, expect, test } from 'vitest'
import { MigrationError } from '../errors'
import { connectTarget } from '../runtime/connection'
import { createDatabase } from '../runtime/databases'
import { pgConfig } from '../runtime/server'
import { applyMigrations } from './applyMigrations'
import { migrationStatus } from './migrationStatus'

const fixtures = fixtureMigrationsDir
const pause = pausePreloadPath
const migrate = fileURLToPath(new URL('./applyMigrations.ts', import.meta.url))
const FIRST = '20260101000000_first'
const SECOND = '20260102000000_second'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

function fresh(kind: 'postgres' | 'pglite'): TestDatabase {
  const db = testDatabase(kind, { kind: 'model', model: 'widgets' })
  cleanups.push(db.drop)
  return db
}

/** A private copy of the fixture migrations (a test may add one). */
function migrations(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'idx-recover-')), 'migrations')
  cpSync(fixtures, dir, { recursive: true })
  cleanups.push(() => rmSync(path.dirname(dir), { recursive: true, force: true }))
  return dir
}

async function query<Row>(db: TestDatabase, sql: string): Promise<Row[]> {
  const connection = await connectTarget(db.target)
  try {
    return await connection.query<Row>(sql)
  } finally {
    await connection.close()
  }
}

/**
 * Runs applyMigrations in a process of its own that holds still at `where`
 * (see @idx/testkit's preload/pause.ts), SIGKILLs it there and waits for it to be gone.
 */
async function killMigrating(db: TestDatabase, dir: string, where: string): Promise<void> {
  const script = `
    import { applyMigrations } from ${JSON.stringify(migrate)}
    await applyMigrations({ target: JSON.parse(process.env.TARGET), migrationsDir: process.env.DIR })
    process.stderr.write('IDX_TEST_FINISHED\\n')
  `
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--conditions=@idx/source',
      '--import',
      'tsx',
      '--import',
      pause,
      '--input-type=module',
      '--eval',
      script,
    ],
    {
      env: { ...process.env, TARGET: JSON.stringify(db.target), DIR: dir, IDX_TEST_PAUSE: where },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  let stderr = ''
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk) => {
      stderr += chunk
      if (stderr.includes('IDX_TEST_PAUSED')) resolve()
      if (stderr.includes('IDX_TEST_FINISHED')) reject(new Error(`It finished without pausing: ${stderr}`))
    })
    child.on('close', () => reject(new Error(`It exited before pausing: ${stderr}`)))
  })
  child.kill('SIGKILL')
  await exited
}

type Row = { migration_name: string; finished: boolean; rolled_back: boolean; logs: string | null }
const history = (db: TestDatabase) =>
  query<Row>(
    db,
    `select migration_name, finished_at is not null as finished, rolled_back_at is not null as rolled_back, logs
       from "_prisma_migrations" order by started_at, migration_name`,
  )
const columns = async (db: TestDatabase) =>
  (
    await query<{ name: string }>(
      db,
      `select column_name as name from information_schema.columns where table_name = 'widget' order by column_name`,
    )
  ).map((row) => row.name)

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  test('behavior: a migration killed before its transaction committed is detected and applied again', async () => {
    const db = fresh(kind)
    const dir = migrations()
    await killMigrating(db, dir, `before:${path.join(dir, SECOND, 'migration.sql')}`)

    // What the killed process left: the second migration's start, unfinished, with no error;
    // and the schema of the first migration alone.
    expect(await history(db)).toEqual([
      { migration_name: FIRST, finished: true, rolled_back: false, logs: null },
      { migration_name: SECOND, finished: false, rolled_back: false, logs: null },
    ])
    expect(await columns(db)).toEqual(['id', 'name'])
    const status = await migrationStatus({ target: db.target, migrationsDir: dir })
    expect(status).toMatchObject({ interrupted: [SECOND], failed: [], upToDate: false })

    const result = await applyMigrations({ target: db.target, migrationsDir: dir })
    expect(result.recovered).toEqual([{ migration: SECOND, action: 'retried' }])
    expect(result.applied).toEqual([SECOND])
    expect(await columns(db)).toEqual(['amount', 'id', 'name'])
    expect((await history(db)).map((row) => [row.migration_name, row.finished, row.rolled_back])).toEqual([
      [FIRST, true, false],
      [SECOND, false, true], // the interrupted attempt, kept as Prisma keeps resolved ones
      [SECOND, true, false],
    ])
    expect((await migrationStatus({ target: db.target, migrationsDir: dir })).upToDate).toBe(true)
  })

  test('behavior: a migration killed after its transaction committed is recorded as applied, not run twice', async () => {
    const db = fresh(kind)
    const dir = migrations()
    await killMigrating(db, dir, `after:${path.join(dir, SECOND, 'migration.sql')}`)

    expect((await history(db)).map((row) => [row.migration_name, row.finished])).toEqual([
      [FIRST, true],
      [SECOND, false],
    ])
    expect(await columns(db)).toEqual(['amount', 'id', 'name']) // its changes are in

    const result = await applyMigrations({ target: db.target, migrationsDir: dir })
    expect(result.recovered).toEqual([{ migration: SECOND, action: 'marked-applied' }])
    expect(result.applied).toEqual([])
    expect((await migrationStatus({ target: db.target, migrationsDir: dir })).upToDate).toBe(true)
  })

  test('behavior: the first migration killed leaves an empty database that migrates', async () => {
    const db = fresh(kind)
    const dir = migrations()
    await killMigrating(db, dir, `before:${path.join(dir, FIRST, 'migration.sql')}`)
    expect(await history(db)).toEqual([
      { migration_name: FIRST, finished: false, rolled_back: false, logs: null },
    ])
    expect(await columns(db)).toEqual([])

    const result = await applyMigrations({ target: db.target, migrationsDir: dir })
    expect(result).toMatchObject({
      createdDatabase: false,
      recovered: [{ migration: FIRST, action: 'retried' }],
      applied: [FIRST, SECOND],
    })
  })
})

test('error: an interrupted migration that left part of its changes is reported, not guessed', async () => {
  // A migration that commits half-way (an explicit COMMIT), then waits for an advisory lock this
  // test holds (a scratch database replaying it takes the lock at once): killed while it waits.
  const db = fresh('postgres')
  const dir = migrations()
  const third = path.join(dir, '20260103000000_third')
  cpSync(path.join(dir, SECOND), third, { recursive: true })
  writeFileSync(
    path.join(third, 'migration.sql'),
    'ALTER TABLE "widget" ADD COLUMN "half" TEXT;\nCOMMIT;\nSELECT pg_advisory_lock(4242);\nALTER TABLE "widget" ADD COLUMN "rest" TEXT;\n',
  )
  await createDatabase(db.target)
  const blocking = new pg.Client(pgConfig(db.target as PostgresTarget))
  blocking.on('error', () => {}) // ended by the database's drop when the test fails early
  await blocking.connect()
  cleanups.unshift(() => blocking.end().catch(() => {}))
  await blocking.query('select pg_advisory_lock(4242)')
  const child = spawn(
    process.execPath,
    [
      '--conditions=@idx/source',
      '--import',
      'tsx',
      '--input-type=module',
      '--eval',
      `import { applyMigrations } from ${JSON.stringify(migrate)}
       await applyMigrations({ target: JSON.parse(process.env.TARGET), migrationsDir: process.env.DIR })`,
    ],
    { env: { ...process.env, TARGET: JSON.stringify(db.target), DIR: dir }, stdio: 'ignore' },
  )
  const exited = new Promise((resolve) => child.on('close', resolve))
  // Wait until the migration waits for the lock (its first half committed).
  for (let i = 0; ; i++) {
    const { rows } = await blocking.query(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and query like '%pg_advisory_lock(4242)%'`,
    )
    if (rows[0]?.n) break
    if (i > 600) throw new Error('The migration never reached the lock.')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  await exited
  // Its backend may still wait for the lock: end it (as a restarted server would), then let go.
  await blocking.query(
    `select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`,
  )
  await blocking.query('select pg_advisory_unlock(4242)')
  expect(await columns(db)).toEqual(['amount', 'half', 'id', 'name'])

  const error = await applyMigrations({ target: db.target, migrationsDir: dir }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(MigrationError)
  expect((error as MigrationError).shortMessage).toMatch(
    /^The migration "20260103000000_third" of .+ was interrupted, and the database's schema is neither what the migrations before it produce nor what it produces\.$/,
  )
  expect((error as MigrationError).details[1]).toContain(
    'idx migrate resolve --applied 20260103000000_third --model widgets',
  )
  // Nothing was marked: the history still says interrupted.
  expect((await migrationStatus({ target: db.target, migrationsDir: dir })).interrupted).toEqual([
    '20260103000000_third',
  ])
})
