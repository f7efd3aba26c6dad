import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type IdxSettings, modelDatabaseTarget, readSettings } from '@idx/config'
import { withPgliteSession } from '@idx/database'
import { createModelDb } from '@idx/model-db'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { DEMO_MODEL, type MainJobSummary, runMainJob } from './runMainJob'

let dir: string
let settings: IdxSettings
let first: MainJobSummary

/** The parts of a summary that describe the indexed data (not how this run got there). */
const data = (summary: MainJobSummary) => ({
  blocks: summary.blocks,
  swaps: summary.swaps,
  trades: summary.trades,
  pools: summary.pools,
  volume: summary.volume,
  pricing: summary.pricing,
  price: summary.price,
})

/** Runs SQL on the demo's model database. */
async function onModelDb(sql: string, values: unknown[] = []): Promise<unknown[]> {
  const target = modelDatabaseTarget(settings, { name: DEMO_MODEL, database: `idx_model_${DEMO_MODEL}` })
  return withPgliteSession(async () => {
    const db = await createModelDb({ target })
    try {
      return await db.query(sql, values)
    } finally {
      await db.close()
    }
  })
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'idx-demo-job-'))
  settings = readSettings({ env: {}, cwd: dir, overrides: { dataDir: path.join(dir, 'data') } })
  first = await withPgliteSession(() => runMainJob({ settings, blocks: 3 }))
  expect(first.run.processed).toBe(first.blocks.total)
  expect(first.swaps).toBeGreaterThan(0)
}, 300_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('behavior: stored blocks the chain does not have reset the model database, and it says so', async () => {
  const last = first.chain.lastBlock
  const foreign = `0x${'cd'.repeat(32)}`
  await onModelDb('update processed_block set hash = $1 where number = $2', [foreign, last])
  // The blocks the database holds a row (and so a hash) for: those with tracked logs; the empty
  // ones are covered by a processed range.
  const stored = (await onModelDb('select number from processed_block')).length
  expect(stored).toBeGreaterThan(0)
  expect(stored).toBeLessThanOrEqual(first.blocks.total)
  const lines: string[] = []
  const again = await withPgliteSession(() =>
    runMainJob({ settings, blocks: 3, log: (line) => lines.push(line) }),
  )
  expect(again.chain.reused).toBe(true)
  expect(again.steps.modelDatabaseReset).toMatch(
    new RegExp(
      `^1 of its ${stored} blocks are not on this chain \\(block ${last} has hash ${foreign}, the chain 0x[0-9a-f]{64}\\)$`,
    ),
  )
  expect(lines).toContain(`Resetting the model database: ${again.steps.modelDatabaseReset}.`)
  expect(again.reused.modelMigrations).toBe(false)
  expect(again.run).toEqual({ processed: first.blocks.total, skipped: 0, failed: 0 })
  expect(data(again)).toEqual(data(first))
}, 300_000)

test('behavior: swaps indexed without their values reset the model database', async () => {
  await onModelDb('delete from swap_valuation')
  const again = await withPgliteSession(() => runMainJob({ settings, blocks: 3 }))
  expect(again.steps.modelDatabaseReset).toBe(
    `${first.swaps} of its swaps were indexed before swaps were priced, and have no value`,
  )
  expect(data(again)).toEqual(data(first))
}, 300_000)

test('error: a PostgreSQL server in the settings is refused before anything is made', async () => {
  const withServer = readSettings({
    env: { IDX_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres' },
    cwd: dir,
  })
  await expect(runMainJob({ settings: withServer, blocks: 3 })).rejects.toThrowErrorMatchingInlineSnapshot(`
    [DemoServerConfiguredError: The main job runs on embedded PGlite databases, but IDX_DATABASE_URL points idx at a PostgreSQL server.
    Its chain pretends to be Avalanche C-Chain (id 43114): importing it would mix the demo's tokens, pools and prices into that server's shared database.
    Unset IDX_DATABASE_URL to run the main job (use --data-dir or IDX_DATA_DIR to choose where its databases go).]
  `)
})
