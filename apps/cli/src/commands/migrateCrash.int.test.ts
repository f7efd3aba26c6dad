// `idx migrate` killed with SIGKILL at many points, on PostgreSQL and PGlite,
// for the shared database and for a model's: a plain `idx migrate` then
// always succeeds, and leaves the database migrated and marked as whose it is.
//
// The CLI runs as a child process with a test preload
// (@idx/testkit's preload, `pausePreloadPath`) that holds it still at a chosen
// point — before or after a migration's script, or at the N-th database call
// — so the kill lands exactly there; other runs are killed at a varied
// moment while they run freely. Each killed run's leftovers are recorded, and
// the test checks that the "started, never finished" state of a migration
// (the one that jammed every later `idx migrate` with P3009) was really
// reached.

import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { type DatabaseTarget, databaseTarget, readSettings, resolveDatabaseServer } from '@idx/config'
import { connectTarget, readDatabaseState } from '@idx/database'
import { modelMigrationsDir } from '@idx/model-db'
import { sharedMigrationsDir } from '@idx/shared-db'
import { pausePreloadPath, testDatabase, testServerUrl } from '@idx/testkit'
import { afterAll, describe, expect, test } from 'vitest'
import { runCli } from '../_test/cli'
import { startCli } from '../_test/startCli'

const SERVER = testServerUrl()
const pause = pausePreloadPath
const folders = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
const MIGRATIONS = { shared: folders(sharedMigrationsDir), model: folders(modelMigrationsDir) }
const DIRS = { shared: sharedMigrationsDir, model: modelMigrationsDir }

const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

type Kind = 'postgres' | 'pglite'
type Role = 'shared' | 'model'
let counter = 0

/** A place for one cycle: its environment, and the database `idx migrate` is killed on. */
async function setUp(kind: Kind, role: Role) {
  const shared = testDatabase(kind)
  const modelName = `idx_m_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`
  const env: Record<string, string> =
    kind === 'postgres'
      ? { IDX_DATABASE_URL: SERVER, IDX_SHARED_DB: shared.target.database }
      : {
          IDX_DATA_DIR: (shared.server as { dataDir: string }).dataDir,
          IDX_SHARED_DB: shared.target.database,
        }
  cleanups.push(shared.drop)
  const server = resolveDatabaseServer(readSettings({ env }))
  const model = databaseTarget(server, modelName, { kind: 'model', model: 'crash' })
  if (kind === 'postgres')
    cleanups.push(async () => {
      const maintenance = await connectTarget({ ...model, database: 'postgres' } as DatabaseTarget)
      await maintenance.query(`drop database if exists ${modelName} with (force)`)
      await maintenance.close()
    })
  if (role === 'model') {
    // The shared database migrated and the model registered: `idx migrate --model` creates its database.
    const dir = mkdtempSync(path.join(tmpdir(), 'idx-crash-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    mkdirSync(path.join(dir, 'blocks'))
    writeFileSync(
      path.join(dir, 'shared_v1_0.yaml'),
      `config_version: "1.0"
chain: { id: 43114, name: Avalanche C-Chain, native_symbol: AVAX }
tokens:
  - { address: "0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7", symbol: WAVAX, name: Wrapped AVAX, decimals: 18, type: wrapped_native }
sources:
  - { name: stored, type: stored_blocks, path: ./blocks }
price_feeds:
  avax_usd: { address: "0x0a77230d17318075983913bc2145db16c7366156", heartbeat_seconds: 86400 }
`,
    )
    writeFileSync(
      path.join(dir, 'crash_v1_0.yaml'),
      `config_version: "1.0"
model: { name: crash, version: "1.0", start_block: 1, database: ${modelName} }
sources: [stored]
tokens: [WAVAX]
`,
    )
    for (const argv of [
      ['migrate', '--shared'],
      ['config', 'import-shared', path.join(dir, 'shared_v1_0.yaml')],
      ['config', 'import-model', path.join(dir, 'crash_v1_0.yaml')],
    ]) {
      const result = await runCli(argv, env)
      if (result.code !== 0) throw new Error(`idx ${argv.join(' ')} failed: ${result.stderr}`)
    }
  }
  const target = role === 'shared' ? shared.target : model
  return {
    env,
    target,
    command: role === 'shared' ? ['migrate', '--shared'] : ['migrate', '--model', 'crash'],
  }
}

/** What a killed run left behind. */
type Leftover = {
  database: 'none' | 'exists'
  unfinished: string[]
  finished: number
  marker: Record<string, unknown> | undefined
}

async function leftover(target: DatabaseTarget): Promise<Leftover> {
  const state = await readDatabaseState(target)
  if (!state.exists) return { database: 'none', unfinished: [], finished: 0, marker: undefined }
  const connection = await connectTarget(target)
  try {
    const [table] = await connection.query<{ present: boolean }>(
      `select to_regclass('public._prisma_migrations') is not null as present`,
    )
    const unfinished = table?.present
      ? (
          await connection.query<{ name: string }>(
            `select migration_name as name from "_prisma_migrations"
              where finished_at is null and rolled_back_at is null and logs is null`,
          )
        ).map((row) => row.name)
      : []
    return {
      database: 'exists',
      unfinished,
      finished: state.finishedMigrations,
      marker: state.marker as Record<string, unknown> | undefined,
    }
  } finally {
    await connection.close()
  }
}

/**
 * Runs the migrate command held at `point` (or, for `{ after: k }`, free and
 * killed a varied moment after its k-th database call) and SIGKILLs it.
 * Returns false when the run finished before reaching the point.
 */
async function killAt(
  setup: Awaited<ReturnType<typeof setUp>>,
  point: string | { after: number; delayMs: number },
): Promise<boolean> {
  const traced = typeof point !== 'string'
  const cli = startCli(
    setup.command,
    { ...setup.env, IDX_TEST_PAUSE: traced ? '' : point, IDX_TEST_TRACE: traced ? '1' : '' },
    { nodeArgs: ['--import', pause] },
  )
  try {
    await cli.waitFor(traced ? new RegExp(`^IDX_TEST_EVENT ${point.after} `) : /^IDX_TEST_PAUSED/, 120_000)
  } catch {
    const exited = await cli.exited
    if (exited.code === 0) return false // it got there first: nothing to kill
    throw new Error(`idx ${setup.command.join(' ')} failed on its own:\n${exited.stderr}`)
  }
  if (traced) await sleep(point.delayMs)
  cli.child.kill('SIGKILL')
  const exited = await cli.exited
  return exited.signal === 'SIGKILL'
}

/** The number of database calls a whole `idx migrate` of this kind makes (a run with tracing). */
async function countEvents(kind: Kind, role: Role): Promise<number> {
  const setup = await setUp(kind, role)
  const cli = startCli(
    setup.command,
    { ...setup.env, IDX_TEST_TRACE: '1' },
    { nodeArgs: ['--import', pause] },
  )
  const exited = await cli.exited
  expect(exited.code, exited.stderr).toBe(0)
  return exited.stderr.split('\n').filter((line) => line.startsWith('IDX_TEST_EVENT ')).length
}

describe.each([
  ['postgres', 'shared'],
  ['postgres', 'model'],
  ['pglite', 'shared'],
  ['pglite', 'model'],
] as const)('%s, the %s database', (kind, role) => {
  test('behavior: killed at many points, a plain idx migrate always finishes the job', {
    timeout: 900_000,
  }, async () => {
    const migrations = MIGRATIONS[role]
    const script = (name: string) => path.join(DIRS[role], name, 'migration.sql')
    const events = await countEvents(kind, role)
    expect(events).toBeGreaterThan(10)
    const fractions = kind === 'postgres' ? [0.05, 0.2, 0.4, 0.6, 0.8] : [0.5]
    const points: (string | { after: number; delayMs: number })[] = [
      `before:${script(migrations[0]!)}`, // its start recorded, the first migration not run
      `after:${script(migrations[0]!)}`, // the first migration committed, not recorded finished
      `before:${script(migrations.at(-1)!)}`,
      ...(kind === 'postgres' ? [`after:${script(migrations.at(-1)!)}`, 'event:1', 'event:3'] : ['event:2']),
      ...fractions.map((f) => `event:${Math.max(1, Math.round(events * f))}`),
      // Free runs, killed a varied moment after a call (the kill lands wherever the process is).
      ...(kind === 'postgres' ? [{ after: Math.round(events * 0.3), delayMs: 7 }] : []),
      { after: Math.round(events * 0.7), delayMs: 23 },
    ]
    const seen: { point: string; left: Leftover; recovered: string }[] = []
    for (const point of points) {
      const setup = await setUp(kind, role)
      const label =
        typeof point === 'string'
          ? point.replace(/:.*\/(\w+)\/migration\.sql$/, ':$1')
          : `free after ${point.after} +${point.delayMs} ms`
      const killed = await killAt(setup, point)
      const left = await leftover(setup.target)
      // The marker is written in the first migration's transaction: whenever it exists, it is whole.
      if (left.marker !== undefined) {
        expect(left.marker.deployment, label).toMatch(/^[0-9a-f-]{36}$/)
        if (role === 'model') expect(left.marker.model, label).toBe('crash')
      }
      // A plain `idx migrate`, as an operator would run it.
      const again = await runCli(['migrate'], setup.env)
      expect(again.code, `${label}: ${again.stderr}`).toBe(0)
      expect(again.stderr).toBe('')
      const status = await runCli(['migrate', 'status', '--json'], setup.env)
      expect(status.code, `${label}: ${status.stdout}`).toBe(0)
      const databases = JSON.parse(status.stdout).databases as { database: string; applied: string[] }[]
      expect(databases.find((d) => d.database === setup.target.database)?.applied, label).toEqual(migrations)
      // Whose it is, as the deployment says.
      const final = await readDatabaseState(setup.target)
      const shared = await readDatabaseState(
        role === 'shared'
          ? setup.target
          : ({
              ...setup.target,
              database: setup.env.IDX_SHARED_DB!,
              role: { kind: 'shared' },
            } as DatabaseTarget),
      )
      if (!final.exists || !shared.exists) throw new Error('unreachable')
      expect(final.marker?.kind, label).toBe(role)
      expect(final.marker?.deployment, label).toBe(shared.marker?.deployment)
      if (role === 'model') expect(final.marker?.model, label).toBe('crash')
      if (left.unfinished.length > 0)
        expect(again.stdout, label).toMatch(
          new RegExp(
            `the migration ${left.unfinished[0]} (was interrupted by an earlier run|had committed when an earlier run was stopped)`,
          ),
        )
      seen.push({ point: killed ? label : `${label} (finished first)`, left, recovered: again.stdout })
    }
    if (process.env.IDX_TEST_VERBOSE)
      console.log(
        kind,
        role,
        events,
        JSON.stringify(
          seen.map((run) => [
            run.point,
            run.left.database,
            run.left.finished,
            run.left.unfinished,
            run.left.marker?.kind ?? null,
          ]),
        ),
      )
    // The state that used to jam idx: a migration started and never finished, with no error.
    const jammed = seen.filter((run) => run.left.unfinished.length > 0)
    expect(jammed.map((run) => run.point)).toEqual(
      expect.arrayContaining([expect.stringContaining('before:')]),
    )
    expect(jammed.some((run) => run.recovered.includes('was interrupted by an earlier run'))).toBe(true)
    expect(jammed.some((run) => run.recovered.includes('recorded it as applied'))).toBe(true)
    // Killed before the database existed, and with it half made, too.
    expect(seen.some((run) => run.left.database === 'none' || run.left.finished === 0)).toBe(true)
  })
})
