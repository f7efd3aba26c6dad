// `pnpm bench:pipeline`: how long idx takes to index a benchmark-sized chain,
// cold, end to end, into PostgreSQL.
//
// 1. Builds the chain on anvil with @idx/testkit: the market (WAVAX, BLUB,
//    USDC, BLUB/WAVAX and WAVAX/USDC V2 pairs, router, AVAX/USD feed, and a
//    BLUB/WAVAX concentrated-liquidity pool with its position manager and a
//    Solidly pair), then about 1,100 blocks × 8 swaps — a quarter of the
//    single swaps on the CL pool, the rest across both V2 pairs — with
//    transfers, price updates, liquidity changes and wraps (≈33,000 logs).
//    Not measured.
// 2. Creates and migrates fresh shared and model databases on PostgreSQL and
//    imports the shared and model files describing the chain. Not measured.
// 3. Indexes the activity's blocks in a fresh child process — connecting to
//    the databases, loading the model, fetching through the JSON-RPC source,
//    decoding, transforming and writing — and measures that: total time, the
//    fetch / transform / write breakdown (fetching overlaps the rest, so the
//    parts add up to more than the total), blocks/s, logs/s, and the child's
//    peak RSS. `--runs N` repeats step 3 on emptied databases.
//
// Options: --blocks N (default 1100), --swaps N (per block, default 8),
// --runs N (default 1), --workers K, --batch-size N, --job-size N, --state FILE (reuse an
// anvil state written by an earlier run with the same --state: skips step 1),
// --profile DIR (a V8 CPU profile of each measured run, for DevTools), --asset BLUB (the
// model's target_asset: trades as each wallet's net flows), --split-share F (a second BLUB
// pool and the split router, F of the trade slots through it: splits, hops, cycles, batches),
// --cl-share F (default 0.25: that share of single swaps on the CL pool; 0 for the V2 pairs only),
// --node-flags="…" (flags for the measured process, e.g. --node-flags=--expose-gc).
// The server is IDX_TEST_DATABASE_URL (default the local trust-auth server);
// the databases are dropped at the end.

import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { DatabaseTarget } from '@idx/config'
import { createModelDb } from '@idx/model-db'
import { createSharedDb } from '@idx/shared-db'
import { createTestkitClient, deployMarket, generateActivity, type Market, startAnvil } from '@idx/testkit'
import { countModelRows } from '../src/_test/modelRows'
import { createScenarioDatabases, RPC_ENV, scenarioConfig } from '../src/_test/scenario'
import { openIndexer } from '../src/process/openIndexer'
import { runRange } from '../src/process/runRange'

const { values } = parseArgs({
  options: {
    blocks: { type: 'string', default: '1100' },
    swaps: { type: 'string', default: '8' },
    runs: { type: 'string', default: '1' },
    workers: { type: 'string' },
    'batch-size': { type: 'string' },
    'job-size': { type: 'string' },
    state: { type: 'string' },
    profile: { type: 'string' },
    'node-flags': { type: 'string' },
    // The model's asset (`--asset BLUB`: trades as net flows), and trades through the split router.
    asset: { type: 'string' },
    'split-share': { type: 'string' },
    'cl-share': { type: 'string', default: '0.25' },
    // Internal: the measured child process.
    child: { type: 'string' },
  },
})

type ChildInput = {
  rpcUrl: string
  shared: DatabaseTarget
  model: DatabaseTarget
  from: string
  to: string
  workers?: number | undefined
  batchSize?: number | undefined
  jobSize?: number | undefined
}

if (values.child !== undefined) {
  await indexInChild(JSON.parse(values.child) as ChildInput)
} else {
  await main()
}

async function main() {
  const blocks = Number(values.blocks)
  const swapsPerBlock = Number(values.swaps)
  const stateFile = values.state
  const metaFile = stateFile === undefined ? undefined : `${stateFile}.meta.json`
  const reuse = stateFile !== undefined && existsSync(stateFile) && existsSync(metaFile!)

  let started = performance.now()
  const anvil = await startAnvil({
    args: stateFile === undefined ? [] : reuse ? ['--load-state', stateFile] : ['--dump-state', stateFile],
  })
  let market: Market
  let fromBlock: bigint
  let toBlock: bigint
  try {
    if (reuse) {
      const meta = JSON.parse(readFileSync(metaFile!, 'utf8'), (_, value) =>
        typeof value === 'string' && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
      ) as { market: Market; fromBlock: bigint; toBlock: bigint }
      ;({ market, fromBlock, toBlock } = meta)
      console.log(`chain: loaded from ${stateFile} (blocks ${fromBlock}..${toBlock})`)
    } else {
      const client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
      const splitShare = values['split-share'] === undefined ? 0 : Number(values['split-share'])
      const clShare = Number(values['cl-share'])
      market = await deployMarket(client, { splitRouter: splitShare > 0, concentratedLiquidity: clShare > 0 })
      const activity = await generateActivity(client, {
        market,
        blocks,
        swapsPerBlock,
        seed: 1,
        splitShare,
        clShare,
      })
      const clSwaps = activity.actions.filter((action) => action.kind === 'clSwap').length
      ;({ fromBlock, toBlock } = activity)
      console.log(
        `chain: ${blocks} blocks × ${swapsPerBlock} swaps generated in ${seconds(performance.now() - started)} (${activity.counts.transactions} transactions, ${activity.counts.swaps} swaps of which ${clSwaps} on the CL pool, ${activity.counts.transfers} transfers, ${activity.counts.priceUpdates} price updates, ${activity.counts.liquidityChanges} liquidity changes, ${activity.counts.wraps} wraps)`,
      )
      if (metaFile !== undefined)
        writeFileSync(
          metaFile,
          JSON.stringify({ market, fromBlock, toBlock }, (_, value) =>
            typeof value === 'bigint' ? `${value}n` : value,
          ),
        )
    }

    started = performance.now()
    const config = scenarioConfig(
      { market, firstBlock: fromBlock },
      { model: 'bench', targetAsset: values.asset },
    )
    const dbs = await createScenarioDatabases('postgres', config, 'bench')
    console.log(`databases: migrated and configured in ${seconds(performance.now() - started)}`)
    try {
      const runs = Number(values.runs)
      for (let run = 1; run <= runs; run++) {
        if (run > 1) await dbs.reset()
        const input: ChildInput = {
          rpcUrl: anvil.rpcUrl,
          shared: dbs.shared.target,
          model: dbs.model.target,
          from: `${fromBlock}`,
          to: `${toBlock}`,
          workers: values.workers === undefined ? undefined : Number(values.workers),
          batchSize: values['batch-size'] === undefined ? undefined : Number(values['batch-size']),
          jobSize: values['job-size'] === undefined ? undefined : Number(values['job-size']),
        }
        const result = await runChild(input)
        const rows = await countModelRows(dbs.model)
        report(run, result, rows)
      }
    } finally {
      await dbs.close()
    }
  } finally {
    await anvil.stop()
  }
}

type ChildResult = {
  totalMs: number
  blocks: number
  logs: number
  events: number
  failed: number
  timings: { fetchMs: number; transformMs: number; priceMs: number; writeMs: number }
  /** Connecting to both databases and loading the model. */
  setupMs: number
  /** Wall-clock time with at least one fetch (write transaction) in flight. */
  fetchWallMs: number
  writeWallMs: number
  maxRssMb: number
  /** Once the code is loaded, before any work. */
  rssAtStartMb: number
  /** The highest RSS seen in each quarter of the range. */
  rssByQuarter: number[]
  liveHeapMb: number[]
  heapUsedMb: number
}

function runChild(input: ChildInput): Promise<ChildResult> {
  const script = fileURLToPath(import.meta.url)
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...(values.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${values.profile}`]),
        ...(values['node-flags']?.split(' ').filter(Boolean) ?? []),
        '--conditions=@idx/source',
        '--import',
        'tsx',
        script,
        '--child',
        JSON.stringify(input),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`The indexing process exited with ${code}: ${out}`))
      else resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult)
    })
  })
}

/** The measured part, in its own process: connect, load the model, index the range, close. */
async function indexInChild(input: ChildInput) {
  const rssAtStartMb = process.memoryUsage().rss / 1024 / 1024
  const started = performance.now()
  const shared = await createSharedDb({ target: input.shared })
  const db = await createModelDb({ target: input.model })
  const indexer = await openIndexer({ shared, db, model: 'bench', env: { [RPC_ENV]: input.rpcUrl } })
  const { model } = indexer
  // Wall-clock time spent fetching and writing (unions of intervals: fetches run ahead, in parallel).
  const fetching = createIntervals()
  const writing = createIntervals()
  // The run itself goes through runRange with the indexer's parts, timed: its source and database wrapped.
  const source = {
    ...indexer.source,
    getBlocks: (parameters: Parameters<typeof indexer.source.getBlocks>[0]) =>
      fetching.time(() => indexer.source.getBlocks(parameters)),
  }
  const setupMs = performance.now() - started
  const rssByQuarter: number[] = []
  /** With --node-flags --expose-gc: the live heap after a full GC, every ~500 blocks. */
  const live: number[] = []
  const timedDb = {
    ...db,
    transaction: ((fn: never) => writing.time(() => db.transaction(fn))) as typeof db.transaction,
  }
  const result = await runRange({
    model,
    db: timedDb,
    source,
    from: BigInt(input.from),
    to: BigInt(input.to),
    workers: input.workers,
    batchSize: input.batchSize,
    jobSize: input.jobSize,
    // RSS along the range: flat when memory does not grow with the range's length.
    onProgress: (progress) => {
      const gc = (globalThis as { gc?: () => void }).gc
      if (gc !== undefined && progress.processed % 500 < (input.batchSize ?? 100)) {
        gc()
        live.push(Math.round(process.memoryUsage().heapUsed / 1024 / 1024))
      }
      const quarter = Math.floor((4 * progress.processed) / progress.total)
      rssByQuarter[quarter] = Math.max(rssByQuarter[quarter] ?? 0, process.memoryUsage().rss / 1024 / 1024)
    },
  })
  await indexer.close()
  await db.close()
  await shared.close()
  const totalMs = performance.now() - started
  const out: ChildResult = {
    totalMs,
    blocks: result.processed,
    logs: result.logs,
    events: result.events,
    failed: result.failed,
    timings: result.timings,
    setupMs,
    fetchWallMs: fetching.total(),
    writeWallMs: writing.total(),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rssAtStartMb,
    rssByQuarter,
    liveHeapMb: live,
    heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
  }
  process.stdout.write(`${JSON.stringify(out)}\n`)
}

function report(run: number, result: ChildResult, rows: Record<string, number>) {
  const s = result.totalMs / 1000
  const { fetchMs, transformMs, priceMs, writeMs } = result.timings
  console.log(`
run ${run}: indexed ${result.blocks} blocks, ${result.logs.toLocaleString('en-US')} logs → ${result.events.toLocaleString('en-US')} events${result.failed > 0 ? `, ${result.failed} FAILED` : ''}
  total      ${seconds(result.totalMs)}   (target < 5 s)
  setup      ${seconds(result.setupMs)}   (connect, load the model)
  fetch      ${seconds(fetchMs)} summed over batches, ${seconds(result.fetchWallMs)} wall-clock   (JSON-RPC, ahead of the writer)
  transform  ${seconds(transformMs)}   (decode + transform)
  price      ${seconds(priceMs)}   (AVAX/USD, the canonical windows' reads, valuing swaps and trades)
  write      ${seconds(writeMs)} (${seconds(result.writeWallMs)} in write transactions)   (PostgreSQL)
  rate       ${Math.round(result.blocks / s).toLocaleString('en-US')} blocks/s, ${Math.round(result.logs / s).toLocaleString('en-US')} logs/s
  peak RSS   ${Math.round(result.maxRssMb)} MB   (target < 500 MB; ${Math.round(result.rssAtStartMb)} MB once the code is loaded; by quarter of the range: ${result.rssByQuarter.map((mb) => Math.round(mb)).join(' / ')} MB)
${result.liveHeapMb.length > 0 ? `  live heap  ${result.liveHeapMb.join(' / ')} MB after a full GC, every ~500 blocks\n` : ''}  rows       ${Object.entries(
    rows,
  )
    .map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`)
    .join(', ')}`)
}

/** Time spent with at least one of the timed operations running. */
function createIntervals() {
  let running = 0
  let since = 0
  let total = 0
  return {
    async time<T>(fn: () => Promise<T>): Promise<T> {
      if (running++ === 0) since = performance.now()
      try {
        return await fn()
      } finally {
        if (--running === 0) total += performance.now() - since
      }
    },
    total: () => total,
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`
}
