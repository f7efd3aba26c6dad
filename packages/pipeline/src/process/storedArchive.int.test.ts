// A sparse archive of range files (gzip JSON, the original system's names)
// made from a chain the test ran on anvil, processed with runRange: the gaps
// are reported and left out, filled later by the same range run again, and
// the rows then equal those of processing the same chain over JSON-RPC. A
// corrupt file fails its batch whole.

import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { listModelSources } from '@idx/shared-db'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { dumpModelDb } from '../_test/modelRows'
import {
  createScenarioDatabases,
  type Scenario,
  type ScenarioDatabases,
  scenarioConfig,
  startScenario,
} from '../_test/scenario'
import { type ArchiveFile, archiveFiles } from '../source/_test/archive'
import { createModelSource } from './createModelSource'
import { loadIndexerModel } from './loadIndexerModel'
import { runRange } from './runRange'

const PATTERN = 'avalanche-mainnet_block_with_receipts_{from:012}-{to:012}.json.gz'

let scenario: Scenario
let dir: string
let files: ArchiveFile[]
let rpcDbs: ScenarioDatabases
let storedDbs: ScenarioDatabases

beforeAll(async () => {
  scenario = await startScenario({
    blocks: 14,
    swapsPerBlock: 3,
    transfersPerBlock: 1,
    priceUpdateEvery: 4,
    seed: 23,
  })
  dir = await mkdtemp(join(tmpdir(), 'idx-archive-'))
  files = await archiveFiles(scenario.client, {
    from: scenario.firstBlock,
    to: scenario.lastBlock,
    pattern: PATTERN,
    size: 5,
  })
  const config = scenarioConfig(scenario, {
    storedBlocks: dir,
    storedSettings: { files: PATTERN, prefetch: 2 },
    modelSources: ['anvil_rpc', 'stored'],
  })
  rpcDbs = await createScenarioDatabases('postgres', config)
  storedDbs = await createScenarioDatabases('postgres', config)
})
afterAll(async () => {
  await rpcDbs?.close()
  await storedDbs?.close()
  await scenario?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** Processes the scenario's blocks into `dbs` from the source named `name`, as `idx process range` does. */
async function processRange(dbs: ScenarioDatabases, name: string) {
  const created = createModelSource({
    sources: await listModelSources(dbs.shared.client, 'scenario'),
    env: scenario.env,
    name,
  })
  try {
    const model = await loadIndexerModel({
      shared: dbs.shared,
      model: 'scenario',
      readLbTokens: created.readLbTokens,
      readFeedRound: created.readFeedRound,
    })
    return await runRange({
      model,
      db: dbs.model,
      source: created.source,
      from: scenario.firstBlock,
      to: scenario.lastBlock,
      batchSize: 4,
      jobSize: 10,
    })
  } finally {
    await created.source.close?.()
  }
}

const doneBlocks = async (dbs: ScenarioDatabases) =>
  (await dbs.model.query<{ number: string }>('select number::text from processed_block order by number')).map(
    (row) => BigInt(row.number),
  )

test('default: gaps are reported and left out; filled, the rows equal the RPC source’s', async () => {
  const total = Number(scenario.lastBlock - scenario.firstBlock + 1n)
  const viaRpc = await processRange(rpcDbs, 'anvil_rpc')
  expect(viaRpc).toMatchObject({ processed: total, failed: 0, missing: [] })

  // Every third file is not in the archive yet.
  const absent = files.filter((_, i) => i % 3 === 1)
  expect(absent.length).toBeGreaterThan(0)
  for (const file of files.filter((file) => !absent.includes(file)))
    await writeFile(join(dir, file.name), file.bytes)
  const sparse = await processRange(storedDbs, 'stored')
  const gaps = absent.map((file) => ({ from: file.from, to: file.to }))
  const gapBlocks = absent.reduce((sum, file) => sum + Number(file.to - file.from + 1n), 0)
  expect(sparse).toMatchObject({ processed: total - gapBlocks, failed: 0, failedJobs: [], missing: gaps })
  const inGap = (n: bigint) => absent.some((file) => n >= file.from && n <= file.to)
  expect(await doneBlocks(storedDbs)).toEqual((await doneBlocks(rpcDbs)).filter((n) => !inGap(n)))

  // The archive gains the missing files: the same range run again processes them, and only them.
  for (const file of absent) await writeFile(join(dir, file.name), file.bytes)
  const filled = await processRange(storedDbs, 'stored')
  expect(filled).toMatchObject({ processed: gapBlocks, skipped: total - gapBlocks, failed: 0, missing: [] })
  expect(await dumpModelDb(storedDbs.model)).toEqual(await dumpModelDb(rpcDbs.model))

  // Run once more: nothing to do, the same rows.
  expect(await processRange(storedDbs, 'stored')).toMatchObject({ processed: 0, missing: [] })
  expect(await dumpModelDb(storedDbs.model)).toEqual(await dumpModelDb(rpcDbs.model))
})

test('error: a corrupt file fails its batch whole, naming the file; nothing of it is written', async () => {
  await storedDbs.reset()
  const bad = files[1]!
  await writeFile(join(dir, bad.name), bad.bytes.slice(0, bad.bytes.length - 30)) // a truncated gzip
  try {
    const result = await processRange(storedDbs, 'stored')
    expect(result.failedJobs).toHaveLength(1)
    expect(result.failedJobs[0]!.error).toBe(
      `The stored block file "${join(dir, bad.name)}" is not a whole gzip file (unexpected end of file).`,
    )
    const written = await doneBlocks(storedDbs)
    // The batches that met the bad file failed whole: none of its blocks was written.
    expect(written.filter((n) => n >= bad.from && n <= bad.to)).toEqual([])
    const [rows] = await storedDbs.model.query<{ n: number }>(
      'select count(*)::int as n from pool_swap where block_number between $1 and $2',
      [bad.from.toString(), bad.to.toString()],
    )
    expect(rows?.n).toBe(0)
  } finally {
    await writeFile(join(dir, bad.name), bad.bytes)
  }
  // Repaired, the same range finishes with the RPC source's rows.
  expect(await processRange(storedDbs, 'stored')).toMatchObject({ failed: 0, failedJobs: [], missing: [] })
  expect(await dumpModelDb(storedDbs.model)).toEqual(await dumpModelDb(rpcDbs.model))
})
