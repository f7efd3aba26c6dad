import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { fixtureMigrationsDir, type TestDatabase, testDatabase } from '@idx/testkit'
import { afterEach, describe, expect, test } from 'vitest'
import { MigrationFailedError } from '../errors'
import { connectTarget } from '../runtime/connection'
import { applyMigrations } from './applyMigrations'
import { migrationStatus } from './migrationStatus'
import { resolveMigration } from './resolveMigration'

const fixtures = fixtureMigrationsDir

/** A private copy of the fixture migrations, so a test can edit or extend it. */
function copyFixtures(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'idx-migrations-')), 'migrations')
  cpSync(fixtures, dir, { recursive: true })
  return dir
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

function fresh(kind: 'postgres' | 'pglite'): TestDatabase {
  const db = testDatabase(kind, { kind: 'model', model: 'widgets' })
  cleanups.push(db.drop)
  return db
}

async function query<Row>(db: TestDatabase, sql: string): Promise<Row[]> {
  const connection = await connectTarget(db.target)
  try {
    return await connection.query<Row>(sql)
  } finally {
    await connection.close()
  }
}

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  test('behavior: no engine timer outlives the command (a process that migrates can exit at once)', async () => {
    const db = fresh(kind)
    // A process of its own (no test runner timers): migrate, check status, then list what is
    // still keeping it alive. The schema engine used to leave a 10-second timer behind.
    const script = `
      import { applyMigrations } from ${JSON.stringify(fileURLToPath(new URL('./applyMigrations.ts', import.meta.url)))}
      import { migrationStatus } from ${JSON.stringify(fileURLToPath(new URL('./migrationStatus.ts', import.meta.url)))}
      const target = JSON.parse(process.env.TARGET)
      await applyMigrations({ target, migrationsDir: process.env.DIR })
      await migrationStatus({ target, migrationsDir: process.env.DIR })
      process.stdout.write(JSON.stringify(process.getActiveResourcesInfo()))
    `
    const child = spawnSync(
      process.execPath,
      ['--conditions=@idx/source', '--import', 'tsx', '--input-type=module', '--eval', script],
      { env: { ...process.env, TARGET: JSON.stringify(db.target), DIR: fixtures }, encoding: 'utf8' },
    )
    expect(child.status, child.stderr).toBe(0)
    expect(JSON.parse(child.stdout)).not.toContain('Timeout')
  })

  test('default: creates the database and applies every migration once', async () => {
    const db = fresh(kind)
    const first = await applyMigrations({ target: db.target, migrationsDir: fixtures })
    expect(first).toEqual({
      createdDatabase: true,
      applied: ['20260101000000_first', '20260102000000_second'],
      known: ['20260101000000_first', '20260102000000_second'],
      recovered: [],
      marker: undefined,
      adopted: false,
    })
    const second = await applyMigrations({ target: db.target, migrationsDir: fixtures })
    expect(second.applied).toEqual([])
    expect(second.createdDatabase).toBe(false)

    const rows = await query<{ migration_name: string; finished_at: Date | null; checksum: string }>(
      db,
      'select migration_name, finished_at, checksum from "_prisma_migrations" order by migration_name',
    )
    expect(rows.map((row) => row.migration_name)).toEqual(['20260101000000_first', '20260102000000_second'])
    expect(rows.every((row) => row.finished_at !== null && /^[0-9a-f]{64}$/.test(row.checksum))).toBe(true)
  })

  test('behavior: the tables carry their constraints', async () => {
    const db = fresh(kind)
    await applyMigrations({ target: db.target, migrationsDir: fixtures })
    const connection = await connectTarget(db.target)
    try {
      await connection.query(`insert into widget (id, name, amount) values (1, 'a', 10)`)
      await expect(connection.query(`insert into widget (id, name) values (2, 'a')`)).rejects.toThrow(
        /widget_name_key|duplicate key/,
      )
      await expect(connection.query(`insert into widget (id, name) values (1, 'b')`)).rejects.toThrow(
        /widget_pkey|duplicate key/,
      )
    } finally {
      await connection.close()
    }
  })

  test('behavior: status reports pending, applied and edited migrations', async () => {
    const db = fresh(kind)
    const dir = copyFixtures()
    cleanups.push(async () => rmSync(path.dirname(dir), { recursive: true, force: true }))

    const before = await migrationStatus({ target: db.target, migrationsDir: dir })
    expect(before).toMatchObject({
      databaseExists: false,
      pending: ['20260101000000_first', '20260102000000_second'],
    })
    expect(before.upToDate).toBe(false)

    await applyMigrations({ target: db.target, migrationsDir: dir })
    const after = await migrationStatus({ target: db.target, migrationsDir: dir })
    expect(after).toEqual({
      databaseExists: true,
      hasMigrationsTable: true,
      applied: ['20260101000000_first', '20260102000000_second'],
      pending: [],
      failed: [],
      interrupted: [],
      edited: [],
      unknown: [],
      upToDate: true,
    })

    // A new migration in the folder is pending; editing an applied one is drift.
    const third = path.join(dir, '20260103000000_third')
    cpSync(path.join(dir, '20260102000000_second'), third, { recursive: true })
    writeFileSync(path.join(third, 'migration.sql'), 'ALTER TABLE "widget" ADD COLUMN "note" TEXT;\n')
    writeFileSync(path.join(dir, '20260101000000_first', 'migration.sql'), '-- edited after it was applied\n')
    const drifted = await migrationStatus({ target: db.target, migrationsDir: dir })
    expect(drifted.pending).toEqual(['20260103000000_third'])
    expect(drifted.edited).toEqual(['20260101000000_first'])
    expect(drifted.upToDate).toBe(false)
  })

  test('error: a failing migration is reported with its error and the way out, then resolved', async () => {
    const db = fresh(kind)
    const dir = copyFixtures()
    cleanups.push(async () => rmSync(path.dirname(dir), { recursive: true, force: true }))
    const broken = path.join(dir, '20260103000000_broken')
    cpSync(path.join(dir, '20260102000000_second'), broken, { recursive: true })
    writeFileSync(
      path.join(broken, 'migration.sql'),
      'ALTER TABLE "widget" ADD COLUMN "x" TEXT;\nALTER TABLE "no_such_table" ADD COLUMN "x" TEXT;\n',
    )

    const first = await applyMigrations({ target: db.target, migrationsDir: dir }).catch((e: unknown) => e)
    expect(first).toBeInstanceOf(MigrationFailedError)
    expect((first as MigrationFailedError).shortMessage).toMatch(
      /^The migration "20260103000000_broken" of .+ failed: .*no_such_table.*\.$/,
    )
    expect((first as MigrationFailedError).details.slice(1)).toEqual([
      '  idx migrate resolve --rolled-back 20260103000000_broken --model widgets && idx migrate --model widgets',
      'If you applied its changes by hand instead, mark it applied:',
      '  idx migrate resolve --applied 20260103000000_broken --model widgets',
    ])
    const status = await migrationStatus({ target: db.target, migrationsDir: dir })
    expect(status.failed).toEqual(['20260103000000_broken'])
    expect(status.interrupted).toEqual([])
    expect(status.applied).toEqual(['20260101000000_first', '20260102000000_second'])
    // Its transaction rolled back: the first statement left nothing.
    const columns = await query<{ name: string }>(
      db,
      `select column_name as name from information_schema.columns where table_name = 'widget' and column_name = 'x'`,
    )
    expect(columns).toEqual([])

    // The next run is not retried blindly: it names the failure and the error again.
    const again = await applyMigrations({ target: db.target, migrationsDir: dir }).catch((e: unknown) => e)
    expect(again).toBeInstanceOf(MigrationFailedError)
    expect((again as MigrationFailedError).shortMessage).toMatch(
      /^The migration "20260103000000_broken" of .+ failed on an earlier run, so no migration after it is applied\.$/,
    )
    expect((again as MigrationFailedError).details[0]).toMatch(/^Its error: .*no_such_table/)

    // Fixed, and resolved as rolled back: the next run applies it.
    writeFileSync(path.join(broken, 'migration.sql'), 'ALTER TABLE "widget" ADD COLUMN "x" TEXT;\n')
    await resolveMigration({
      target: db.target,
      migrationsDir: dir,
      migration: '20260103000000_broken',
      as: 'rolled-back',
    })
    expect((await applyMigrations({ target: db.target, migrationsDir: dir })).applied).toEqual([
      '20260103000000_broken',
    ])
    expect((await migrationStatus({ target: db.target, migrationsDir: dir })).upToDate).toBe(true)
  })
})

test('behavior: concurrent applies on one PostgreSQL database apply each migration once', async () => {
  const db = fresh('postgres')
  const results = await Promise.all([
    applyMigrations({ target: db.target, migrationsDir: fixtures }),
    applyMigrations({ target: db.target, migrationsDir: fixtures }),
  ])
  expect(results.flatMap((result) => result.applied).sort()).toEqual([
    '20260101000000_first',
    '20260102000000_second',
  ])
  const rows = await query<{ n: string }>(db, 'select count(*)::text as n from "_prisma_migrations"')
  expect(rows[0]?.n).toBe('2')
})
