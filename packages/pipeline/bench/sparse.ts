// `pnpm bench:sparse`: what a sparse history costs — a chain where one block
// in `--gap` trades, the rest empty, like a real token's years on Avalanche.
//
// 1. Builds the chain on anvil (not measured): the testkit market, then
//    `--active` trading blocks (2 swaps each) with `--gap - 1` empty blocks
//    mined before each (anvil_mine), ≈ active × gap blocks in all.
// 2. Indexes it cold into fresh PostgreSQL databases through the JSON-RPC
//    source and prints the processing time, the JSON-RPC requests (HTTP
//    requests) and calls (JSON-RPC calls, by method) made, the rows written,
//    requests per 1,000 blocks and per active block, and the budget
//    2 × (active blocks + log ranges).
// 3. Indexes it again through a local proxy that adds `--latency-ms` (50) to
//    every request and lets at most `--rate` (10) requests a second through
//    (the sample configuration's rate limit, 50 calls a request), and from
//    that run estimates the time for 10 million blocks at 1 % activity:
//    the requests such a history takes at the measured requests per active
//    block and per 1,000 blocks, at the measured time per request.
//
// Options: --active N (default 100), --gap N (default 200), --latency-ms N,
// --rate N, --no-proxy. The server is IDX_TEST_DATABASE_URL (default the local
// trust-auth server); the databases are dropped at the end.

import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { listModelSources } from '@idx/shared-db'
import { createTestkitClient, deployMarket, generateActivity, mine, startAnvil } from '@idx/testkit'
import { countModelRows } from '../src/_test/modelRows'
import {
  createScenarioDatabases,
  RPC_ENV,
  type ScenarioDatabases,
  scenarioConfig,
} from '../src/_test/scenario'
import { createModelSource } from '../src/process/createModelSource'
import { loadIndexerModel } from '../src/process/loadIndexerModel'
import { runRange } from '../src/process/runRange'
import type { RpcSource } from '../src/source/createRpcSource'

const { values } = parseArgs({
  options: {
    active: { type: 'string', default: '100' },
    gap: { type: 'string', default: '200' },
    'latency-ms': { type: 'string', default: '50' },
    rate: { type: 'string', default: '10' },
    'no-proxy': { type: 'boolean', default: false },
  },
})

const active = Number(values.active)
const gap = Number(values.gap)
const latencyMs = Number(values['latency-ms'])
const rate = Number(values.rate)

await main()

async function main() {
  const anvil = await startAnvil()
  try {
    let started = performance.now()
    const client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
    const market = await deployMarket(client)
    const fromBlock = market.blocks.first
    for (let i = 0; i < active; i++) {
      await mine(client, { blocks: gap - 1 })
      await generateActivity(client, {
        market,
        blocks: 1,
        swapsPerBlock: 2,
        priceUpdateEvery: 0,
        liquidityEvery: 0,
        wrapEvery: 0,
        seed: 1 + i,
      })
    }
    const toBlock = await client.getBlockNumber()
    const blocks = Number(toBlock - fromBlock + 1n)
    console.log(
      `chain: ${blocks.toLocaleString('en-US')} blocks, ${active} of them trading (one in ${gap}), built in ${seconds(performance.now() - started)}`,
    )
    started = performance.now()
    const config = scenarioConfig(
      { market, firstBlock: fromBlock },
      { model: 'bench', rpc: { batch_size: 50 } },
    )
    const dbs = await createScenarioDatabases('postgres', config, 'bench')
    console.log(`databases: migrated and configured in ${seconds(performance.now() - started)}`)
    try {
      const direct = await indexOnce(dbs, anvil.rpcUrl, fromBlock, toBlock)
      report('cold, direct to anvil', direct, blocks)
      if (values['no-proxy']) return
      const proxy = await startLatencyProxy(anvil.rpcUrl, latencyMs, rate)
      try {
        await dbs.reset()
        const slow = await indexOnce(dbs, proxy.url, fromBlock, toBlock)
        report(`through a proxy adding ${latencyMs} ms a request, at most ${rate} requests/s`, slow, blocks)
        estimate(direct, slow, blocks)
      } finally {
        await proxy.close()
      }
    } finally {
      await dbs.close()
    }
  } finally {
    await anvil.stop()
  }
}

type Run = {
  ms: number
  requests: number
  calls: number
  methods: Record<string, number>
  withLogs: number
  rows: Record<string, number>
  timings: { fetchMs: number; transformMs: number; priceMs: number; writeMs: number }
}

async function indexOnce(dbs: ScenarioDatabases, rpcUrl: string, from: bigint, to: bigint): Promise<Run> {
  const created = createModelSource({
    sources: await listModelSources(dbs.shared.client, 'bench'),
    env: { [RPC_ENV]: rpcUrl },
  })
  const source = created.source as RpcSource
  try {
    const model = await loadIndexerModel({
      shared: dbs.shared,
      model: 'bench',
      readLbTokens: created.readLbTokens,
      readFeedRound: created.readFeedRound,
    })
    const started = performance.now()
    const result = await runRange({ model, db: dbs.model, source, from, to })
    const ms = performance.now() - started
    if (result.failed > 0 || result.processed !== result.total)
      throw new Error(
        `The run processed ${result.processed} of ${result.total} blocks, ${result.failed} failed.`,
      )
    const stats = source.stats()
    const [withLogs] = await dbs.model.query<{ n: number }>('select count(*)::int as n from processed_block')
    return {
      ms,
      requests: stats.requests,
      calls: stats.calls,
      methods: stats.methods,
      withLogs: withLogs?.n ?? 0,
      rows: await countModelRows(dbs.model),
      timings: result.timings,
    }
  } finally {
    await source.close()
  }
}

function report(title: string, run: Run, blocks: number) {
  const logRanges = run.methods.eth_getLogs ?? 0
  const budget = 2 * (run.withLogs + logRanges)
  console.log(`
${title}:
  processing   ${seconds(run.ms)}   (target ≤ 1 s direct; fetch ${seconds(run.timings.fetchMs)} summed over batches, ahead of the writer; transform ${seconds(run.timings.transformMs)}, price ${seconds(run.timings.priceMs)}, write ${seconds(run.timings.writeMs)})
  requests     ${run.requests} HTTP requests, ${run.calls} JSON-RPC calls (${Object.entries(run.methods)
    .map(([method, n]) => `${method} ${n}`)
    .join(', ')})
  budget       ${run.requests} requests ≤ 2 × (${run.withLogs} blocks with logs + ${logRanges} log ranges) = ${budget}: ${run.requests <= budget ? 'yes' : 'NO'}
  per blocks   ${((1000 * run.requests) / blocks).toFixed(2)} requests per 1,000 blocks, ${(run.requests / run.withLogs).toFixed(2)} per block with logs
  rows         ${Object.entries(run.rows)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`)
    .join(', ')}`)
}

/**
 * 10 million blocks at 1 % activity, from the two runs: the calls that
 * follow the activity (headers, receipts, … per block with logs) scale with
 * the blocks with logs, the log ranges with the blocks (a batch spans up to
 * 10,000 blocks while few have logs); calls share requests as they did in the
 * run; the network time is what the rate limit and the latency allow, the
 * processing time (decoding, pricing, writing) scales with the blocks with
 * logs, and the two overlap (batches are fetched ahead).
 */
function estimate(direct: Run, slow: Run, blocks: number) {
  const logRanges = slow.methods.eth_getLogs ?? 0
  const perActive = (slow.calls - logRanges) / slow.withLogs
  const targetBlocks = 10_000_000
  const targetActive = targetBlocks / 100
  const ranges = Math.ceil(targetBlocks / 10_000)
  const calls = Math.round(targetActive * perActive + ranges)
  const requests = Math.ceil((calls * slow.requests) / slow.calls)
  const networkS = Math.max(requests / rate, (requests * latencyMs) / 1000 / 4)
  const processingS = (direct.ms / 1000) * (targetActive / direct.withLogs)
  console.log(`
estimate: 10,000,000 blocks at 1 % activity (100,000 blocks with logs)
  measured     ${perActive.toFixed(2)} calls per block with logs besides eth_getLogs, ${(slow.calls / slow.requests).toFixed(1)} calls a request (${blocks.toLocaleString('en-US')} blocks)
  requests     ≈ ${requests.toLocaleString('en-US')} (${calls.toLocaleString('en-US')} calls: ${ranges.toLocaleString('en-US')} eth_getLogs over 10,000-block batches + ${Math.round(targetActive * perActive).toLocaleString('en-US')} for the blocks with logs)
  network      ≈ ${duration(networkS)} at ${rate} requests/s and ${latencyMs} ms a request (4 in flight)
  processing   ≈ ${duration(processingS)} (${(direct.ms / direct.withLogs).toFixed(1)} ms per block with logs, measured direct)
  time         ≈ ${duration(Math.max(networkS, processingS))}   (a header per block instead: ${duration(targetBlocks / 50 / rate)} at ${rate} requests/s of 50 calls, before any log)`)
}

/** An HTTP proxy to `target` that holds each request `latencyMs` and lets at most `rate` a second through. */
async function startLatencyProxy(target: string, latencyMs: number, rate: number) {
  const url = new URL(target)
  let nextSlot = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const now = Date.now()
      const slot = Math.max(now, nextSlot)
      nextSlot = slot + 1000 / rate
      setTimeout(
        () => {
          const forward = httpRequest(
            {
              host: url.hostname,
              port: url.port,
              path: url.pathname,
              method: req.method,
              headers: req.headers,
            },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers)
              answer.pipe(res)
            },
          )
          forward.on('error', () => {
            res.writeHead(502)
            res.end()
          })
          forward.end(Buffer.concat(chunks))
        },
        slot - now + latencyMs,
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`
}

function duration(s: number): string {
  if (s < 120) return `${s.toFixed(0)} s`
  if (s < 7200) return `${(s / 60).toFixed(0)} min`
  return `${(s / 3600).toFixed(1)} h`
}
