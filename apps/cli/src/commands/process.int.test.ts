// `idx process …` end to end: anvil with the testkit market, the operator's
// path (migrate, import both files, migrate the model) through the CLI, then
// processing through the real JSON-RPC path — in this process and as child
// processes that are killed, run side by side, and stopped by signals.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type ModelDb, markBlocksFailed, rangeProgress } from '@idx/model-db'
import {
  type ChainEvents,
  type DbKind,
  dumpModelDb,
  readModelRows,
  readScenarioEvents,
  type Scenario,
  scenarioConfig,
  startScenario,
  writeConfigFiles,
} from '@idx/pipeline/testing'
import { swap } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../_test/cli'
import { type CliScenarioSetup as Setup, setUpCliScenario } from '../_test/cliScenario'
import { startCli } from '../_test/startCli'
import { run } from '../program'

let scenario: Scenario
let expected: ChainEvents
const cleanups: (() => Promise<void> | void)[] = []

beforeAll(async () => {
  scenario = await startScenario({
    blocks: 30,
    swapsPerBlock: 4,
    transfersPerBlock: 1,
    priceUpdateEvery: 4,
    liquidityEvery: 5,
    wrapEvery: 4,
    seed: 5,
    // Aggregator trades too (split, hop, cycle, two wallets in one transaction), for a model whose asset is BLUB.
    splitRouter: true,
    splitShare: 0.3,
  })
  expected = await readScenarioEvents(scenario)
})

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  await scenario?.stop()
})

const setUp = (kind: DbKind, modelName = 'scenario') =>
  setUpCliScenario(scenario, cleanups, kind, modelName, { targetAsset: 'BLUB' })

async function resetModel(db: ModelDb) {
  await db.query('delete from processed_block')
  await db.query('delete from processed_range')
  await db.query('delete from block_job')
}

async function expectChainRows(db: ModelDb) {
  const stored = await readModelRows(db)
  expect(stored.blocks).toEqual(expected.blocks)
  expect(stored.transactions).toEqual(expected.transactions)
  expect(stored.transfers).toEqual(expected.transfers)
  expect(stored.poolSwaps).toEqual(expected.poolSwaps)
  expect(stored.liquidity).toEqual(expected.liquidity)
  expect(stored.positions).toEqual(expected.positions)
  expect(stored.feedAnswers).toEqual(expected.feedAnswers)
}

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  let setup: Setup
  beforeAll(async () => {
    setup = await setUp(kind)
  })

  test('idx process range: indexes the range through JSON-RPC; --json result', async () => {
    const result = await runCli(
      ['process', 'range', setup.from, setup.to, '--model', 'scenario', '--batch-size', '8', '--json'],
      setup.env,
    )
    expect(result.stderr).toContain('Processing blocks')
    expect(result.code).toBe(0)
    const json = JSON.parse(result.stdout)
    const total = Number(scenario.lastBlock - scenario.firstBlock + 1n)
    expect(json).toMatchObject({
      model: 'scenario',
      source: 'anvil_rpc',
      from: setup.from,
      to: setup.to,
      total,
      processed: total,
      skipped: 0,
      failed: 0,
      done: total,
      pending: 0,
      failedBlocks: [],
      aborted: false,
    })
    expect(json.timings).toEqual({
      fetchMs: expect.any(Number),
      transformMs: expect.any(Number),
      priceMs: expect.any(Number),
      writeMs: expect.any(Number),
    })
    await expectChainRows(setup.db)
    // Every kind of trade is among the rows the dumps below compare.
    const kinds = await setup.db.query<{ kind: string }>(
      `select distinct trade_type::text || ':' || coalesce(router_label, '-') || ':' || (wallet = taker)::text as kind
         from trade order by 1`,
    )
    expect(kinds.map((row) => row.kind)).toEqual(
      expect.arrayContaining(['arbitrage:Split router:true', 'trade:-:true', 'trade:Split router:false']),
    )
  })

  test('idx process status: done, failed and pending blocks, and the jobs', async () => {
    const text = await runCli(['process', 'status', '--model', 'scenario'], setup.env)
    expect(text.code).toBe(0)
    const total = Number(scenario.lastBlock - scenario.firstBlock + 1n)
    expect(text.stdout).toContain(`blocks ${setup.from}..${setup.to}: ${total} done, 0 failed, 0 pending`)
    expect(text.stdout).toContain('jobs: 0 pending, 0 running, 1 done, 0 failed')

    const json = JSON.parse(
      (await runCli(['process', 'status', '--model', 'scenario', '--json'], setup.env)).stdout,
    )
    expect(json).toMatchObject({
      model: 'scenario',
      blocks: { done: total, failed: 0, pending: 0 },
      latest: { number: setup.to, hash: expected.blocks.at(-1)!.hash },
      failedBlocks: [],
      jobs: { pending: 0, running: 0, done: 1, failed: 0 },
    })
  })

  test('idx process range again: every block is skipped, nothing changes', async () => {
    const before = await dumpModelDb(setup.db, { volatile: true })
    const result = await runCli(
      ['process', 'range', setup.from, setup.to, '--model', 'scenario', '--json'],
      setup.env,
    )
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      processed: 0,
      skipped: Number(setup.to) - Number(setup.from) + 1,
    })
    expect(await dumpModelDb(setup.db, { volatile: true })).toBe(before)
  })

  test('idx process block N: processes one block again, same rows', async () => {
    const swapBlock = expected.poolSwaps[0]!.block_number as string
    const before = await dumpModelDb(setup.db)
    const result = await runCli(['process', 'block', swapBlock, '--model', 'scenario', '--json'], setup.env)
    expect(result.code).toBe(0)
    const swaps = expected.poolSwaps.filter((swap) => swap.block_number === swapBlock).length
    expect(JSON.parse(result.stdout)).toMatchObject({
      block: swapBlock,
      status: 'done',
      error: null,
      attempts: 2,
      poolSwaps: swaps,
      hash: expected.blocks.find((block) => block.number === swapBlock)!.hash,
    })
    expect(await dumpModelDb(setup.db)).toBe(before)

    const text = await runCli(['process', 'block', swapBlock, '--model', 'scenario'], setup.env)
    expect(text.stdout).toMatch(
      new RegExp(`^✓ Block ${swapBlock} 0x[0-9a-f]{64}: \\d+ logs → \\d+ transfers, ${swaps} pool swaps`),
    )
  })

  test('idx process retry-failed: failed blocks and jobs are processed again', async () => {
    // Blocks with logs (those with rows; an empty block is covered by its processed range).
    const failed = [3, 4, expected.blocks.length - 1].map((i) => BigInt(expected.blocks[i]!.number))
    await markBlocksFailed(
      setup.db,
      failed.map((number) => {
        const block = expected.blocks.find((b) => b.number === `${number}`)!
        return {
          header: { number, hash: block.hash, parentHash: block.parent_hash, timestamp: 0n },
          error: 'The node timed out.',
        }
      }),
    )
    const status = await runCli(['process', 'status', '--model', 'scenario', '--json'], setup.env)
    expect(JSON.parse(status.stdout)).toMatchObject({
      blocks: { failed: 3 },
      failedBlocks: failed.map((number) => ({ number: `${number}`, error: 'The node timed out.' })),
    })
    const text = await runCli(['process', 'status', '--model', 'scenario'], setup.env)
    expect(text.stdout).toContain(`${failed[0]} (attempt 2): The node timed out.`)

    const result = await runCli(['process', 'retry-failed', '--model', 'scenario', '--json'], setup.env)
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ retriedBlocks: 3, fixed: 3, stillFailed: [] })
    await expectChainRows(setup.db)
  })
})

describe('postgres: processes', () => {
  let setup: Setup
  let clean: string
  const slow = ['--requests-per-second', '40', '--batch-size', '1', '--job-size', '6']

  beforeAll(async () => {
    setup = await setUp('postgres', 'procs')
    const result = await runCli(['process', 'range', setup.from, setup.to, '--model', 'procs'], setup.env)
    expect(result.code).toBe(0)
    clean = await dumpModelDb(setup.db)
  })

  test('crash safety: a run killed with SIGKILL resumes with no gap, no duplicate, every block once', async () => {
    await resetModel(setup.db)
    const total = Number(scenario.lastBlock - scenario.firstBlock + 1n)
    const first = startCli(
      // Jobs of 12 blocks: the kill (after block 5) lands well inside the first job, so
      // exactly one job is left running however late the poll sees the count.
      [
        'process',
        'range',
        setup.from,
        setup.to,
        '--model',
        'procs',
        ...slow,
        '--job-size',
        '12',
        '--log-format',
        'json',
      ],
      setup.env,
    )
    // Kill it once some blocks are written, long before the end.
    for (;;) {
      const [row] = await setup.db.query<{ n: number }>('select count(*)::int as n from processed_block')
      if ((row?.n ?? 0) >= 5) break
      if (first.child.exitCode !== null)
        throw new Error(`The run ended before it was killed: ${first.stderr}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    first.child.kill('SIGKILL')
    expect((await first.exited).signal).toBe('SIGKILL')
    const [partialRows] = await setup.db.query<{ n: number }>(
      'select count(*)::int as n from processed_block',
    )
    expect(partialRows!.n).toBeGreaterThanOrEqual(5)
    // Done blocks: those with rows and the empty ones of the processed ranges.
    const partial = {
      n: (await rangeProgress(setup.db, { from: BigInt(setup.from), to: BigInt(setup.to) })).done,
    }
    expect(partial.n).toBeLessThan(total)
    const [running] = await setup.db.query<{ n: number }>(
      `select count(*)::int as n from block_job where status = 'running'`,
    )
    expect(running!.n).toBe(1) // left behind by the killed process

    const second = startCli(
      ['process', 'range', setup.from, setup.to, '--model', 'procs', '--json'],
      setup.env,
    )
    const { code, stdout } = await second.exited
    expect(code).toBe(0)
    const json = JSON.parse(stdout)
    expect(json).toMatchObject({ done: total, failed: 0, pending: 0, skipped: partial!.n })
    expect(json.processed).toBe(total - partial!.n)

    const blocks = await setup.db.query<{ number: string; attempts: number }>(
      'select number::text, attempts from processed_block order by processed_block.number',
    )
    expect(blocks.map((block) => block.number)).toEqual(expected.blocks.map((block) => block.number))
    expect(new Set(blocks.map((block) => block.attempts))).toEqual(new Set([1]))
    expect(await dumpModelDb(setup.db)).toBe(clean)
  })

  test('Ctrl-C: the range stops after the batch in progress, exit 130, and resumes later', async () => {
    await resetModel(setup.db)
    const run = startCli(['process', 'range', setup.from, setup.to, '--model', 'procs', ...slow], setup.env)
    await run.waitFor(/Processing blocks/)
    for (;;) {
      const [row] = await setup.db.query<{ n: number }>('select count(*)::int as n from processed_block')
      if ((row?.n ?? 0) >= 3) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    run.child.kill('SIGINT')
    const { code, stdout, stderr } = await run.exited
    expect(stderr).toContain('Ctrl-C: stopping after the batch in progress…')
    expect(code).toBe(130)
    expect(stdout).toMatch(
      /^■ Stopped: \d+ of \d+ blocks done \(\d+ by this run\)\. Run the same command again to resume\.\nJSON-RPC: .+\.\n$/,
    )
    const jobs = await setup.db.query<{ status: string }>(
      `select status::text as status from block_job where status = 'running'`,
    )
    expect(jobs).toEqual([]) // handed back, not left running

    const again = await runCli(
      ['process', 'range', setup.from, setup.to, '--model', 'procs', '--json'],
      setup.env,
    )
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({ pending: 0, failed: 0 })
    expect(await dumpModelDb(setup.db)).toBe(clean)
  })

  test('two processes on the same range: no double work, no gap', async () => {
    await resetModel(setup.db)
    const argv = ['process', 'range', setup.from, setup.to, '--model', 'procs', ...slow, '--json']
    const a = startCli(argv, setup.env)
    const b = startCli(argv, setup.env)
    const [ra, rb] = await Promise.all([a.exited, b.exited])
    expect([ra.code, rb.code]).toEqual([0, 0])
    const total = Number(scenario.lastBlock - scenario.firstBlock + 1n)
    const processed = JSON.parse(ra.stdout).processed + JSON.parse(rb.stdout).processed
    expect(processed).toBe(total) // each block by exactly one of them

    const blocks = await setup.db.query<{ number: string; attempts: number }>(
      'select number::text, attempts from processed_block order by processed_block.number',
    )
    expect(blocks.map((block) => block.number)).toEqual(expected.blocks.map((block) => block.number))
    expect(new Set(blocks.map((block) => block.attempts))).toEqual(new Set([1]))
    const jobs = await setup.db.query<{ status: string; attempts: number; worker: string }>(
      'select status::text as status, attempts, worker from block_job',
    )
    expect(new Set(jobs.map((job) => `${job.status}/${job.attempts}`))).toEqual(new Set(['done/1']))
    const pids = new Set(jobs.map((job) => job.worker.split(':')[1]))
    expect(pids).toEqual(new Set([`${a.child.pid}`, `${b.child.pid}`]))
    // Two processes price their jobs out of block order: canonical prices (and GLOBAL values) are
    // made exact by one pricing pass over the range afterwards, as docs/pricing.md says.
    const update = await runCli(['pricing', 'update', '--model', 'procs'], setup.env)
    expect(update.code, update.stderr).toBe(0)
    expect(await dumpModelDb(setup.db)).toBe(clean)
  })

  test('idx process follow: catches up, takes new blocks, stops cleanly on SIGTERM', async () => {
    await resetModel(setup.db)
    const follower = startCli(
      ['process', 'follow', '--model', 'procs', '--poll-ms', '100', '--log-format', 'json'],
      setup.env,
    )
    try {
      await follower.waitFor(new RegExp(`"msg":"blocks".*"to":"${setup.to}"`))
      await swap(scenario.client, {
        pair: scenario.market.pairs.blubWavax,
        tokenIn: scenario.market.tokens.wavax,
        amountIn: 5n * 10n ** 17n,
        from: scenario.market.traders[0]!,
      })
      const next = await scenario.client.getBlockNumber() // the swap's block (a transfer's block before it)
      await follower.waitFor(new RegExp(`"msg":"blocks".*"to":"${next}"`))
      follower.child.kill('SIGTERM')
      const { code, stdout, stderr } = await follower.exited
      expect(code).toBe(0)
      expect(stderr).toContain('"msg":"stopping","signal":"SIGTERM"')
      expect(stdout).toContain(`Stopped following model "procs" at block ${next}`)
      const [row] = await setup.db.query<{ n: number }>(
        'select count(*)::int as n from pool_swap where block_number = $1',
        [`${next}`],
      )
      expect(row!.n).toBe(1)
    } finally {
      follower.child.kill('SIGKILL')
    }
  })
})

describe('progress and errors', () => {
  let setup: Setup
  let total: number
  beforeAll(async () => {
    setup = await setUp('postgres', 'output')
    total = Number(setup.to) - Number(setup.from) + 1
  })

  test('behavior: on a terminal, a one-line bar rewritten with \\r, with blocks/s and ETA', async () => {
    let stderr = ''
    const code = await run(
      ['process', 'range', setup.from, setup.to, '--model', 'output', '--batch-size', '5'],
      {
        stdout: { write: () => true },
        stderr: { write: (text: string) => (stderr += text), isTTY: true },
        env: setup.env,
      },
    )
    expect(code).toBe(0)
    const frames = stderr.split('\r').filter((frame) => frame.includes('blocks/s'))
    expect(frames.length).toBeGreaterThan(0)
    const last = frames.at(-1)!
    expect(last.endsWith('\u001b[K\n')).toBe(true)
    expect(last.slice(0, -4)).toMatch(
      new RegExp(
        `^blocks ${setup.from}\\.\\.${setup.to} \\[█{24}\\] 100% ${total}/${total} blocks · [0-9,]+ blocks/s · ETA 0s$`,
      ),
    )
  })

  test('behavior: not on a terminal, plain log lines; --log-format json, one JSON object per line', async () => {
    await resetModel(setup.db)
    const text = await runCli(['process', 'range', setup.from, setup.to, '--model', 'output'], setup.env)
    expect(text.code).toBe(0)
    expect(text.stderr).not.toContain('\r')
    const lines = text.stderr.trim().split('\n')
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z Processing blocks ${setup.from}\\.\\.${setup.to} \\(${total} blocks\\) of model "output" from the rpc source "anvil_rpc"\\.$`,
      ),
    )
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `blocks ${setup.from}\\.\\.${setup.to}: ${total}/${total} blocks \\(100%\\), [0-9,]+ blocks/s, ETA 0s, at block \\d+$`,
      ),
    )
    expect(text.stdout).toMatch(
      new RegExp(`^✓ Blocks ${setup.from}\\.\\.${setup.to}: ${total} processed in [0-9.]+ s`),
    )

    await resetModel(setup.db)
    const json = await runCli(
      ['process', 'range', setup.from, setup.to, '--model', 'output', '--log-format', 'json'],
      setup.env,
    )
    const events = json.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(events[0]).toMatchObject({
      level: 'info',
      msg: 'range started',
      from: setup.from,
      to: setup.to,
      total,
    })
    expect(events.at(-1)).toMatchObject({ msg: 'progress', done: total, total, failed: 0, etaSeconds: 0 })
  })

  test('error: the rpc source’s environment variable is not set', async () => {
    const { IDX_TEST_RPC_URL: _, ...env } = setup.env
    const result = await runCli(['process', 'range', setup.from, setup.to, '--model', 'output'], env)
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      'Error: The environment variable "IDX_TEST_RPC_URL" is not set: the rpc source "anvil_rpc" reads its JSON-RPC URL from it.\n' +
        "  Set it to the node's URL, for example: export IDX_TEST_RPC_URL=https://…/ext/bc/C/rpc\n",
    )
  })

  test('error: an unknown model, an empty range, a bad block number', async () => {
    const unknown = await runCli(['process', 'status', '--model', 'nope'], setup.env)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('Error: The model "nope" is not registered in the shared database.')

    const empty = await runCli(['process', 'range', '20', '10', '--model', 'output'], setup.env)
    expect(empty.code).toBe(1)
    expect(empty.stderr).toBe('Error: The range 20..10 is empty: its first block is above its last.\n')

    const bad = await runCli(['process', 'range', 'ten', '20', '--model', 'output'], setup.env)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(
      `error: command-argument value 'ten' is invalid for argument 'from'. expected a block number, got "ten".`,
    )
  })

  test('error: a model database that was never migrated', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'idx-cli-process-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const files = writeConfigFiles(
      scenarioConfig(scenario, { model: 'fresh', database: 'idx_never_migrated' }),
      'fresh',
    )
    cleanups.push(files.remove)
    await runCli(['config', 'import-model', files.model], setup.env)
    const result = await runCli(['process', 'range', '1', '2', '--model', 'fresh'], setup.env)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^Error: The database "idx_never_migrated" of model "fresh" \(.*\) does not exist yet\.\n {2}Create and migrate it first: idx migrate --model fresh\.\n$/,
    )
  })
})
