// `idx process range` and `idx process status` over a sparse archive of range
// files — made from a chain the test ran on anvil — with no node configured:
// the gaps are named, the exit code says so, status tells blocks the source
// lacks from pending ones, and the same command finishes once the files are in.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type ArchiveFile, archiveFiles, type Scenario, startScenario } from '@idx/pipeline/testing'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { runCli } from '../_test/cli'
import { type CliScenarioSetup, setUpCliScenario } from '../_test/cliScenario'

const PATTERN = 'avalanche-mainnet_block_with_receipts_{from:012}-{to:012}.jsonl.gz'

let scenario: Scenario
let dir: string
let files: ArchiveFile[]
let setup: CliScenarioSetup
let env: Record<string, string>
const cleanups: (() => Promise<void> | void)[] = []

beforeAll(async () => {
  scenario = await startScenario({
    blocks: 10,
    swapsPerBlock: 2,
    transfersPerBlock: 1,
    priceUpdateEvery: 4,
    seed: 9,
  })
  dir = mkdtempSync(path.join(tmpdir(), 'idx-cli-archive-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  files = await archiveFiles(scenario.client, {
    from: scenario.firstBlock,
    to: scenario.lastBlock,
    pattern: PATTERN,
    size: 4,
  })
  setup = await setUpCliScenario(scenario, cleanups, 'postgres', 'archive', {
    storedBlocks: dir,
    storedSettings: { files: PATTERN },
    modelSources: ['anvil_rpc', 'stored'],
  })
  // No node: the rpc source's URL is not set, so the model reads its archive.
  env = Object.fromEntries(
    Object.entries(setup.env).filter(([key]) => !Object.keys(scenario.env).includes(key)),
  )
})
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  await scenario?.stop()
})

const runs = (list: readonly ArchiveFile[]) => list.map((file) => `${file.from}–${file.to}`).join(', ')

test('idx process range over a sparse archive: the gaps are named, exit 3; status counts them apart; filled, exit 0', async () => {
  const absent = [files[1]!, files[3]!]
  for (const file of files.filter((file) => !absent.includes(file)))
    writeFileSync(path.join(dir, file.name), file.bytes)
  const gapBlocks = absent.reduce((sum, file) => sum + Number(file.to - file.from + 1n), 0)
  const total = Number(scenario.lastBlock - scenario.firstBlock + 1n)

  const sparse = await runCli(['process', 'range', setup.from, setup.to, '--model', 'archive'], env)
  expect(sparse.stderr).toContain('from the stored_blocks source "stored"')
  expect(sparse.stdout).toContain(
    `${gapBlocks} blocks of ${setup.from}..${setup.to} are not in the source "stored" and were not processed: ${runs(absent)}. Run the same command again once the source has them.`,
  )
  expect(sparse.code).toBe(3)

  const json = await runCli(['process', 'range', setup.from, setup.to, '--model', 'archive', '--json'], env)
  expect(json.code).toBe(3)
  expect(JSON.parse(json.stdout)).toMatchObject({
    processed: 0,
    skipped: total - gapBlocks,
    done: total - gapBlocks,
    pending: 0,
    notInSource: gapBlocks,
    missingRuns: absent.map((file) => ({ from: `${file.from}`, to: `${file.to}` })),
  })

  const status = await runCli(['process', 'status', '--model', 'archive'], env)
  expect(status.code).toBe(0)
  expect(status.stdout).toContain(
    `blocks ${setup.from}..${setup.to}: ${total - gapBlocks} done, 0 failed, 0 pending, ${gapBlocks} not in the source "stored"`,
  )
  expect(status.stdout).toContain(`not in the source: ${runs(absent)}`)

  for (const file of absent) writeFileSync(path.join(dir, file.name), file.bytes)
  const filled = await runCli(['process', 'range', setup.from, setup.to, '--model', 'archive'], env)
  expect(filled.stdout).toContain(`${gapBlocks} processed, ${total - gapBlocks} already done`)
  expect(filled.code).toBe(0)
  const after = await runCli(['process', 'status', '--model', 'archive', '--json'], env)
  expect(JSON.parse(after.stdout).blocks).toEqual({ done: total, failed: 0, pending: 0, notInSource: 0 })
})

test('error: a file whose blocks disagree with its name stops the range, naming the file', async () => {
  await setup.db.query('delete from processed_block')
  await setup.db.query('delete from processed_range')
  await setup.db.query('delete from block_job')
  const bad = files[2]!
  const others = files.find((file) => file !== bad && file.to - file.from === bad.to - bad.from)!
  writeFileSync(path.join(dir, bad.name), others.bytes) // the blocks of another range under this name
  const result = await runCli(['process', 'range', setup.from, setup.to, '--model', 'archive'], env)
  expect(result.code).toBe(1)
  expect(result.stdout).toContain(
    `The stored block file "${path.join(dir, bad.name)}" holds block "${others.from}", outside the blocks "${bad.from}" to "${bad.to}" its name says.`,
  )
  const written = await setup.db.query<{ n: number }>(
    'select count(*)::int as n from processed_block where number between $1 and $2',
    [`${bad.from}`, `${bad.to}`],
  )
  expect(written[0]?.n).toBe(0)
  writeFileSync(path.join(dir, bad.name), bad.bytes)
})
