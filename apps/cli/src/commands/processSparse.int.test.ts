// `idx process range` over a sparse history, through the real CLI: a chain
// where one block in a few hundred trades (empty blocks mined between) on an
// anvil that prunes old state. The run reports its JSON-RPC requests; a run
// killed with SIGKILL resumes with every block once and the rows of a clean
// run; `--workers 3` stores the same rows.

import {
  type ChainEvents,
  dumpModelDb,
  emptyModelDb,
  readModelRows,
  readScenarioEvents,
  type Scenario,
  startScenario,
} from '@idx/pipeline/testing'
import { generateActivity, mine } from '@idx/testkit'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { runCli } from '../_test/cli'
import { type CliScenarioSetup, setUpCliScenario } from '../_test/cliScenario'
import { startCli } from '../_test/startCli'

const ACTIVE = 8
const GAP = 300

let scenario: Scenario
let head: bigint
let expected: ChainEvents
let setup: CliScenarioSetup
let clean: string
const cleanups: (() => Promise<void> | void)[] = []

beforeAll(async () => {
  scenario = await startScenario({
    blocks: 1,
    swapsPerBlock: 2,
    priceUpdateEvery: 0,
    seed: 51,
    anvilArgs: ['--prune-history', '64'],
  })
  for (let i = 0; i < ACTIVE; i++) {
    await mine(scenario.client, { blocks: GAP })
    await generateActivity(scenario.client, {
      market: scenario.market,
      blocks: 1,
      swapsPerBlock: 2,
      priceUpdateEvery: 0,
      liquidityEvery: 0,
      wrapEvery: 0,
      seed: 200 + i,
    })
  }
  head = await scenario.client.getBlockNumber()
  expected = await readScenarioEvents(scenario, head)
  setup = await setUpCliScenario(scenario, cleanups, 'postgres', 'sparse')
}, 180_000)

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  await scenario?.stop()
})

const total = () => Number(head - scenario.firstBlock + 1n)

test('default: the range is processed with rows for blocks with logs only, and its requests are reported', async () => {
  const result = await runCli(
    ['process', 'range', setup.from, `${head}`, '--model', 'sparse', '--json'],
    setup.env,
  )
  expect(result.code, result.stderr).toBe(0)
  const json = JSON.parse(result.stdout)
  expect(json).toMatchObject({ done: total(), failed: 0, pending: 0, processed: total() })
  // Headers and receipts for the blocks with logs only, and a few eth_getLogs.
  expect(json.rpc.methods.eth_getBlockByNumber).toBe(expected.blocks.length)
  expect(json.rpc.methods.eth_getBlockReceipts).toBe(expected.blocks.length)
  expect(json.rpc.methods.eth_getLogs).toBeLessThan(10)
  expect(json.rpc.requests).toBeLessThanOrEqual(2 * (expected.blocks.length + json.rpc.methods.eth_getLogs))
  const stored = await readModelRows(setup.db)
  expect(stored.blocks).toEqual(expected.blocks)
  expect(stored.ranges).toEqual([{ from: setup.from, to: `${head}` }])
  expect(stored.poolSwaps).toEqual(expected.poolSwaps)
  const errors = await setup.db.query(`select method::text from swap_valuation where method = 'ERROR'`)
  expect(errors).toEqual([])
  clean = await dumpModelDb(setup.db)

  const text = await runCli(['process', 'range', setup.from, `${head}`, '--model', 'sparse'], setup.env)
  expect(text.stdout).toMatch(/^JSON-RPC: \d+ requests?, \d+ calls? \(.*\)\.$/m)
})

test('crash safety: a run killed with SIGKILL resumes with every block once and the rows of a clean run', async () => {
  await emptyModelDb(setup.db)
  // One block with logs per batch, jobs of 600 blocks: the kill lands part-way.
  const first = startCli(
    [
      'process',
      'range',
      setup.from,
      `${head}`,
      '--model',
      'sparse',
      '--batch-size',
      '1',
      '--job-size',
      '600',
      '--requests-per-second',
      '20',
    ],
    setup.env,
  )
  for (;;) {
    const [row] = await setup.db.query<{ n: number }>('select count(*)::int as n from processed_block')
    if ((row?.n ?? 0) >= 3) break
    if (first.child.exitCode !== null) throw new Error(`The run ended before it was killed: ${first.stderr}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  first.child.kill('SIGKILL')
  expect((await first.exited).signal).toBe('SIGKILL')
  const [partial] = await setup.db.query<{ n: number }>('select count(*)::int as n from processed_block')
  expect(partial!.n).toBeLessThan(expected.blocks.length)

  const second = await runCli(
    ['process', 'range', setup.from, `${head}`, '--model', 'sparse', '--json'],
    setup.env,
  )
  expect(second.code, second.stderr).toBe(0)
  const json = JSON.parse(second.stdout)
  expect(json).toMatchObject({ done: total(), failed: 0, pending: 0 })
  expect(json.skipped).toBeGreaterThan(0)
  expect(json.processed + json.skipped).toBe(total())
  const attempts = await setup.db.query<{ attempts: number }>('select distinct attempts from processed_block')
  expect(attempts).toEqual([{ attempts: 1 }])
  expect(await dumpModelDb(setup.db)).toBe(clean)
})

test('behavior: --workers 3 stores the rows of one worker', async () => {
  await emptyModelDb(setup.db)
  const result = await runCli(
    ['process', 'range', setup.from, `${head}`, '--model', 'sparse', '--workers', '3', '--job-size', '500'],
    setup.env,
  )
  expect(result.code, result.stderr).toBe(0)
  expect(await dumpModelDb(setup.db)).toBe(clean)
})
