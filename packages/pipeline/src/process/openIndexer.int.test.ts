// openIndexer on a scenario chain: what it opens (the model's rpc source, the
// model as configured), and that its runs are the pipeline's own — a range,
// one block again, repricing — with the same rows as each other.

import { UnknownModelError } from '@idx/shared-db'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { dumpModelDb } from '../_test/modelRows'
import {
  createScenarioDatabases,
  type Scenario,
  type ScenarioDatabases,
  scenarioConfig,
  startScenario,
} from '../_test/scenario'
import { ModelSourceError, RpcUrlNotSetError } from './errors'
import { openIndexer } from './openIndexer'

let scenario: Scenario
let dbs: ScenarioDatabases

beforeAll(async () => {
  scenario = await startScenario({
    blocks: 6,
    swapsPerBlock: 2,
    transfersPerBlock: 1,
    priceUpdateEvery: 3,
    seed: 5,
  })
  dbs = await createScenarioDatabases('postgres', scenarioConfig(scenario))
})
afterAll(async () => {
  await dbs?.close()
  await scenario?.stop()
})

describe('openIndexer', () => {
  test('default: the model as configured, read through its rpc source', async () => {
    const indexer = await openIndexer({
      shared: dbs.shared,
      db: dbs.model,
      model: 'scenario',
      env: scenario.env,
    })
    try {
      expect(indexer.sourceType).toBe('rpc')
      expect(indexer.model.model.name).toBe('scenario')
      expect([...indexer.model.addresses].sort()).toEqual([...scenario.addresses].sort())
      expect(await indexer.source.getHead()).toBeGreaterThanOrEqual(scenario.lastBlock)
      const reloaded = await indexer.reload()
      expect(reloaded.model.generation).toBe(indexer.model.model.generation)
    } finally {
      await indexer.close()
    }
  })

  test('behavior: a range, then one of its blocks again and repricing, leave the same rows', async () => {
    await dbs.reset()
    const indexer = await openIndexer({
      shared: dbs.shared,
      db: dbs.model,
      model: 'scenario',
      env: scenario.env,
    })
    try {
      const total = Number(scenario.lastBlock - scenario.firstBlock + 1n)
      const result = await indexer.processRange({ from: scenario.firstBlock, to: scenario.lastBlock })
      expect(result).toMatchObject({ processed: total, failed: 0, aborted: false })
      expect(result.events).toBeGreaterThan(0)
      const rows = await dumpModelDb(dbs.model)

      // A block of the range with tracked logs (the range gave only those a row of their own).
      const [withLogs] = await dbs.model.query<{ number: string }>(
        'select min(number)::text as number from processed_block where number > $1',
        [scenario.firstBlock.toString()],
      )
      const block = BigInt(withLogs!.number)
      const again = await indexer.processBlocks(block, block)
      expect(again).toMatchObject({ done: 1, failed: [] })
      expect(await indexer.repriceFrom(block)).toMatchObject({
        lastBlock: scenario.lastBlock,
      })
      expect(await dumpModelDb(dbs.model)).toBe(rows)

      // Nothing left to do: following stops at once at the last block.
      const followed = await indexer.follow({ until: scenario.lastBlock, pollMs: 10 })
      expect(followed.timings).toBeDefined()
      expect(await dumpModelDb(dbs.model)).toBe(rows)
    } finally {
      await indexer.close()
    }
  })

  test('error: a source the model does not have, a model that is not registered', async () => {
    await expect(
      openIndexer({
        shared: dbs.shared,
        db: dbs.model,
        model: 'scenario',
        env: scenario.env,
        source: 'nope',
      }),
    ).rejects.toThrow(ModelSourceError)
    await expect(
      openIndexer({ shared: dbs.shared, db: dbs.model, model: 'nobody', env: scenario.env }),
    ).rejects.toThrow(UnknownModelError)
    // The rpc source's variable unset: said before anything is loaded.
    await expect(
      openIndexer({ shared: dbs.shared, db: dbs.model, model: 'scenario', env: {} }),
    ).rejects.toThrow(RpcUrlNotSetError)
  })
})
