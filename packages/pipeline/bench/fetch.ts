// Measures the RPC block source against a local anvil:
//   pnpm --filter @idx/pipeline exec tsx --conditions=@idx/source bench/fetch.ts [blocks] [swapsPerBlock] [runs]
// Default: the chain of the pipeline benchmark — 1,100 blocks × 8 swaps through the router, plus
// transfers, price updates, liquidity changes and wraps (≈36,500 logs of the market's contracts).
// Prints wall-clock times of each way of fetching the whole range; nothing is asserted. The chain is
// built once (≈20 s); anvil and this script share the machine's cores, so run it on a quiet machine.
import { createTestkitClient, deployMarket, generateActivity, startAnvil } from '@idx/testkit'
import { type Address, createPublicClient, http } from 'viem'
import { createRpcSource, type RpcSource } from '../src/source/createRpcSource'

const blocks = Number(process.argv[2] ?? 1_100)
const swapsPerBlock = Number(process.argv[3] ?? 8)
const runs = Number(process.argv[4] ?? 5)

const anvil = await startAnvil()
try {
  const client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
  const market = await deployMarket(client)
  const activity = await generateActivity(client, { market, blocks, swapsPerBlock, seed: 1 })
  const { fromBlock: from, toBlock: to } = activity
  const addresses: Address[] = [
    market.tokens.wavax,
    market.tokens.blub,
    market.tokens.usdc,
    market.pairs.blubWavax.address,
    market.pairs.wavaxUsdc.address,
    market.aggregator,
  ]
  console.log(
    `chain: blocks ${from}..${to} (${blocks}), ${activity.counts.transactions} transactions, built in ${(activity.durationMs / 1000).toFixed(1)} s`,
  )
  console.log(`wall-clock of ${runs} runs (ms), median and best:\n`)

  type Counts = { logs: number; transactions: number; calls?: number; requests?: number }
  const measure = async (label: string, fetch: () => Promise<Counts>) => {
    const times: number[] = []
    let counts: Counts = { logs: 0, transactions: 0 }
    for (let run = 0; run < runs; run++) {
      const started = performance.now()
      counts = await fetch()
      times.push(performance.now() - started)
    }
    const sorted = [...times].sort((a, b) => a - b)
    const median = sorted[Math.floor(sorted.length / 2)]!
    const calls = counts.calls === undefined ? '' : `, ${counts.calls} calls in ${counts.requests} requests`
    console.log(
      `${label.padEnd(62)} median ${`${Math.round(median)}`.padStart(5)}  best ${`${Math.round(sorted[0]!)}`.padStart(5)}   [${times.map((t) => Math.round(t)).join(', ')}]`,
    )
    console.log(`${''.padEnd(62)} ${counts.logs} logs, ${counts.transactions} transactions${calls}`)
  }
  const count = async (
    source: RpcSource,
    fetch: (
      source: RpcSource,
    ) => Promise<readonly { logs: readonly unknown[]; transactions: readonly unknown[] }[]>,
  ) => {
    const before = source.stats()
    const result = await fetch(source)
    const after = source.stats()
    return {
      logs: result.reduce((sum, block) => sum + block.logs.length, 0),
      transactions: result.reduce((sum, block) => sum + block.transactions.length, 0),
      calls: after.calls - before.calls,
      requests: after.requests - before.requests,
    }
  }
  const whole = (source: RpcSource) => source.getBlocks({ from, to, addresses })
  /** The processor's pattern: 100-block getBlocks, 3 in flight (runRange's defaults). */
  const asRunRange = async (source: RpcSource) => {
    const ranges: [bigint, bigint][] = []
    for (let start = from; start <= to; start += 100n)
      ranges.push([start, start + 99n < to ? start + 99n : to])
    const results: Awaited<ReturnType<RpcSource['getBlocks']>>[] = []
    let next = 0
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        while (next < ranges.length) {
          const index = next++
          const [start, end] = ranges[index]!
          results[index] = await source.getBlocks({ from: start, to: end, addresses })
        }
      }),
    )
    return results.flat()
  }

  // Reference: what the ~0.5 s figure covers — the logs and every block header, no transactions —
  // with plain viem (one eth_getLogs, headers through viem's JSON-RPC batching).
  const viem = createPublicClient({
    transport: http(anvil.rpcUrl, { batch: { batchSize: 100 }, maxResponseBodySize: false }),
  })
  await measure('reference: viem getLogs + getBlock per block (no transactions)', async () => {
    const numbers = Array.from({ length: blocks }, (_, i) => from + BigInt(i))
    const [logs, headers] = await Promise.all([
      viem.getLogs({ address: addresses, fromBlock: from, toBlock: to }),
      Promise.all(numbers.map((blockNumber) => viem.getBlock({ blockNumber }))),
    ])
    return { logs: logs.length, transactions: headers.length - headers.length }
  })

  const fresh = async (label: string, options: Parameters<typeof createRpcSource>[0], fetch = whole) =>
    measure(label, async () => {
      const source = createRpcSource(options)
      try {
        return await count(source, fetch)
      } finally {
        await source.close()
      }
    })
  const url = anvil.rpcUrl
  await fresh('headers only (addresses: [])', { url }, (source) =>
    source.getBlocks({ from, to, addresses: [] }),
  )
  await fresh('default, a new source each run (getLogs, then receipts)', { url })
  const warm = createRpcSource({ url })
  await whole(warm)
  await measure('default, warm (dense ranges: logs read from receipts)', () => count(warm, whole))
  await warm.close()
  await fresh('default, as runRange: 100-block ranges, 3 in flight', { url }, asRunRange)
  for (const transactions of ['receipts', 'blocks', 'byHash'] as const)
    await fresh(`getLogs, then transactions: '${transactions}'`, {
      url,
      transactions,
      logsFromReceipts: 'never',
    })
  for (const maxConcurrentRequests of [2, 8])
    await fresh(`default, maxConcurrentRequests ${maxConcurrentRequests}`, { url, maxConcurrentRequests })
} finally {
  await anvil.stop()
}
