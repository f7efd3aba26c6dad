// A range indexed through a JSON-RPC endpoint that misbehaves the way real
// providers do — HTTP 429 and 500, dropped connections, truncated and slow
// (timed out) answers, 429s inside a batch, getLogs ranges refused as too
// large — injected by a local proxy in front of anvil. The model's rpc
// source (its settings from the configuration) must retry through all of it
// and lose no block.

import { listModelSources } from '@idx/shared-db'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { readScenarioEvents } from '../_test/chainEvents'
import { readModelRows } from '../_test/modelRows'
import {
  createScenarioDatabases,
  RPC_ENV,
  type Scenario,
  type ScenarioDatabases,
  scenarioConfig,
  startScenario,
} from '../_test/scenario'
import { type FaultProxy, startFaultProxy } from '../source/_test/faultProxy'
import { createModelSource } from './createModelSource'
import { loadIndexerModel } from './loadIndexerModel'
import { runRange } from './runRange'

let scenario: Scenario
let proxy: FaultProxy
let dbs: ScenarioDatabases

beforeAll(async () => {
  scenario = await startScenario({
    blocks: 30,
    swapsPerBlock: 4,
    priceUpdateEvery: 3,
    liquidityEvery: 6,
    seed: 9,
  })
  proxy = await startFaultProxy({
    target: scenario.anvil.rpcUrl,
    seed: 4,
    faults: { status429: 0.12, status500: 0.08, drop: 0.06, truncate: 0.06, slow: 0.05, callError429: 0.03 },
    slowMs: 1_500,
    maxLogRange: 4,
  })
  dbs = await createScenarioDatabases(
    'postgres',
    scenarioConfig(scenario, { rpc: { batch_size: 4, max_retries: 12, timeout_ms: 500 } }),
  )
})
afterAll(async () => {
  await dbs?.close()
  await proxy?.close()
  await scenario?.stop()
})

test('behavior: the range completes through 429s, 500s, drops, truncations and timeouts, no block lost', async () => {
  const retries: string[] = []
  const created = createModelSource({
    sources: await listModelSources(dbs.shared.client, 'scenario'),
    env: { [RPC_ENV]: proxy.url },
    onRetry: (event) => retries.push(event.reason),
  })
  const model = await loadIndexerModel({ shared: dbs.shared, model: 'scenario' })
  const total = Number(scenario.lastBlock - scenario.firstBlock + 1n)
  const result = await runRange({
    model,
    db: dbs.model,
    source: created.source,
    from: scenario.firstBlock,
    to: scenario.lastBlock,
    batchSize: 3,
    jobSize: 12,
    workers: 2,
  })
  await created.source.close?.()
  expect(result).toMatchObject({ processed: total, failed: 0, aborted: false })

  const injected = Object.entries(proxy.injected).filter(([, n]) => n > 0)
  expect(injected.length).toBeGreaterThanOrEqual(4)
  // Every fault costs a retry (several faults of one batch may share one).
  expect(retries.length).toBeGreaterThanOrEqual(Math.ceil(injected.reduce((sum, [, n]) => sum + n, 0) / 2))

  const expected = await readScenarioEvents(scenario)
  const stored = await readModelRows(dbs.model)
  expect(stored.blocks).toEqual(expected.blocks)
  expect(stored.transactions).toEqual(expected.transactions)
  expect(stored.transfers).toEqual(expected.transfers)
  expect(stored.poolSwaps).toEqual(expected.poolSwaps)
  expect(stored.liquidity).toEqual(expected.liquidity)
  expect(stored.positions).toEqual(expected.positions)
  expect(stored.feedAnswers).toEqual(expected.feedAnswers)
})
