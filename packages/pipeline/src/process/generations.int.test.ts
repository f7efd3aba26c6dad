// An import that changes a model while a range of it is processed: the run
// notices the new configuration generation at its next batch and stops (or,
// with reloadModel, goes on with the new configuration). No batch is written
// with two configurations: every block records the generation that produced
// it, and its rows are exactly what that generation tracks. Valuations keep
// naming pricing configs that still exist (as a version in the history).

import { parseModelConfig } from '@idx/config'
import { rangeProgress } from '@idx/model-db'
import { importModelConfig, listModelSources } from '@idx/shared-db'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { type ChainEvents, readScenarioEvents } from '../_test/chainEvents'
import { readModelRows } from '../_test/modelRows'
import {
  createScenarioDatabases,
  type Scenario,
  type ScenarioDatabases,
  scenarioConfig,
  startScenario,
} from '../_test/scenario'
import type { SourceBlock } from '../block/types'
import type { BlockSource } from '../source/types'
import { createModelSource } from './createModelSource'
import { ConfigurationChangedError } from './errors'
import { follow } from './follow'
import { loadIndexerModel } from './loadIndexerModel'
import { runRange } from './runRange'

let scenario: Scenario
let expected: ChainEvents
let dbs: ScenarioDatabases
let config: { shared: string; model: string }

beforeAll(async () => {
  scenario = await startScenario({ blocks: 24, swapsPerBlock: 3, priceUpdateEvery: 4, seed: 16 })
  expected = await readScenarioEvents(scenario)
  config = scenarioConfig(scenario)
  dbs = await createScenarioDatabases('postgres', config)
})
afterAll(async () => {
  await dbs?.close()
  await scenario?.stop()
})
beforeEach(async () => {
  await dbs.reset()
  // Back to the first configuration (an import of a changed file: a new generation each time).
  await importModelConfig(dbs.shared, parseModelConfig(config.model, 'scenario_v1_0.yaml'))
})

const WAVAX_USDC = () => scenario.pools[1]!.address
/** The model file without the WAVAX/USDC pool (its contract and its pricing config). */
const withoutWavaxUsdc = () =>
  config.model
    .split('\n')
    .filter((line) => !line.includes('# WAVAX/USDC') && !line.toLowerCase().includes(WAVAX_USDC()))
    .join('\n')

/**
 * The model's rpc source, its fetches counted; the `n`-th fetch (1-based)
 * imports the model file without the WAVAX/USDC pool before it returns, so
 * the batch it carries is checked after the import committed.
 */
function importingAt(inner: BlockSource, n: number): BlockSource {
  let calls = 0
  return {
    getHead: () => inner.getHead(),
    getHeader: (number) => inner.getHeader(number),
    getBlocks: async (parameters) => {
      calls += 1
      const blocks: SourceBlock[] = await inner.getBlocks(parameters)
      if (calls === n)
        await importModelConfig(dbs.shared, parseModelConfig(withoutWavaxUsdc(), 'scenario_v1_0.yaml'))
      return blocks
    },
  }
}

async function openSource() {
  return createModelSource({
    sources: await listModelSources(dbs.shared.client, 'scenario'),
    env: scenario.env,
  })
}

/**
 * The fetch at which to import: a few batches after the first WAVAX/USDC swap
 * (the market's first blocks deploy it and hold no swap), so that the first
 * generation's blocks hold some of its swaps.
 */
function importFetch(batchSize: number): number {
  const first = expected.poolSwaps.find((swap) => swap.pool === WAVAX_USDC())!
  return Number((BigInt(String(first.block_number)) - scenario.firstBlock) / BigInt(batchSize)) + 3
}

/** Every block of the scenario is done: rows for blocks with logs, processed ranges for the rest. */
async function expectEveryBlockDone() {
  const range = { from: scenario.firstBlock, to: scenario.lastBlock }
  expect((await rangeProgress(dbs.model, range)).done).toBe(Number(range.to - range.from + 1n))
}

/** Each processed block's generation, and what the database holds of the WAVAX/USDC pool and of BLUB/WAVAX. */
async function blocksByGeneration() {
  const rows = await dbs.model.query<{ number: string; generation: number | null; status: string }>(
    'select number::text, generation, status::text as status from processed_block order by number',
  )
  return rows
}

async function configIdsResolve(): Promise<{ missing: number[]; historyOnly: number[] }> {
  const ids = (
    await dbs.model.query<{ id: number }>(
      'select distinct config_id as id from swap_valuation where config_id is not null order by 1',
    )
  ).map((row) => row.id)
  const current = new Set(
    (await dbs.shared.query<{ id: number }>('select id from pool_pricing_config')).map((row) => row.id),
  )
  const history = new Set(
    (await dbs.shared.query<{ id: number }>('select id from pool_pricing_config_history')).map(
      (row) => row.id,
    ),
  )
  return {
    missing: ids.filter((id) => !current.has(id) && !history.has(id)),
    historyOnly: ids.filter((id) => !current.has(id) && history.has(id)),
  }
}

/** The rows must be those of each block's generation: WAVAX/USDC swaps only in blocks of the first. */
async function expectRowsOfEachGeneration(first: number) {
  const blocks = await blocksByGeneration()
  const generationOf = new Map(blocks.map((block) => [block.number, block.generation]))
  const stored = await readModelRows(dbs.model)
  const inScope = (swap: Record<string, unknown>) => generationOf.has(String(swap.block_number))
  const wanted = expected.poolSwaps.filter(
    (swap) =>
      inScope(swap) && (swap.pool !== WAVAX_USDC() || generationOf.get(String(swap.block_number)) === first),
  )
  expect(stored.poolSwaps).toEqual(wanted)
  expect(wanted.some((swap) => swap.pool === WAVAX_USDC())).toBe(true) // the first generation tracked it
}

test('behavior: an import during a range stops it at the next batch; the blocks before carry the old generation', async () => {
  const opened = await openSource()
  const first = (await loadIndexerModel({ shared: dbs.shared, model: 'scenario' })).model.generation
  const model = await loadIndexerModel({ shared: dbs.shared, model: 'scenario' })
  const result = await runRange({
    model,
    db: dbs.model,
    source: importingAt(opened.source, importFetch(3)),
    from: scenario.firstBlock,
    to: scenario.lastBlock,
    batchSize: 3,
    prefetch: 1,
  })
  expect(result.configurationChanged).toBeInstanceOf(ConfigurationChangedError)
  expect(result.configurationChanged).toMatchObject({ model: 'scenario', from: first, to: first + 1 })
  expect(result.failedJobs).toEqual([])
  const blocks = await blocksByGeneration()
  // Some batches were written before the change was seen — all with the first generation — and not all.
  expect(blocks.length).toBeGreaterThanOrEqual(6)
  expect(blocks.length).toBeLessThan(Number(scenario.lastBlock - scenario.firstBlock + 1n))
  expect(new Set(blocks.map((block) => block.generation))).toEqual(new Set([first]))
  // Its job went back to the queue (not failed): the same range, run again with the new configuration, finishes.
  expect(await dbs.model.query(`select status::text as status from block_job`)).toEqual([
    { status: 'pending' },
  ])
  const again = await runRange({
    model: await loadIndexerModel({ shared: dbs.shared, model: 'scenario' }),
    db: dbs.model,
    source: opened.source,
    from: scenario.firstBlock,
    to: scenario.lastBlock,
    batchSize: 3,
  })
  expect(again).toMatchObject({ configurationChanged: undefined, failedJobs: [], aborted: false })
  const after = await blocksByGeneration()
  await expectEveryBlockDone()
  expect(after.length).toBeLessThanOrEqual(Number(scenario.lastBlock - scenario.firstBlock + 1n))
  expect(new Set(after.map((block) => block.generation))).toEqual(new Set([first, first + 1]))
  await expectRowsOfEachGeneration(first)
  // The WAVAX/USDC swaps were valued by a config that is no longer the model's: it is kept, by its id.
  expect(await configIdsResolve()).toMatchObject({ missing: [], historyOnly: [expect.any(Number)] })
  await opened.source.close?.()
})

test('behavior: with reloadModel the range goes on with the new configuration, never two in one batch', async () => {
  const opened = await openSource()
  const model = await loadIndexerModel({ shared: dbs.shared, model: 'scenario' })
  const first = model.model.generation
  const reloads: { from: number; to: number }[] = []
  const result = await runRange({
    model,
    db: dbs.model,
    source: importingAt(opened.source, importFetch(3)),
    from: scenario.firstBlock,
    to: scenario.lastBlock,
    batchSize: 3,
    prefetch: 1,
    workers: 2,
    jobSize: 9,
    reloadModel: () => loadIndexerModel({ shared: dbs.shared, model: 'scenario' }),
    onReload: (event) => reloads.push({ from: event.from, to: event.to }),
  })
  expect(result).toMatchObject({ configurationChanged: undefined, failedJobs: [], aborted: false })
  expect(result.model.model.generation).toBe(first + 1)
  expect(reloads.length).toBeGreaterThanOrEqual(1)
  expect(reloads.every((reload) => reload.from === first && reload.to === first + 1)).toBe(true)
  const blocks = await blocksByGeneration()
  await expectEveryBlockDone()
  expect(blocks.length).toBeLessThanOrEqual(Number(scenario.lastBlock - scenario.firstBlock + 1n))
  expect(blocks.every((block) => block.status === 'done')).toBe(true)
  expect(new Set(blocks.map((block) => block.generation))).toEqual(new Set([first, first + 1]))
  await expectRowsOfEachGeneration(first)
  expect(await configIdsResolve()).toMatchObject({ missing: [] })
  await opened.source.close?.()
})

test('behavior: follow stops at a new generation, or with reloadModel follows it', async () => {
  const opened = await openSource()
  const model = await loadIndexerModel({ shared: dbs.shared, model: 'scenario' })
  const first = model.model.generation
  const stopped = await follow({
    model,
    db: dbs.model,
    source: importingAt(opened.source, importFetch(3)),
    batchSize: 3,
    until: scenario.lastBlock,
  }).catch((error: unknown) => error)
  expect(stopped).toBeInstanceOf(ConfigurationChangedError)
  expect(new Set((await blocksByGeneration()).map((block) => block.generation))).toEqual(new Set([first]))

  // Started again on the first configuration, with reloadModel: it follows the change.
  await dbs.reset()
  await importModelConfig(dbs.shared, parseModelConfig(config.model, 'scenario_v1_0.yaml'))
  const again = await loadIndexerModel({ shared: dbs.shared, model: 'scenario' })
  const followed = await follow({
    model: again,
    db: dbs.model,
    source: importingAt(opened.source, importFetch(3)),
    batchSize: 3,
    until: scenario.lastBlock,
    reloadModel: () => loadIndexerModel({ shared: dbs.shared, model: 'scenario' }),
  })
  expect(followed.model.model.generation).toBe(again.model.generation + 1)
  const blocks = await blocksByGeneration()
  await expectEveryBlockDone()
  expect(blocks.length).toBeLessThanOrEqual(Number(scenario.lastBlock - scenario.firstBlock + 1n))
  await expectRowsOfEachGeneration(again.model.generation)
  await opened.source.close?.()
})
