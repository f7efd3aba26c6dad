// `pnpm bench:pricing`: how fast the pure pricing core values swaps. Generates
// 100,000 pool swaps over about two days of one-minute periods (three tokens,
// one of them so thinly traded that its periods mostly carry prices forward;
// pools priced DIRECT_AVAX, DIRECT_USD and GLOBAL, amounts from 1 wei to 10^30
// base units), then times, in memory:
//   1. valuing the directly priced swaps (`valueSwap`),
//   2. computing canonical prices from the pricing pools' swaps,
//   3. valuing the GLOBAL swaps from those prices,
//   4. valuing the trades the swaps make (`valueTrade`).
// Prints swaps/s for each step and for all of them, by the wall clock and per
// CPU-second of this process (the machines are shared: when other jobs load
// the cores, wall-clock figures drop while CPU-time ones hold); asserts nothing.
// Target (issue 5): at least 50,000 swaps/s valued.

import {
  type CanonicalPrice,
  type CanonicalPriceSwap,
  computeCanonicalPrices,
  type PricingDecision,
  type PricingSwap,
  type SwapValues,
  type TokenType,
  valueSwap,
  valueTrade,
} from '../src/index'

const SWAPS = 100_000
const RUNS = 3
const PERIOD = 60
const START = 1_740_000_000

// Deterministic pseudo-random numbers (mulberry32).
let seed = 0x1d5
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
}

type Pool = {
  address: string
  base: string
  quote: string
  quoteDecimals: number
  quoteType: TokenType
  decision: PricingDecision
  pricingPool: boolean
  /** Quote units per base unit, roughly (as a float: only to generate amounts). */
  rate: number
}
const WAVAX = '0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7'
const USDC = '0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e'
const BLUB = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
const JOE = '0x6e84a6216ea6dacc71ee8e6b0a5b7322eebc0fdd'
const MEME = '0x00000000000000000000000000000000000e3e3e'
const config = (id: number): PricingDecision => ({
  method: 'direct_avax',
  tier: 'model_config',
  configId: id,
})
const pools: Pool[] = [
  {
    address: '0x39888258d60fed9228f89e13eb57a92f1fa832eb',
    base: BLUB,
    quote: WAVAX,
    quoteDecimals: 18,
    quoteType: 'wrapped_native',
    decision: config(1),
    pricingPool: true,
    rate: 0.0008,
  },
  {
    address: '0x00000000000000000000000000000000000b1b0c',
    base: BLUB,
    quote: USDC,
    quoteDecimals: 6,
    quoteType: 'stable',
    decision: { method: 'direct_usd', tier: 'contract_default', contractId: 7 },
    pricingPool: true,
    rate: 0.02e-12,
  },
  {
    address: '0xcb4c6fdcfb7d868df5f1e3d0018438205b243fd6',
    base: BLUB,
    quote: WAVAX,
    quoteDecimals: 18,
    quoteType: 'wrapped_native',
    decision: { method: 'global', tier: 'global' },
    pricingPool: false,
    rate: 0.0008,
  },
  {
    address: '0x00000000000000000000000000000000000a0e0a',
    base: JOE,
    quote: WAVAX,
    quoteDecimals: 18,
    quoteType: 'wrapped_native',
    decision: config(2),
    pricingPool: true,
    rate: 0.012,
  },
  {
    address: '0x00000000000000000000000000000000000a0e0b',
    base: JOE,
    quote: USDC,
    quoteDecimals: 6,
    quoteType: 'stable',
    decision: { method: 'global', tier: 'global' },
    pricingPool: false,
    rate: 0.3e-12,
  },
  {
    address: '0x00000000000000000000000000000000000e3e3a',
    base: MEME,
    quote: WAVAX,
    quoteDecimals: 18,
    quoteType: 'wrapped_native',
    decision: config(3),
    pricingPool: true,
    rate: 1e-9,
  },
]

function amount(): bigint {
  const r = random()
  if (r < 0.001) return 1n // a 1-wei dust swap now and then
  if (r < 0.002) return 10n ** 30n + BigInt(Math.floor(random() * 1e9)) // and a huge one
  return BigInt(Math.floor(random() * 1e6) + 1) * 10n ** 15n + BigInt(Math.floor(random() * 1e15))
}

function generate() {
  const swaps: PricingSwap[] = []
  const poolOf: Pool[] = []
  const avaxUsd = new Map<bigint, string>()
  const trades: { id: string; route: string[] }[] = []
  let time = START
  let block = 60_000_000n
  while (swaps.length < SWAPS) {
    block += 1n
    time += 2
    // About 1 in 200 blocks has no AVAX/USD price (those USD or AVAX rows are ERROR).
    if (random() > 0.005) avaxUsd.set(block, (20 + random() * 10).toFixed(8))
    const legs = 1 + Math.floor(random() * 3)
    const route: string[] = []
    for (let leg = 0; leg < legs && swaps.length < SWAPS; leg++) {
      const pool = pools[Math.floor(random() * pools.length)]!
      const baseAmount = amount()
      const drift = 1 + (random() - 0.5) * 0.04
      const quote = Number(baseAmount) * pool.rate * drift
      const id = `43114:0x${block.toString(16)}:${leg}:pool_swap`
      swaps.push({
        id,
        blockNumber: block,
        blockTimestamp: time,
        pool: pool.address,
        direction: random() < 0.5 ? 'buy' : 'sell',
        baseToken: pool.base,
        quoteToken: pool.quote,
        baseAmount,
        quoteAmount: BigInt(Math.max(0, Math.floor(quote))),
      })
      poolOf.push(pool)
      route.push(id)
    }
    trades.push({ id: route[0]!, route })
  }
  return { swaps, poolOf, avaxUsd, trades }
}

const { swaps, poolOf, avaxUsd, trades } = generate()
const rate = (n: number) => Math.round(n).toLocaleString('en-US')

/** Wall-clock and CPU milliseconds since `start()`. */
function timer() {
  const wall = performance.now()
  const cpu = process.cpuUsage()
  return () => {
    const used = process.cpuUsage(cpu)
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 }
  }
}

function run() {
  const values = new Map<string, SwapValues>()
  const value = (index: number, canonical?: Map<string, CanonicalPrice>) => {
    const swap = swaps[index]!
    const pool = poolOf[index]!
    const price = avaxUsd.get(swap.blockNumber)
    const period = Math.floor(Number(swap.blockTimestamp) / PERIOD) * PERIOD
    const row = canonical?.get(`${swap.baseToken}:${period}`)
    values.set(
      swap.id,
      valueSwap({
        swap,
        decision: pool.decision,
        baseDecimals: 18,
        quoteDecimals: pool.quoteDecimals,
        quoteTokenType: pool.quoteType,
        avaxUsd:
          price === undefined
            ? undefined
            : { price, blockNumber: swap.blockNumber, stale: false, ageSeconds: 5 },
        canonical:
          row?.priceUsd == null || row.priceAvax === null
            ? undefined
            : { priceUsd: row.priceUsd, priceAvax: row.priceAvax, periodStart: row.periodStart },
      }),
    )
  }

  // 1. Direct swaps.
  let t = timer()
  let direct = 0
  for (let i = 0; i < swaps.length; i++)
    if (poolOf[i]!.decision.method !== 'global') {
      value(i)
      direct++
    }
  const directMs = t()

  // 2. Canonical prices from the pricing pools' directly valued swaps.
  t = timer()
  const inputs: CanonicalPriceSwap[] = []
  for (let i = 0; i < swaps.length; i++) {
    if (!poolOf[i]!.pricingPool) continue
    const swap = swaps[i]!
    const { usd, avax } = values.get(swap.id)!
    if (usd.method === 'ERROR' || avax.method === 'ERROR') continue
    inputs.push({
      id: swap.id,
      token: swap.baseToken,
      blockTimestamp: swap.blockTimestamp,
      baseAmount: swap.baseAmount,
      baseDecimals: 18,
      valueUsd: usd.value,
      valueAvax: avax.value,
    })
  }
  const rows = computeCanonicalPrices({
    swaps: inputs,
    periodSeconds: PERIOD,
    trailingPeriods: 5,
    minVolumeUsd: '100',
    maxDeviation: '0.5',
  })
  const canonicalMs = t()
  const canonical = new Map(rows.map((row) => [`${row.token}:${row.periodStart}`, row]))

  // 3. GLOBAL swaps.
  t = timer()
  for (let i = 0; i < swaps.length; i++) if (poolOf[i]!.decision.method === 'global') value(i, canonical)
  const globalMs = t()

  // 4. Trades.
  t = timer()
  let tradeErrors = 0
  for (const trade of trades)
    if (valueTrade({ trade, swapValues: values }).usd.method === 'ERROR') tradeErrors++
  const tradeMs = t()

  let errors = 0
  for (const { usd, avax } of values.values())
    errors += +(usd.method === 'ERROR') + +(avax.method === 'ERROR')
  return {
    direct,
    global: swaps.length - direct,
    directMs,
    canonicalMs,
    globalMs,
    tradeMs,
    canonicalInputs: inputs.length,
    rows: rows.length,
    carried: rows.filter((row) => row.carriedForward).length,
    errors,
    tradeErrors,
  }
}

console.log(
  `${swaps.length.toLocaleString('en-US')} swaps in ${trades.length.toLocaleString('en-US')} trades, ` +
    `${pools.length} pools, 3 tokens, ${RUNS} runs (Node ${process.version})`,
)
const results = []
type Ms = { wall: number; cpu: number }
const perSecond = (count: number, ...ms: Ms[]) => {
  const wall = ms.reduce((sum, m) => sum + m.wall, 0)
  const cpu = ms.reduce((sum, m) => sum + m.cpu, 0)
  return `${rate((count / wall) * 1000)}/s (${rate((count / cpu) * 1000)}/CPU-s)`
}
for (let i = 0; i < RUNS; i++) {
  const r = run()
  results.push(r)
  const totalMs = r.directMs.wall + r.canonicalMs.wall + r.globalMs.wall
  console.log(
    `run ${i + 1}: valued ${perSecond(swaps.length, r.directMs, r.globalMs)} swaps ` +
      `[direct ${perSecond(r.direct, r.directMs)}, GLOBAL ${perSecond(r.global, r.globalMs)}]; ` +
      `canonical prices ${perSecond(r.canonicalInputs, r.canonicalMs)} swaps ` +
      `(${r.canonicalInputs.toLocaleString('en-US')} swaps → ${r.rows.toLocaleString('en-US')} rows, ${r.carried} carried forward); ` +
      `all three ${perSecond(swaps.length, r.directMs, r.canonicalMs, r.globalMs)} swaps in ${Math.round(totalMs)} ms; ` +
      `trades ${perSecond(trades.length, r.tradeMs)}`,
  )
}
const last = results.at(-1)!
console.log(
  `ERROR rows: ${last.errors.toLocaleString('en-US')} of ${(swaps.length * 2).toLocaleString('en-US')} ` +
    `(no AVAX/USD price at ~0.5% of blocks, or no canonical price); trades with a USD ERROR: ${last.tradeErrors}`,
)
