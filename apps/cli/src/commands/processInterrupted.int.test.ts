// `idx process range` when the world changes under it, through the real CLI:
// - the node goes down part-way and stays down through every retry: the run
//   stops with a summary (blocks done and pending, the failed job and its
//   error) and the same command, run again, resumes and finishes;
// - `idx config import-model` drops a pool while the range runs (in another
//   process): the run stops at its next batch and says so, or with
//   --reload-config goes on with the new configuration; every block records
//   the generation that processed it, its rows are what that generation
//   tracks, and `idx pricing explain` explains a block of the old generation
//   with the configuration that priced it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { rangeProgress } from '@idx/model-db'
import {
  type ChainEvents,
  type FaultProxy,
  RPC_ENV,
  readModelRows,
  readScenarioEvents,
  type Scenario,
  scenarioConfig,
  startFaultProxy,
  startScenario,
} from '@idx/pipeline/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../_test/cli'
import { type CliScenarioSetup, setUpCliScenario } from '../_test/cliScenario'
import { startCli } from '../_test/startCli'

let scenario: Scenario
let expected: ChainEvents
const cleanups: (() => Promise<void> | void)[] = []
const RPC = { max_retries: 1, timeout_ms: 3_000 }

beforeAll(async () => {
  scenario = await startScenario({ blocks: 40, swapsPerBlock: 3, priceUpdateEvery: 5, seed: 31 })
  expected = await readScenarioEvents(scenario)
})
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  await scenario?.stop()
})

const total = () => Number(scenario.lastBlock - scenario.firstBlock + 1n)

async function expectChainRows(setup: CliScenarioSetup) {
  const stored = await readModelRows(setup.db)
  expect(stored.blocks).toEqual(expected.blocks)
  expect(stored.poolSwaps).toEqual(expected.poolSwaps)
  expect(stored.transfers).toEqual(expected.transfers)
  expect(stored.liquidity).toEqual(expected.liquidity)
}

describe('the node goes down part-way', () => {
  test('behavior: exhausted retries stop the range with a summary; the same command resumes it', async () => {
    // The node answers the first 20 requests, then 503 to everything (each retry too).
    const proxy: FaultProxy = await startFaultProxy({
      target: scenario.anvil.rpcUrl,
      refuseFrom: { request: 20, status: 503, body: 'Service Unavailable' },
    })
    cleanups.push(() => proxy.close())
    const setup = await setUpCliScenario(scenario, cleanups, 'postgres', 'scenario', { rpc: RPC })
    const env = { ...setup.env, [RPC_ENV]: proxy.url }
    const argv = [
      'process',
      'range',
      setup.from,
      setup.to,
      '--model',
      'scenario',
      '--batch-size',
      '2',
      '--job-size',
      '8',
    ]
    const stopped = await runCli(argv, env)
    expect(stopped.code, stopped.stderr).toBe(1)
    // Done blocks: in processed ranges (empty blocks have no row of their own).
    const done = {
      n: (await rangeProgress(setup.db, { from: BigInt(setup.from), to: BigInt(setup.to) })).done,
    }
    expect(done!.n).toBeGreaterThan(0)
    expect(done!.n).toBeLessThan(total())
    const summary = stopped.stdout.split('\n')
    expect(summary[0]).toBe(
      `✗ Blocks ${setup.from}..${setup.to}: stopped after 1 job failed: ${done!.n} done, 0 failed, ${total() - done!.n} pending.`,
    )
    expect(summary[1]).toMatch(
      /^ {2}job \d+\.\.\d+ failed: The JSON-RPC request \w+ for .+ to "http:\/\/127\.0\.0\.1:\d+\/" failed after 2 attempts: the server answered HTTP status 503 \(Service Unavailable\), "Service Unavailable"\.$/,
    )
    expect(stopped.stdout).toContain(
      'Run the same command again to resume: it takes the failed job(s) up again and skips the blocks already done.',
    )
    expect(stopped.stderr).not.toMatch(/^Error:/m)

    // The node is back: the same command finishes the range.
    proxy.refuse(undefined)
    const resumed = await runCli(argv, env)
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stdout).toContain(
      `✓ Blocks ${setup.from}..${setup.to}: ${total() - done!.n} processed, ${done!.n} already done`,
    )
    expect(resumed.stdout).toContain('(1 failed job of an earlier run taken up again).')
    await expectChainRows(setup)
    const status = JSON.parse(
      (await runCli(['process', 'status', '--model', 'scenario', '--json'], env)).stdout,
    )
    expect(status.jobs.failed).toBe(0)
  })
})

describe('an import while the range runs', () => {
  /** The model file without the WAVAX/USDC pool, for the scenario's model database. */
  function withoutWavaxUsdc(setup: CliScenarioSetup): string {
    const wavaxUsdc = scenario.pools[1]!.address
    const { model } = scenarioConfig(scenario, {
      model: 'scenario',
      database: setup.db.target.database,
      rpc: RPC,
    })
    const dir = mkdtempSync(path.join(tmpdir(), 'idx-import-during-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const file = path.join(dir, 'scenario_v1_0.yaml')
    writeFileSync(
      file,
      model
        .split('\n')
        .filter((line) => !line.includes('# WAVAX/USDC') && !line.toLowerCase().includes(wavaxUsdc))
        .join('\n'),
    )
    return file
  }

  /** Starts the range in a process of its own (paced), imports the edited model once a few blocks are done. */
  async function rangeWithImportDuring(setup: CliScenarioSetup, extra: string[]) {
    const cli = startCli(
      [
        'process',
        'range',
        setup.from,
        setup.to,
        '--model',
        'scenario',
        '--batch-size',
        '2',
        '--requests-per-second',
        '6',
        ...extra,
      ],
      setup.env,
    )
    // The first WAVAX/USDC swap's block, and a few batches more, are done with the first configuration.
    const firstSwap = expected.poolSwaps.find((swap) => swap.pool === scenario.pools[1]!.address)!
    for (;;) {
      const [row] = await setup.db.query<{ n: number }>(
        `select count(*)::int as n from processed_block where number >= $1`,
        [String(firstSwap.block_number)],
      )
      if (row!.n >= 4) break
      if (cli.child.exitCode !== null) throw new Error(`The range ended before the import: ${cli.stdout}`)
      await sleep(20)
    }
    const imported = await runCli(['config', 'import-model', withoutWavaxUsdc(setup)], setup.env)
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.stdout).toContain(
      'Model "scenario" is now at configuration generation 2 (was 1): a running idx process of it stops at its next batch, or reloads with --reload-config.',
    )
    return cli.exited
  }

  /** Each block's generation; the rows of each block are those its generation tracks. */
  async function expectRowsOfEachGeneration(setup: CliScenarioSetup) {
    const blocks = await setup.db.query<{ number: string; generation: number }>(
      'select number::text, generation from processed_block order by number',
    )
    const generationOf = new Map(blocks.map((block) => [block.number, block.generation]))
    const stored = await readModelRows(setup.db)
    expect(stored.poolSwaps).toEqual(
      expected.poolSwaps.filter(
        (swap) =>
          generationOf.has(String(swap.block_number)) &&
          (swap.pool !== scenario.pools[1]!.address || generationOf.get(String(swap.block_number)) === 1),
      ),
    )
    return blocks
  }

  test('behavior: the range stops at its next batch and says so; run again, it finishes with the new configuration', async () => {
    const setup = await setUpCliScenario(scenario, cleanups, 'postgres', 'scenario', { rpc: RPC })
    const exited = await rangeWithImportDuring(setup, [])
    expect(exited.code, exited.stderr).toBe(1)
    expect(exited.stdout).toMatch(
      /^■ Stopped: the configuration of model "scenario" changed while it was being processed \(generation 1 → 2\); \d+ of \d+ blocks done \(\d+ by this run, with generation 1\), \d+ pending\.$/m,
    )
    expect(exited.stdout).toContain(
      'No batch was written with two configurations. Run the same command again',
    )
    const partial = await setup.db.query<{ generation: number }>(
      'select distinct generation from processed_block',
    )
    expect(partial).toEqual([{ generation: 1 }])

    const again = await runCli(['process', 'range', setup.from, setup.to, '--model', 'scenario'], setup.env)
    expect(again.code, again.stderr).toBe(0)
    const blocks = await expectRowsOfEachGeneration(setup)
    // Every block done; rows for the blocks with logs.
    expect((await rangeProgress(setup.db, { from: BigInt(setup.from), to: BigInt(setup.to) })).done).toBe(
      total(),
    )
    expect(blocks.length).toBeLessThanOrEqual(total())
    expect(new Set(blocks.map((block) => block.generation))).toEqual(new Set([1, 2]))

    // Valuations name configs that still exist: the dropped pool's, in the history.
    const ids = (
      await setup.db.query<{ id: number }>(
        'select distinct config_id as id from swap_valuation where config_id is not null',
      )
    ).map((row) => row.id)
    const shared = JSON.parse(
      (
        await runCli(
          [
            'pricing',
            'explain',
            '--model',
            'scenario',
            '--pool',
            scenario.pools[0]!.address,
            '--block',
            setup.to,
            '--json',
          ],
          setup.env,
        )
      ).stdout,
    )
    expect(shared.generation).toEqual({ current: 2, block: 2, explained: 2 })
    // A block of the first generation, with a swap of the dropped pool: explained as it was priced.
    const wavaxUsdc = scenario.pools[1]!.address
    const oldBlock = (
      await setup.db.query<{ block: string }>(
        `select s.block_number::text as block from pool_swap s join processed_block b on b.number = s.block_number
          where s.pool = $1 and b.generation = 1 order by 1 limit 1`,
        [wavaxUsdc],
      )
    )[0]!.block
    const explained = await runCli(
      ['pricing', 'explain', '--model', 'scenario', '--pool', wavaxUsdc, '--block', oldBlock, '--json'],
      setup.env,
    )
    expect(explained.code, explained.stderr).toBe(0)
    const json = JSON.parse(explained.stdout)
    expect(json.generation).toEqual({ current: 2, block: 1, explained: 1 })
    expect(json.decision).toMatchObject({ method: 'direct_usd', tier: 'model_config' })
    expect(json.swaps.length).toBeGreaterThan(0)
    expect(json.swaps.every((swap: { configId: number }) => swap.configId === json.decision.configId)).toBe(
      true,
    )
    expect(ids).toContain(json.decision.configId)
    const text = await runCli(
      ['pricing', 'explain', '--model', 'scenario', '--pool', wavaxUsdc, '--block', oldBlock],
      setup.env,
    )
    expect(text.stdout).toContain(
      '  configuration generation 1, which processed this block (the model is now at generation 2, and no longer tracks this pool)',
    )
    expect(text.stdout).toContain(`by config #${json.decision.configId}`)
    // A block of the new generation: the model does not track the pool there.
    const refused = await runCli(
      ['pricing', 'explain', '--model', 'scenario', '--pool', wavaxUsdc, '--block', setup.to],
      setup.env,
    )
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(`The model "scenario" tracks no pool ${wavaxUsdc}.`)
  })

  test('behavior: with --reload-config the range reloads and goes on, one configuration per batch', async () => {
    const setup = await setUpCliScenario(scenario, cleanups, 'postgres', 'scenario', { rpc: RPC })
    const exited = await rangeWithImportDuring(setup, ['--reload-config'])
    expect(exited.code, exited.stderr).toBe(0)
    expect(exited.stderr).toMatch(
      /The configuration of model "scenario" changed \(generation 1 → 2\): reloaded; going on from block \d+ with the new one\./,
    )
    const blocks = await expectRowsOfEachGeneration(setup)
    // Every block done; rows for the blocks with logs.
    expect((await rangeProgress(setup.db, { from: BigInt(setup.from), to: BigInt(setup.to) })).done).toBe(
      total(),
    )
    expect(blocks.length).toBeLessThanOrEqual(total())
    expect(new Set(blocks.map((block) => block.generation))).toEqual(new Set([1, 2]))
  })
})
