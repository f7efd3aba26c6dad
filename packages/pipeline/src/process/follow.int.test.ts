// Following the head of a real chain (anvil) through JSON-RPC, and a reorg at
// the head: anvil snapshot/revert, then different transactions mined at the
// same heights. The orphaned blocks' rows must go, the new branch's come in.

import { listModelSources } from '@idx/shared-db'
import { generateActivity, revert, snapshot } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readScenarioEvents } from '../_test/chainEvents'
import { dumpModelDb, readModelRows } from '../_test/modelRows'
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
import { follow, type Reorg } from './follow'
import { type IndexerModel, loadIndexerModel } from './loadIndexerModel'
import { runRange } from './runRange'

describe.each(DB_KINDS)('%s', (kind) => {
  let scenario: Scenario
  let dbs: ScenarioDatabases
  let model: IndexerModel
  let source: BlockSource

  beforeAll(async () => {
    scenario = await startScenario({ blocks: 6, swapsPerBlock: 3, priceUpdateEvery: 2, seed: 3 })
    dbs = await createScenarioDatabases(kind, scenarioConfig(scenario))
    const created = createModelSource({
      sources: await listModelSources(dbs.shared.client, 'scenario'),
      env: scenario.env,
    })
    source = created.source
    model = await loadIndexerModel({ shared: dbs.shared, model: 'scenario' })
  })
  afterAll(async () => {
    await source?.close?.()
    await dbs?.close()
    await scenario?.stop()
  })

  /** What the chain holds now, from the model's start block to its head. */
  async function chainNow() {
    return readScenarioEvents(scenario, await scenario.client.getBlockNumber())
  }

  async function expectRowsOfTheChain() {
    const expected = await chainNow()
    const stored = await readModelRows(dbs.model)
    expect(stored.blocks).toEqual(expected.blocks)
    expect(stored.transactions).toEqual(expected.transactions)
    expect(stored.transfers).toEqual(expected.transfers)
    expect(stored.poolSwaps).toEqual(expected.poolSwaps)
    expect(stored.liquidity).toEqual(expected.liquidity)
    expect(stored.positions).toEqual(expected.positions)
    expect(stored.feedAnswers).toEqual(expected.feedAnswers)
  }

  test('default: follows from the start block to the head, in batches', async () => {
    const head = await scenario.client.getBlockNumber()
    const batches: { from: bigint; to: bigint; head: bigint }[] = []
    await follow({
      model,
      db: dbs.model,
      source,
      batchSize: 4,
      until: head,
      onBlocks: ({ from, to, head }) => batches.push({ from, to, head }),
    })
    expect(batches[0]).toEqual({ from: scenario.firstBlock, to: scenario.firstBlock + 3n, head })
    expect(batches.at(-1)?.to).toBe(head)
    await expectRowsOfTheChain()
  })

  test('behavior: a reorg at the head rolls back the orphaned blocks and indexes the new branch', async () => {
    const base = await scenario.client.getBlockNumber()
    const id = await snapshot(scenario.client)
    // The first branch: three blocks, followed and stored.
    await generateActivity(scenario.client, {
      market: scenario.market,
      blocks: 3,
      swapsPerBlock: 2,
      seed: 100,
    })
    await follow({ model, db: dbs.model, source, until: base + 3n })
    const orphaned = await dbs.model.query<{ hash: string }>(
      'select hash from processed_block where number > $1',
      [`${base}`],
    )
    expect(orphaned).toHaveLength(3)
    const orphanedTransactions = (
      await dbs.model.query<{ hash: string }>(
        'select hash from processed_transaction where block_number > $1',
        [`${base}`],
      )
    ).map((row) => row.hash)
    expect(orphanedTransactions.length).toBeGreaterThan(0)

    // The reorg: back to `base`, then a different, longer branch at the same heights.
    await revert(scenario.client, id)
    await generateActivity(scenario.client, {
      market: scenario.market,
      blocks: 4,
      swapsPerBlock: 3,
      seed: 200,
    })
    const head = await scenario.client.getBlockNumber()
    expect(head).toBe(base + 4n)
    const newHashes = await Promise.all(
      [1n, 2n, 3n].map(async (i) => (await scenario.client.getBlock({ blockNumber: base + i })).hash),
    )
    expect(newHashes).not.toEqual(orphaned.map((row) => row.hash))

    const reorgs: Reorg[] = []
    await follow({ model, db: dbs.model, source, until: head, onReorg: (reorg) => reorgs.push(reorg) })
    expect(reorgs).toEqual([{ from: base + 1n, depth: 3 }])
    await expectRowsOfTheChain()
    const left = await dbs.model.query(
      `select transaction_hash from pool_swap where transaction_hash = any($1::text[])
       union all select hash from processed_transaction where hash = any($1::text[])`,
      [orphanedTransactions],
    )
    expect(left).toEqual([])
    // Valuations and canonical prices are those of a clean run over the new chain.
    const followed = await dumpModelDb(dbs.model)
    await dbs.reset()
    await runRange({ model, db: dbs.model, source, from: scenario.firstBlock, to: head })
    expect(await dumpModelDb(dbs.model)).toEqual(followed)
  })

  test('behavior: a follower running in the background sees the reorg and converges on the new chain', async () => {
    const base = await scenario.client.getBlockNumber()
    const id = await snapshot(scenario.client)
    const controller = new AbortController()
    const reorgs: Reorg[] = []
    const running = follow({
      model,
      db: dbs.model,
      source,
      pollMs: 25,
      signal: controller.signal,
      onReorg: (reorg) => reorgs.push(reorg),
    })
    const caughtUp = async (number: bigint, hash?: string) => {
      for (let i = 0; i < 400; i++) {
        const [row] = await dbs.model.query<{ hash: string }>(
          'select hash from processed_block where number = $1',
          [`${number}`],
        )
        if (row !== undefined && (hash === undefined || row.hash === hash)) return
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      throw new Error(`The follower did not reach block ${number}.`)
    }
    try {
      await generateActivity(scenario.client, {
        market: scenario.market,
        blocks: 2,
        swapsPerBlock: 2,
        seed: 300,
      })
      await caughtUp(base + 2n)
      await revert(scenario.client, id)
      await generateActivity(scenario.client, {
        market: scenario.market,
        blocks: 3,
        swapsPerBlock: 2,
        seed: 400,
      })
      const head = await scenario.client.getBlock({ blockTag: 'latest' })
      await caughtUp(head.number, head.hash)
    } finally {
      controller.abort()
      await running
    }
    expect(reorgs).toEqual([{ from: base + 1n, depth: 2 }])
    await expectRowsOfTheChain()
  })
})
