// End to end through real parts: anvil (chain id 43114) with the testkit's
// Uniswap V2 market, the JSON-RPC source, and a migrated model database on
// PostgreSQL and on PGlite. Every stored row is checked against what the
// chain says, computed in the test from viem getLogs and the contracts' ABIs.

import { listModelSources } from '@idx/shared-db'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type ChainEvents, readScenarioEvents } from '../_test/chainEvents'
import { countModelRows, dumpModelDb, readModelRows } from '../_test/modelRows'
import {
  createScenarioDatabases,
  DB_KINDS,
  type Scenario,
  type ScenarioDatabases,
  scenarioConfig,
  startScenario,
} from '../_test/scenario'
import type { BlockSource } from '../source/types'
import { createModelSource } from './createModelSource'
import { type IndexerModel, loadIndexerModel } from './loadIndexerModel'
import { processBatch } from './processBatch'
import { runRange } from './runRange'

let scenario: Scenario
let expected: ChainEvents

beforeAll(async () => {
  scenario = await startScenario({
    blocks: 36,
    swapsPerBlock: 6,
    transfersPerBlock: 2,
    priceUpdateEvery: 3,
    liquidityEvery: 4,
    wrapEvery: 3,
    seed: 11,
  })
  expected = await readScenarioEvents(scenario)
})

afterAll(async () => {
  await scenario?.stop()
})

test('the scenario: every kind of event is on the chain', () => {
  const { counts } = scenario.activity
  expect(expected.poolSwaps.length).toBe(counts.swaps)
  expect(expected.poolSwaps.length).toBeGreaterThanOrEqual(36 * 6)
  expect(expected.feedAnswers.length).toBeGreaterThanOrEqual(counts.priceUpdates)
  expect(expected.liquidity.filter((event) => event.action === 'add').length).toBeGreaterThan(2)
  expect(expected.liquidity.filter((event) => event.action === 'remove').length).toBeGreaterThan(2)
  expect(expected.transfers.map((transfer) => transfer.cause)).toEqual(
    expect.arrayContaining(['mint', 'transfer', 'wrap', 'unwrap']),
  )
  expect(expected.positions.length).toBeGreaterThan(10)
})

describe.each(DB_KINDS)('%s', (kind) => {
  let dbs: ScenarioDatabases
  let model: IndexerModel
  let source: BlockSource

  beforeAll(async () => {
    dbs = await createScenarioDatabases(kind, scenarioConfig(scenario))
    const created = createModelSource({
      sources: await listModelSources(dbs.shared.client, 'scenario'),
      env: scenario.env,
    })
    source = created.source
    model = await loadIndexerModel({
      shared: dbs.shared,
      model: 'scenario',
      readLbTokens: created.readLbTokens,
    })
  })
  afterAll(async () => {
    await source?.close?.()
    await dbs?.close()
  })

  // Every test starts from an empty model database (and processes what it needs), so any one runs alone.
  /** The whole range processed once, in batches of 7 blocks and jobs of 20, into an empty model database. */
  async function processRangeOnce() {
    await dbs.reset()
    return runRange({
      model,
      db: dbs.model,
      source,
      from: scenario.firstBlock,
      to: scenario.lastBlock,
      batchSize: 7,
      jobSize: 20,
    })
  }

  test('default: every stored event is what the chain says, amounts to the wei', async () => {
    const total = Number(scenario.lastBlock - scenario.firstBlock + 1n)
    const result = await processRangeOnce()
    expect(result).toMatchObject({ processed: total, failed: 0, skipped: 0, total, aborted: false })

    const stored = await readModelRows(dbs.model)
    expect(stored.blocks).toEqual(expected.blocks)
    // Every block of the range is done: one range, whatever the batches; empty blocks have no row.
    expect(stored.ranges).toEqual([{ from: `${scenario.firstBlock}`, to: `${scenario.lastBlock}` }])
    expect(stored.transactions).toEqual(expected.transactions)
    expect(stored.transfers).toEqual(expected.transfers)
    expect(stored.poolSwaps).toEqual(expected.poolSwaps)
    expect(stored.liquidity).toEqual(expected.liquidity)
    expect(stored.positions).toEqual(expected.positions)
    expect(stored.feedAnswers).toEqual(expected.feedAnswers)
    const [undecodable] = await dbs.model.query<{ n: number }>(
      'select count(*)::int as n from undecodable_log',
    )
    expect(undecodable?.n).toBe(0)
    expect(result.logs).toBe(expected.transactions.reduce((sum, tx) => sum + (tx.log_count as number), 0))

    // Ids: <chain id>:<transaction hash>:<log index>:<kind>.
    const swap = expected.poolSwaps[0]!
    expect(swap.id).toBe(`43114:${swap.transaction_hash}:${swap.log_index}:pool_swap`)
    expect(swap.id).toMatch(/^43114:0x[0-9a-f]{64}:[0-9]+:pool_swap$/)
  })

  test('behavior: trades are the traders’ router trades, with their route and amounts', async () => {
    await processRangeOnce()
    const trades = await dbs.model.query<Record<string, unknown>>(
      `select id, transaction_hash, taker, pools, route, swap_count, token_in, amount_in::text, token_out,
              amount_out::text, direction::text as direction, base_token, quote_token, base_amount::text, quote_amount::text
         from trade`,
    )
    const actions = scenario.activity.actions.filter((action) => action.kind === 'trade')
    expect(trades.length).toBe(actions.length)
    const baseOf = new Map(scenario.pools.map((pool) => [pool.address, pool.base]))
    for (const action of actions) {
      const trade = trades.find((row) => row.transaction_hash === action.hash.toLowerCase())
      const lower = (address: string) => address.toLowerCase()
      const amountOut = action.amountsOut.at(-1)!
      const lastPool = lower(action.route.at(-1)!)
      const buy = baseOf.get(lastPool as never) === lower(action.tokenOut)
      const swaps = expected.poolSwaps
        .filter((swap) => swap.transaction_hash === action.hash.toLowerCase())
        .sort((a, b) => (a.log_index as number) - (b.log_index as number))
      expect(trade).toEqual({
        id: `43114:${action.hash.toLowerCase()}:${swaps[0]!.log_index}:trade`,
        transaction_hash: action.hash.toLowerCase(),
        taker: lower(action.trader),
        pools: action.route.map(lower),
        route: swaps.map((swap) => swap.id),
        swap_count: action.route.length,
        token_in: lower(action.tokenIn),
        amount_in: `${action.amountIn}`,
        token_out: lower(action.tokenOut),
        amount_out: `${amountOut}`,
        direction: buy ? 'buy' : 'sell',
        base_token: buy ? lower(action.tokenOut) : lower(action.tokenIn),
        quote_token: buy ? lower(action.tokenIn) : lower(action.tokenOut),
        base_amount: `${buy ? amountOut : action.amountIn}`,
        quote_amount: `${buy ? action.amountIn : amountOut}`,
      })
    }
    const orphans = await dbs.model.query('select id from pool_swap where trade_id is null')
    expect(orphans).toEqual([])
  })

  test('behavior: running the range again changes nothing', async () => {
    await processRangeOnce()
    const before = await dumpModelDb(dbs.model, { volatile: true })
    const result = await runRange({
      model,
      db: dbs.model,
      source,
      from: scenario.firstBlock,
      to: scenario.lastBlock,
    })
    expect(result).toMatchObject({ processed: 0, failed: 0, skipped: result.total })
    expect(await dumpModelDb(dbs.model, { volatile: true })).toBe(before)
  })

  test('behavior: processing every block again leaves identical rows', async () => {
    await processRangeOnce()
    const before = await dumpModelDb(dbs.model)
    const counts = await countModelRows(dbs.model)
    const blocks = await source.getBlocks({
      from: scenario.firstBlock,
      to: scenario.lastBlock,
      addresses: model.addresses,
    })
    // Twice: as one batch, then block by block.
    const range = { from: scenario.firstBlock, to: scenario.lastBlock }
    await processBatch({ model, db: dbs.model, blocks, range })
    for (const block of blocks)
      await processBatch({
        model,
        db: dbs.model,
        blocks: [block],
        range: { from: block.number, to: block.number },
      })
    expect(await dumpModelDb(dbs.model)).toBe(before)
    expect(await countModelRows(dbs.model)).toEqual(counts)
    const attempts = await dbs.model.query<{ attempts: number }>(
      'select distinct attempts from processed_block',
    )
    expect(attempts).toEqual([{ attempts: 3 }]) // once by the range, twice here
  })

  test('behavior: several workers in one process share the range with no double work', async () => {
    await dbs.reset()
    const result = await runRange({
      model,
      db: dbs.model,
      source,
      from: scenario.firstBlock,
      to: scenario.lastBlock,
      workers: 3,
      jobSize: 5,
      batchSize: 3,
    })
    expect(result).toMatchObject({ processed: result.total, failed: 0 })
    const stored = await readModelRows(dbs.model)
    expect(stored.blocks).toEqual(expected.blocks)
    expect(stored.ranges).toEqual([{ from: `${scenario.firstBlock}`, to: `${scenario.lastBlock}` }])
    expect(stored.poolSwaps).toEqual(expected.poolSwaps)
    const attempts = await dbs.model.query<{ attempts: number }>(
      'select distinct attempts from processed_block',
    )
    expect(attempts).toEqual([{ attempts: 1 }])
    const jobs = await dbs.model.query<{ status: string; attempts: number }>(
      'select distinct status::text as status, attempts from block_job',
    )
    expect(jobs).toEqual([{ status: 'done', attempts: 1 }])
  })

  test('behavior: an aborted run resumes where it stopped', async () => {
    await dbs.reset()
    const controller = new AbortController()
    const first = await runRange({
      model,
      db: dbs.model,
      source,
      from: scenario.firstBlock,
      to: scenario.lastBlock,
      batchSize: 4,
      jobSize: 10,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.processed >= 8) controller.abort()
      },
    })
    expect(first.aborted).toBe(true)
    expect(first.processed).toBeGreaterThanOrEqual(8)
    expect(first.processed).toBeLessThan(first.total)
    const second = await runRange({
      model,
      db: dbs.model,
      source,
      from: scenario.firstBlock,
      to: scenario.lastBlock,
      batchSize: 4,
      jobSize: 10,
    })
    expect(second.skipped).toBe(first.processed)
    expect(second.processed + second.skipped).toBe(second.total)
    const stored = await readModelRows(dbs.model)
    expect(stored.blocks).toEqual(expected.blocks)
    expect(stored.transfers).toEqual(expected.transfers)
    expect(stored.poolSwaps).toEqual(expected.poolSwaps)
    const attempts = await dbs.model.query<{ attempts: number }>(
      'select distinct attempts from processed_block',
    )
    expect(attempts).toEqual([{ attempts: 1 }])
  })
})
