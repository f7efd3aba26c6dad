import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { migrationStatus } from '@idx/database'
import { migrateSharedDb, sharedMigrationsDir, sharedSchemaPath } from '@idx/shared-db'
import { testDatabase, testServerUrl } from '@idx/testkit'
import { afterAll, describe, expect, test } from 'vitest'
import { runCli } from '../_test/cli'

// The Prisma CLI itself, run from the repository root with no engine download:
// the root prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY at idx's bridge.
const root = fileURLToPath(new URL('../../../../', import.meta.url))
const SERVER = testServerUrl()
const migrations = readdirSync(sharedMigrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

function prisma(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules/.bin/prisma'), args, {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: '1', ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup()
})

function fresh() {
  const db = testDatabase('postgres')
  cleanups.push(db.drop)
  return { db, env: { IDX_DATABASE_URL: SERVER, IDX_SHARED_DB: db.target.database } }
}

describe('prisma CLI through the WASM bridge', () => {
  test('default: prisma migrate deploy creates and migrates the database, and idx agrees', async () => {
    const { db, env } = fresh()
    const deploy = await prisma(
      ['migrate', 'deploy', '--schema', 'packages/shared-db/prisma/schema.prisma'],
      env,
    )
    expect(deploy.output).toContain('All migrations have been successfully applied.')
    expect(deploy.code).toBe(0)

    const status = await runCli(['migrate', 'status', '--shared', '--json'], env)
    expect(status.code).toBe(0)
    expect(JSON.parse(status.stdout).databases[0]).toMatchObject({ applied: migrations, upToDate: true })
    // idx finds nothing left to apply in a database Prisma's CLI migrated.
    expect((await migrateSharedDb({ target: db.target })).applied).toEqual([])
  })

  test('behavior: prisma migrate status agrees with a database idx migrated', async () => {
    const { env } = fresh()
    expect((await runCli(['migrate', '--shared'], env)).code).toBe(0)
    const status = await prisma(
      ['migrate', 'status', '--schema', 'packages/shared-db/prisma/schema.prisma'],
      env,
    )
    expect(status.output).toContain('Database schema is up to date!')
    expect(status.code).toBe(0)
  })

  test('behavior: prisma migrate deploy on the model schema', async () => {
    const model = testDatabase('postgres', { kind: 'model', model: 'bridge' })
    cleanups.push(model.drop)
    const deploy = await prisma(['migrate', 'deploy', '--schema', 'packages/model-db/prisma/schema.prisma'], {
      IDX_DATABASE_URL: SERVER,
      IDX_MODEL_DB: model.target.database,
    })
    expect(deploy.code).toBe(0)
    const status = await migrationStatus({
      target: model.target,
      migrationsDir: path.join(root, 'packages/model-db/prisma/migrations'),
    })
    expect(status.upToDate).toBe(true)
  })

  test('behavior: prisma migrate dev --create-only writes the next migration', async () => {
    const { env } = fresh()
    const dir = mkdtempSync(path.join(tmpdir(), 'idx-migrate-dev-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    cpSync(sharedMigrationsDir, path.join(dir, 'migrations'), { recursive: true })
    const schema = readFileSync(sharedSchemaPath, 'utf8')
      .replace('output       = "../src/generated/prisma"', `output       = "${path.join(dir, 'generated')}"`)
      .replace(
        '  nativeSymbol String   @map("native_symbol")',
        '  nativeSymbol String   @map("native_symbol")\n  note String?',
      )
    expect(schema).toContain('note String?')
    writeFileSync(path.join(dir, 'schema.prisma'), schema)
    expect((await runCli(['migrate', '--shared'], env)).code).toBe(0)

    const dev = await prisma(
      ['migrate', 'dev', '--create-only', '--name', 'add_note', '--schema', path.join(dir, 'schema.prisma')],
      env,
    )
    expect(dev.output).toContain('Prisma Migrate created the following migration without applying it')
    expect(dev.code).toBe(0)
    const created = readdirSync(path.join(dir, 'migrations')).filter((name) => name.endsWith('_add_note'))
    expect(created).toHaveLength(1)
    expect(readFileSync(path.join(dir, 'migrations', created[0]!, 'migration.sql'), 'utf8')).toContain(
      'ALTER TABLE "chain" ADD COLUMN     "note" TEXT;',
    )
  })
})
