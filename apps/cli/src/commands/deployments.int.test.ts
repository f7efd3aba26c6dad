// Two deployments on one PostgreSQL server — two shared databases, each with a
// model "blub" whose file names the same database — cannot touch each other's
// databases through any command: each command of the second is refused with a
// sentence naming the database and whose it is, and the first deployment's
// rows are exactly what they were.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { databaseTarget, describeTarget, readSettings, resolveDatabaseServer } from '@idx/config'
import { connectTarget } from '@idx/database'
import { avalancheBlocksDir, testDatabase, testServerUrl } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../_test/cli'

const SERVER = testServerUrl()
const JLP = '0x39888258d60fed9228f89e13eb57a92f1fa832eb'
const sharedA = testDatabase('postgres')
const sharedB = testDatabase('postgres')
const modelDatabase = sharedA.target.database.replace('idx_test_', 'idx_blub_')
const envA = { IDX_DATABASE_URL: SERVER, IDX_SHARED_DB: sharedA.target.database }
const envB = { IDX_DATABASE_URL: SERVER, IDX_SHARED_DB: sharedB.target.database }
const server = resolveDatabaseServer(readSettings({ env: envA }))
const dir = mkdtempSync(path.join(tmpdir(), 'idx-deployments-'))
/** How a database of the test server is named in messages (its redacted URL). */
const where = (database: string) => describeTarget(databaseTarget(server, database, { kind: 'shared' }))
const file = (name: string) => path.join(dir, name)

async function sql<Row>(database: string, text: string): Promise<Row[]> {
  const connection = await connectTarget(databaseTarget(server, database, { kind: 'shared' }))
  try {
    return await connection.query<Row>(text)
  } finally {
    await connection.close()
  }
}

/** Everything of a database that a command could change, as text. */
async function dump(database: string): Promise<string> {
  const tables = await sql<{ name: string }>(
    database,
    `select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
  )
  const out: Record<string, unknown> = {}
  for (const { name } of tables)
    out[name] = await sql(database, `select * from "${name}" order by 1${name === 'block_job' ? '' : ', 2'}`)
  return JSON.stringify(out, (_key, value) => (typeof value === 'bigint' ? String(value) : value))
}

async function ok(argv: string[], env: Record<string, string>) {
  const result = await runCli(argv, env)
  if (result.code !== 0) throw new Error(`idx ${argv.join(' ')} failed: ${result.stderr}${result.stdout}`)
  return result
}

beforeAll(async () => {
  writeFileSync(
    file('shared_v1_0.yaml'),
    `config_version: "1.0"
chain: { id: 43114, name: Avalanche C-Chain, native_symbol: AVAX }
tokens:
  - { address: "0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd", symbol: BLUB, name: BLUB, decimals: 18, type: erc20 }
  - { address: "0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7", symbol: WAVAX, name: Wrapped AVAX, decimals: 18, type: wrapped_native }
contracts:
  - address: "${JLP}"
    name: BLUB/WAVAX LFJ v1
    type: uniswap_v2_pair
    pool: { base_token: BLUB, quote_token: WAVAX }
sources:
  - { name: stored, type: stored_blocks, path: "${avalancheBlocksDir}" }
price_feeds:
  avax_usd: { address: "0x0a77230d17318075983913bc2145db16c7366156", heartbeat_seconds: 86400 }
`,
  )
  const model = (name: string, database: string) =>
    `config_version: "1.0"
model: { name: ${name}, version: "1.0", start_block: 58219691, database: ${database} }
sources: [stored]
tokens: [BLUB, WAVAX]
contracts: ["${JLP}"]
pool_pricing:
  - { pool: "${JLP}", method: direct_avax, start_block: 58220057, pricing_pool: true }
`
  writeFileSync(file('blub_v1_0.yaml'), model('blub', modelDatabase))
  writeFileSync(file('sneaky_v1_0.yaml'), model('sneaky', sharedA.target.database))
  writeFileSync(file('reserved_v1_0.yaml'), model('reserved', 'postgres'))
  // Both deployments register "blub" in the same database before either creates it.
  for (const env of [envA, envB]) {
    await ok(['migrate', '--shared'], env)
    await ok(['config', 'import-shared', file('shared_v1_0.yaml')], env)
    await ok(['config', 'import-model', file('blub_v1_0.yaml')], env)
  }
  // A creates it and processes two real blocks into it.
  await ok(['migrate', '--model', 'blub'], envA)
  await ok(['process', 'block', '61090576', '--model', 'blub'], envA)
  await ok(['process', 'block', '65297576', '--model', 'blub'], envA)
}, 300_000)

afterAll(async () => {
  await sql('postgres', `drop database if exists ${modelDatabase} with (force)`)
  await sharedA.drop()
  await sharedB.drop()
  rmSync(dir, { recursive: true, force: true })
})

describe('two deployments on one server', () => {
  test("error: no command of one deployment touches the other's databases", {
    timeout: 600_000,
  }, async () => {
    const [blocks] = await sql<{ n: number }>(modelDatabase, 'select count(*)::int as n from processed_block')
    const [swaps] = await sql<{ n: number }>(modelDatabase, 'select count(*)::int as n from pool_swap')
    expect(blocks?.n).toBe(2)
    expect(swaps?.n).toBeGreaterThan(0)
    const before = { model: await dump(modelDatabase), shared: await dump(sharedA.target.database) }
    const [markerA] = await sql<{ deployment: string }>(
      sharedA.target.database,
      'select deployment from "_idx_database"',
    )
    const [markerB] = await sql<{ deployment: string }>(
      sharedB.target.database,
      'select deployment from "_idx_database"',
    )
    const notOurs = `The database "${modelDatabase}" (${where(modelDatabase)}) is the database of model "blub" of the deployment whose shared database is "${sharedA.target.database}" (deployment ${markerA!.deployment.slice(0, 8)}), not of this deployment (shared database "${sharedB.target.database}", deployment ${markerB!.deployment.slice(0, 8)}).`

    // Every command of deployment B that would write to (or open) blub's database.
    const commands = [
      ['migrate', '--model', 'blub'],
      ['migrate'],
      ['migrate', 'resolve', '--rolled-back', '20261125000000_init', '--model', 'blub'],
      ['db', 'create', '--model', 'blub'],
      ['db', 'reset', '--model', 'blub', '--yes'],
      ['db', 'adopt', '--model', 'blub'],
      ['db', 'studio', '--model', 'blub', '--browser', 'none'],
      ['process', 'block', '61090576', '--model', 'blub'],
      ['process', 'range', '58277747', '58277747', '--model', 'blub'],
      ['process', 'follow', '--model', 'blub', '--until', '58277747'],
      ['process', 'retry-failed', '--model', 'blub'],
      ['process', 'status', '--model', 'blub'],
      ['pricing', 'update', '--model', 'blub'],
      ['pricing', 'explain', '--model', 'blub', '--pool', JLP, '--block', '61090576'],
      ['pricing', 'show', '--model', 'blub', '--token', 'BLUB'],
    ]
    for (const argv of commands) {
      const result = await runCli(argv, envB)
      expect(result.code, `idx ${argv.join(' ')}: ${result.stdout}`).toBe(1)
      expect(result.stderr, `idx ${argv.join(' ')}`).toContain(notOurs)
    }
    // Importing the model file again is refused too, at model.database.
    const reimport = await runCli(['config', 'import-model', file('blub_v1_0.yaml')], envB)
    expect(reimport.code).toBe(1)
    expect(reimport.stderr).toContain(
      `model.database: the database "${modelDatabase}" (${where(modelDatabase)}) is the database of model "blub" of the deployment whose shared database is "${sharedA.target.database}"`,
    )
    // Read-only commands say what they found.
    const status = await runCli(['migrate', 'status', '--model', 'blub'], envB)
    expect(status.code).toBe(1)
    expect(status.stdout).toContain(notOurs)

    // The shared database pointed at a model's database (IDX_SHARED_DB), and at A's shared one as a model's.
    const asShared = { IDX_DATABASE_URL: SERVER, IDX_SHARED_DB: modelDatabase }
    const modelNotShared = `The database "${modelDatabase}" (${where(modelDatabase)}) is the database of model "blub" of the deployment whose shared database is "${sharedA.target.database}" (deployment ${markerA!.deployment.slice(0, 8)}), not a shared database.`
    for (const argv of [
      ['migrate', '--shared'],
      ['migrate'],
      ['db', 'create', '--shared'],
      ['db', 'adopt', '--shared'],
      ['config', 'import-shared', file('shared_v1_0.yaml')],
      ['config', 'import-model', file('blub_v1_0.yaml')],
      ['migrate', 'resolve', '--rolled-back', '20261125000000_init', '--shared'],
      ['pricing', 'avax', '--from', '61090576', '--to', '61090576'],
    ]) {
      const result = await runCli(argv, asShared)
      expect(result.code, `IDX_SHARED_DB=<model db> idx ${argv.join(' ')}: ${result.stdout}`).toBe(1)
      expect(result.stderr, `IDX_SHARED_DB=<model db> idx ${argv.join(' ')}`).toContain(modelNotShared)
    }
    const sneaky = await runCli(['config', 'import-model', file('sneaky_v1_0.yaml')], envB)
    expect(sneaky.code).toBe(1)
    expect(sneaky.stderr).toContain(
      `model.database: the database "${sharedA.target.database}" (${where(sharedA.target.database)}) is the shared database of deployment ${markerA!.deployment.slice(0, 8)}, not the database of model "sneaky"`,
    )
    const reserved = await runCli(['config', 'import-model', file('reserved_v1_0.yaml')], envB)
    expect(reserved.code).toBe(1)
    expect(reserved.stderr).toContain(
      `model.database: "postgres" is reserved: it is PostgreSQL's maintenance database; idx needs a database of its own`,
    )

    // Nothing of A changed, and A still works.
    expect(await dump(modelDatabase)).toBe(before.model)
    expect(await dump(sharedA.target.database)).toBe(before.shared)
    expect((await ok(['migrate', 'status'], envA)).stdout).toContain('up to date')
    expect((await ok(['process', 'status', '--model', 'blub', '--json'], envA)).stdout).toContain('"done": 2')
    // B's own shared database is whole, and B's model has no database of its own: idx says what to do.
    expect((await runCli(['migrate', 'status', '--shared'], envB)).code).toBe(0)
  })
})
