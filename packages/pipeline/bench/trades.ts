// `pnpm --filter @idx/pipeline exec tsx --conditions=@idx/source bench/trades.ts [swaps] [runs]`:
// how fast `toTrades` groups pool swaps into trades, in memory — as routes (a model without an
// asset) and as each wallet's net flows of the asset (with one), on the same swaps: one-swap
// trades, two-pool splits, hops and splits plus hops, a quarter of them sent to an aggregator
// that reports its orders. Prints swaps/s per run (no database, no chain).

import type { Address, Hash } from 'viem'
import { toTrades } from '../src/transform/toTrades'
import type { AggregatorOrder, PoolSwap } from '../src/transform/types'

const SWAPS = Number(process.argv[2] ?? 100_000)
const RUNS = Number(process.argv[3] ?? 5)

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address
const BLUB = address(0xb1)
const WAVAX = address(0xa1)
const USDC = address(0xc1)
const POOL_A = address(0x100)
const POOL_B = address(0x101)
const HOP = address(0x102)
const AGGREGATOR = address(0x200)

function generate() {
  const swaps: PoolSwap[] = []
  const transactions: { hash: Hash; to: Address | null }[] = []
  const orders: AggregatorOrder[] = []
  let seed = 7
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    return seed / 2 ** 31
  }
  let tx = 0
  while (swaps.length < SWAPS) {
    const hash = `0x${(tx + 1).toString(16).padStart(64, '0')}` as Hash
    const taker = address(0x1000 + (tx % 500))
    const toAggregator = tx % 4 === 0
    transactions.push({ hash, to: toAggregator ? AGGREGATOR : address(0x300) })
    let logIndex = 0
    const leg = (pool: Address, base: Address, quote: Address, direction: 'buy' | 'sell') => {
      swaps.push({
        id: `43114:${hash}:${logIndex}:pool_swap`,
        chainId: 43114,
        blockNumber: BigInt(1_000 + Math.floor(tx / 8)),
        blockTimestamp: 1_700_000_000n + BigInt(tx),
        transactionHash: hash,
        transactionIndex: tx % 8,
        logIndex,
        kind: 'pool_swap',
        pool,
        poolType: 'uniswap_v2_pair',
        taker,
        sender: AGGREGATOR,
        recipient: taker,
        direction,
        baseToken: base,
        quoteToken: quote,
        baseAmount: BigInt(Math.floor(random() * 1e12)) * 10n ** 9n + 1n,
        quoteAmount: BigInt(Math.floor(random() * 1e9)) * 10n ** 9n + 1n,
        logIndexes: [logIndex],
        binIds: [],
      })
      logIndex += 3
    }
    const shape = random()
    const direction = random() < 0.5 ? 'buy' : 'sell'
    if (shape < 0.5) leg(POOL_A, BLUB, WAVAX, direction)
    else if (shape < 0.7) {
      leg(POOL_A, BLUB, WAVAX, direction)
      leg(POOL_B, BLUB, WAVAX, direction)
    } else if (shape < 0.9) {
      leg(HOP, WAVAX, USDC, 'buy')
      leg(POOL_A, BLUB, WAVAX, 'buy')
    } else {
      leg(HOP, WAVAX, USDC, 'buy')
      leg(POOL_A, BLUB, WAVAX, 'buy')
      leg(POOL_B, BLUB, WAVAX, 'buy')
    }
    if (toAggregator)
      orders.push({
        transactionHash: hash,
        logIndex,
        aggregator: AGGREGATOR,
        event: 'SwapExactIn',
        sender: taker,
        recipient: taker,
        wallet: taker,
        tokenIn: WAVAX,
        amountIn: 1n,
        tokenOut: BLUB,
        amountOut: 1n,
      })
    tx++
  }
  return { swaps, transactions, orders, count: tx }
}

const { swaps, transactions, orders, count } = generate()
const routers = new Map([[AGGREGATOR as string, { label: 'aggregator' }]])
console.log(
  `${swaps.length.toLocaleString('en-US')} swaps in ${count.toLocaleString('en-US')} transactions (Node ${process.version})`,
)
for (let run = 1; run <= RUNS; run++) {
  const time = (targetAsset: Address | undefined) => {
    const started = performance.now()
    const trades = toTrades({ swaps, transactions, orders, targetAsset, routers })
    const ms = performance.now() - started
    return { ms, trades: trades.length }
  }
  const routes = time(undefined)
  const flows = time(BLUB)
  const rate = (ms: number) => Math.round(swaps.length / (ms / 1000)).toLocaleString('en-US')
  console.log(
    `run ${run}: routes ${rate(routes.ms)} swaps/s (${Math.round(routes.ms)} ms, ${routes.trades} trades); net flows of the asset ${rate(flows.ms)} swaps/s (${Math.round(flows.ms)} ms, ${flows.trades} trades)`,
  )
}
