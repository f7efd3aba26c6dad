// A sparse history through real parts: anvil pruning old state like a
// non-archive node (--prune-history), trades in one block of every few hundred
// with empty blocks mined between, the JSON-RPC source, PostgreSQL. Every
// event is what getLogs says, every swap is valued DIRECT with the feed's
// answer (set by an AnswerUpdated thousands of blocks back, whose state the
// node no longer has), empty blocks get no row, and the requests made follow
// the activity, not the block count.

import { listModelSources } from '@idx/shared-db'
import { generateActivity, mine } from '@idx/testkit'
import { parseAbi } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type ChainEvents, readScenarioEvents } from '../_test/chainEvents'
import { dumpModelDb, readModelRows } from '../_test/modelRows'
import {
  createScenarioDatabases,
  type Scenario,
  type ScenarioDatabases,
  scenarioConfig,
  startScenario,
} from '../_test/scenario'
import type { RpcSource } from '../source/createRpcSource'
import { createModelSource } from './createModelSource'
import { type IndexerModel, loadIndexerModel } from './loadIndexerModel'
import { runRange } from './runRange'

/** Trading blocks after the deployment, each after this many empty blocks. */
const ACTIVE = 12
const GAP = 400

let scenario: Scenario
let head: bigint
let expected: ChainEvents

beforeAll(async () => {
  // The node keeps the state of its last 64 blocks only, like a pruned full node.
  scenario = await startScenario({
    blocks: 1,
    swapsPerBlock: 2,
    priceUpdateEvery: 0,
    seed: 41,
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
      seed: 100 + i,
    })
  }
  head = await scenario.client.getBlockNumber()
  expected = await readScenarioEvents(scenario, head)
}, 120_000)

afterAll(async () => {
  await scenario?.stop()
})

test('the chain: sparse, and the node has no state of its old blocks', async () => {
  expect(head - scenario.firstBlock).toBeGreaterThan(BigInt(ACTIVE * GAP))
  expect(expected.blocks.length).toBeLessThan(ACTIVE + 20)
  expect(expected.feedAnswers.length).toBeGreaterThan(0)
  // The feed's only answer is from the deployment, thousands of blocks before the trades.
  expect(BigInt(expected.feedAnswers.at(-1)!.block_number as string)).toBeLessThan(scenario.firstBlock + 50n)
  await expect(
    scenario.client.readContract({
      address: scenario.market.aggregator,
      abi: parseAbi(['function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)']),
      functionName: 'latestRoundData',
      blockNumber: scenario.firstBlock + BigInt(GAP),
    }),
  ).rejects.toThrow()
})

describe('postgres', () => {
  let dbs: ScenarioDatabases
  let model: IndexerModel
  let source: RpcSource

  beforeAll(async () => {
    dbs = await createScenarioDatabases('postgres', scenarioConfig(scenario))
    const created = createModelSource({
      sources: await listModelSources(dbs.shared.client, 'scenario'),
      env: scenario.env,
    })
    source = created.source as RpcSource
    model = await loadIndexerModel({
      shared: dbs.shared,
      model: 'scenario',
      readLbTokens: created.readLbTokens,
      readFeedRound: created.readFeedRound,
    })
  })
  afterAll(async () => {
    await source?.close()
    await dbs?.close()
  })

  test('default: every event exact, every swap valued DIRECT, rows only for blocks with logs, requests by activity', async () => {
    const before = source.stats()
    const result = await runRange({ model, db: dbs.model, source, from: scenario.firstBlock, to: head })
    const total = Number(head - scenario.firstBlock + 1n)
    expect(result).toMatchObject({ processed: total, failed: 0, total, aborted: false })

    const stored = await readModelRows(dbs.model)
    expect(stored.blocks).toEqual(expected.blocks)
    expect(stored.ranges).toEqual([{ from: `${scenario.firstBlock}`, to: `${head}` }])
    expect(stored.transactions).toEqual(expected.transactions)
    expect(stored.transfers).toEqual(expected.transfers)
    expect(stored.poolSwaps).toEqual(expected.poolSwaps)
    expect(stored.liquidity).toEqual(expected.liquidity)
    expect(stored.positions).toEqual(expected.positions)
    expect(stored.feedAnswers).toEqual(expected.feedAnswers)

    const methods = await dbs.model.query<{ method: string; avax_usd: string | null; n: number }>(
      `select method::text as method, avax_usd::text, count(*)::int as n from swap_valuation
        group by method, avax_usd order by method`,
    )
    expect(methods.length).toBeGreaterThan(0)
    const answer = Number(expected.feedAnswers.at(-1)!.answer) / 1e8
    for (const row of methods) {
      expect(row.method).toMatch(/^DIRECT_(AVAX|USD)$/)
      // AVAX/USD is recorded where it was used (a DIRECT_AVAX swap's AVAX value needs none).
      if (row.avax_usd !== null) expect(Number(row.avax_usd)).toBe(answer)
    }
    expect(methods.some((row) => row.avax_usd !== null)).toBe(true)
    expect(methods.reduce((sum, row) => sum + row.n, 0)).toBe(2 * expected.poolSwaps.length)

    // Headers and transactions only for blocks with logs, and few eth_getLogs: far below one call a block.
    const after = source.stats()
    const calls = after.calls - before.calls
    expect(calls).toBeLessThan(2 * (expected.blocks.length + 10) + 20)
    expect(calls).toBeLessThan(total / 50)
  })

  test('behavior: running the range again changes nothing and asks for nothing', async () => {
    const dump = await dumpModelDb(dbs.model, { volatile: true })
    const before = source.stats()
    const result = await runRange({ model, db: dbs.model, source, from: scenario.firstBlock, to: head })
    expect(result).toMatchObject({ processed: 0, failed: 0, skipped: result.total })
    expect(await dumpModelDb(dbs.model, { volatile: true })).toBe(dump)
    expect(source.stats().calls - before.calls).toBe(0)
  })

  test('behavior: several workers store the same rows', async () => {
    const one = await dumpModelDb(dbs.model)
    await dbs.reset()
    const result = await runRange({
      model,
      db: dbs.model,
      source,
      from: scenario.firstBlock,
      to: head,
      workers: 3,
      jobSize: 700,
    })
    expect(result).toMatchObject({ processed: result.total, failed: 0 })
    expect(await dumpModelDb(dbs.model)).toBe(one)
  })
})
