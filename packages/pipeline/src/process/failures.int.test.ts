// A range whose source stops answering part-way (every retry spent): the run
// stops with a summary of what failed instead of throwing, the failed job
// keeps its error, and running the same range again takes it up and
// finishes — leaving exactly the rows of one clean run.

import { listModelSources } from '@idx/shared-db'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type ChainEvents, readScenarioEvents } from '../_test/chainEvents'
import { readModelRows } from '../_test/modelRows'
import {
  createScenarioDatabases,
  type Scenario,
  type ScenarioDatabases,
  scenarioConfig,
  startScenario,
} from '../_test/scenario'
import { RpcRequestFailedError } from '../source/errors'
import type { BlockSource } from '../source/types'
import { createModelSource } from './createModelSource'
import { loadIndexerModel } from './loadIndexerModel'
import { runRange } from './runRange'

let scenario: Scenario
let expected: ChainEvents
let dbs: ScenarioDatabases

beforeAll(async () => {
  scenario = await startScenario({ blocks: 20, swapsPerBlock: 2, seed: 23 })
  expected = await readScenarioEvents(scenario)
  dbs = await createScenarioDatabases('postgres', scenarioConfig(scenario))
})
afterAll(async () => {
  await dbs?.close()
  await scenario?.stop()
})

/**
 * The source, failing every fetch that reaches block `block` or later the way a node that is
 * down fails after its retries (by block, not by call: batches span more blocks where few have logs).
 */
function failingFrom(inner: BlockSource, block: bigint): BlockSource {
  return {
    ...inner,
    getHead: () => inner.getHead(),
    getHeader: (number) => inner.getHeader(number),
    getBlocks: async (parameters) => {
      if (parameters.to < block) return inner.getBlocks(parameters)
      throw new RpcRequestFailedError({
        method: 'eth_getLogs',
        subject: `blocks "${parameters.from}" to "${parameters.to}"`,
        url: 'http://127.0.0.1:1/***',
        attempts: 6,
        retryable: true,
        reason: 'the server answered HTTP status 503 (Service Unavailable)',
        status: 503,
      })
    },
  }
}

test('behavior: exhausted retries stop the run with what failed; the same range run again resumes and finishes', async () => {
  const created = createModelSource({
    sources: await listModelSources(dbs.shared.client, 'scenario'),
    env: scenario.env,
  })
  const model = await loadIndexerModel({ shared: dbs.shared, model: 'scenario' })
  const range = { from: scenario.firstBlock, to: scenario.lastBlock }
  const total = Number(range.to - range.from + 1n)

  const stopped = await runRange({
    model,
    db: dbs.model,
    source: failingFrom(created.source, range.from + 5n),
    ...range,
    batchSize: 2,
    jobSize: 5,
    prefetch: 1,
  })
  // Jobs of 5 blocks: the first job is done, the second fails at once.
  expect(stopped.failedJobs).toEqual([
    {
      from: range.from + 5n,
      to: range.from + 9n,
      error: expect.stringMatching(
        /^The JSON-RPC request eth_getLogs for blocks "\d+" to "\d+" to "http:\/\/127\.0\.0\.1:1\/\*\*\*" failed after 6 attempts: the server answered HTTP status 503 \(Service Unavailable\)\./,
      ),
    },
  ])
  expect(stopped).toMatchObject({ processed: 5, failed: 0, aborted: false, configurationChanged: undefined })
  const jobs = await dbs.model.query<{ from: string; status: string; error: string | null }>(
    'select from_block::text as from, status::text as status, error from block_job order by from_block',
  )
  // The run stopped: the failed job keeps its error; the jobs after it were never started.
  expect(jobs.map((job) => job.status)).toEqual([
    'done',
    'failed',
    ...Array(Math.ceil(total / 5) - 2).fill('pending'),
  ])
  expect(jobs[1]?.error).toBe(stopped.failedJobs[0]?.error)

  // The same range again, the source answering: the failed job is taken up, nothing is done twice.
  const resumed = await runRange({
    model,
    db: dbs.model,
    source: created.source,
    ...range,
    batchSize: 2,
    jobSize: 5,
  })
  expect(resumed).toMatchObject({ resumedJobs: 1, failedJobs: [], skipped: 5, processed: total - 5 })
  expect(
    (await dbs.model.query<{ status: string }>('select status::text as status from block_job')).every(
      (job) => job.status === 'done',
    ),
  ).toBe(true)
  const stored = await readModelRows(dbs.model)
  expect(stored.blocks).toEqual(expected.blocks)
  expect(stored.poolSwaps).toEqual(expected.poolSwaps)
  expect(stored.transfers).toEqual(expected.transfers)
  await created.source.close?.()
})
