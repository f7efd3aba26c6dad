// `pnpm bench:pricing` (second part): how fast idx prices STORED swaps, end to
// end, through the real code path and a real PostgreSQL database.
//
// 1. Creates and migrates fresh shared and model databases on PostgreSQL and
//    imports a shared and a model file (YAML texts, synthetic pools): BLUB/WAVAX
//    priced `direct_avax` and BLUB's pricing pool, WAVAX/USDC priced
//    `direct_usd`, and a second BLUB/WAVAX pool priced `global` (at BLUB's
//    canonical price). No chain is needed. Not measured.
// 2. Writes 100,000 pool swaps with their trades (single swaps and two-hop
//    USDC → WAVAX → BLUB routes) over blocks of 8 swaps, 2 s apart (so about
//    400 one-minute periods), with `writeBlocks`, and stores an AVAX/USD price
//    for every block with `storeAvaxUsdPrices`. A few swaps have a zero base
//    amount (their rows are ERROR, as expected), a few are 1-wei dust or far
//    off the market (the canonical price's guards leave them out). Not measured.
// 3. Loads the model (`loadIndexerModel`, no RPC reader) and times
//    `updatePricing` over the whole range: it reads the stored swaps and trades
//    chunk by chunk, resolves AVAX/USD from the stored rows, values every swap
//    and trade, computes canonical prices and replaces swap_valuation,
//    trade_valuation and canonical_price rows. Run twice by default: the first
//    run values swaps that have no valuation yet, the second is the idempotent
//    re-price (every row replaced). Prints swaps/s, the split into reading,
//    pricing (JavaScript) and writing — measured by wrapping the databases'
//    query and transaction functions, no library code changed — the CPU time
//    of this process and of the PostgreSQL backends serving it, the rows
//    written, the ERROR rows (expected or not) and whether the second run left
//    the same rows. Asserts nothing.
//
// Options: --swaps N (default 100000), --per-block N (swaps per block, default
// 8), --runs N (default 2), --chunk-size N (blocks per read and write, default
// updatePricing's), --profile DIR (a V8 CPU profile of each measured run, for
// DevTools or `node --cpu-prof`-style analysis).
// The server is IDX_TEST_DATABASE_URL (default the local trust-auth server);
// the databases are dropped at the end, also on failure or Ctrl-C.
// Target (issue 5): at least 50,000 swaps/s valued.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { cpus } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { parseModelConfig, parseSharedConfig } from '@idx/config'
import type { QueryFn } from '@idx/database'
import {
  type BlockRecord,
  createModelDb,
  type ModelDb,
  migrateModelDb,
  type PoolSwapRow,
  type TradeRow,
  type TransactionRow,
  writeBlocks,
} from '@idx/model-db'
import {
  type AvaxUsdPriceRow,
  createSharedDb,
  importModelConfig,
  importSharedConfig,
  migrateSharedDb,
  type SharedDb,
  storeAvaxUsdPrices,
} from '@idx/shared-db'
import { testDatabase } from '@idx/testkit'
import {
  AVAX_USD_AGGREGATOR,
  BLUB,
  BLUB_WAVAX_LFJ_V1,
  BLUB_WAVAX_PHARAOH_V1,
  CHAIN_ID,
  USDC,
  WAVAX,
  WAVAX_USDC_V2,
} from '../src/_test/avalanche'
import { type IndexerModel, loadIndexerModel } from '../src/process/loadIndexerModel'
import { type UpdatePricingProgress, updatePricing } from '../src/process/updatePricing'

const { values } = parseArgs({
  options: {
    swaps: { type: 'string', default: '100000' },
    'per-block': { type: 'string', default: '8' },
    runs: { type: 'string', default: '2' },
    'chunk-size': { type: 'string' },
    profile: { type: 'string' },
  },
})

const SWAPS = Number(values.swaps)
const PER_BLOCK = Number(values['per-block'])
const RUNS = Number(values.runs)
const CHUNK_SIZE = values['chunk-size'] === undefined ? undefined : Number(values['chunk-size'])
const MODEL = 'bench'
const FIRST_BLOCK = 60_000_000n
const FIRST_TIME = 1_740_000_000n
const BLOCK_SECONDS = 2n
const PERIOD_SECONDS = 60
/** The chance that the AVAX/USD feed updates in a block (about once a minute). */
const FEED_UPDATE_CHANCE = Number(BLOCK_SECONDS) / PERIOD_SECONDS
/** The three pools: BLUB's pricing pool, the USD pool, and the pool valued at BLUB's canonical price. */
const PRICING_POOL = BLUB_WAVAX_LFJ_V1
const USD_POOL = WAVAX_USDC_V2
const GLOBAL_POOL = BLUB_WAVAX_PHARAOH_V1

// ---------------------------------------------------------------------------
// The configuration (shared and model files, as texts).

function configFiles(): { shared: string; model: string } {
  const shared = `config_version: "1.0"
chain:
  id: ${CHAIN_ID}
  name: Avalanche C-Chain (bench)
  native_symbol: AVAX
tokens:
  - { address: "${WAVAX}", symbol: WAVAX, name: Wrapped AVAX, decimals: 18, type: wrapped_native }
  - { address: "${BLUB}", symbol: BLUB, name: Blub, decimals: 18, type: erc20 }
  - { address: "${USDC}", symbol: USDC, name: USD Coin, decimals: 6, type: stable }
contracts:
  - { address: "${WAVAX}", name: WAVAX, type: wrapped_native }
  - { address: "${BLUB}", name: BLUB, type: erc20 }
  - { address: "${USDC}", name: USDC, type: erc20 }
  - { address: "${AVAX_USD_AGGREGATOR}", name: AVAX/USD feed, type: chainlink_aggregator }
  - address: "${PRICING_POOL}"
    name: BLUB/WAVAX LFJ v1
    type: uniswap_v2_pair
    pool:
      base_token: BLUB
      quote_token: WAVAX
      pricing: { method: direct_avax, start_block: 0 }
  - address: "${USD_POOL}"
    name: WAVAX/USDC V2
    type: uniswap_v2_pair
    pool:
      base_token: WAVAX
      quote_token: USDC
      pricing: { method: direct_usd, start_block: 0 }
  - address: "${GLOBAL_POOL}"
    name: BLUB/WAVAX Pharaoh v1
    type: uniswap_v2_pair
    pool:
      base_token: BLUB
      quote_token: WAVAX
sources:
  - name: bench_rpc
    type: rpc
    url_env: IDX_BENCH_RPC_URL
price_feeds:
  avax_usd:
    address: "${AVAX_USD_AGGREGATOR}"
    decimals: 8
    heartbeat_seconds: 86400
`
  const model = `config_version: "1.0"
model:
  name: ${MODEL}
  version: "1.0"
  database: idx_model_${MODEL}
  start_block: ${FIRST_BLOCK}
sources: [bench_rpc]
tokens: [BLUB, WAVAX, USDC]
contracts:
  - "${WAVAX}" # WAVAX
  - "${BLUB}" # BLUB
  - "${USDC}" # USDC
  - "${AVAX_USD_AGGREGATOR}" # AVAX/USD feed
  - "${PRICING_POOL}" # BLUB/WAVAX LFJ v1
  - "${USD_POOL}" # WAVAX/USDC
  - "${GLOBAL_POOL}" # BLUB/WAVAX Pharaoh v1
pool_pricing:
  - { pool: "${PRICING_POOL}", method: direct_avax, start_block: ${FIRST_BLOCK}, pricing_pool: true }
  - { pool: "${USD_POOL}", method: direct_usd, start_block: ${FIRST_BLOCK} }
  - { pool: "${GLOBAL_POOL}", method: global, start_block: ${FIRST_BLOCK} }
canonical_pricing:
  period_seconds: ${PERIOD_SECONDS}
  trailing_periods: 5
  min_volume_usd: "100"
  max_deviation: "0.5"
`
  return { shared, model }
}

// ---------------------------------------------------------------------------
// The stored activity.

// Deterministic pseudo-random numbers (mulberry32).
let seed = 0x5eed
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
}
const E12 = 10n ** 12n
const TRADERS = Array.from({ length: 64 }, (_, i) => `0x${(0xbe00 + i).toString(16).padStart(40, '0')}`)
const ROUTER = '0x60ae616a2155ee3d9a68541ba4544862310933d4'

type Market = {
  /** WAVAX per BLUB (float: only to generate amounts). */
  blubInWavax: number
  /** USD per AVAX, as the feed's 8-decimal answer. */
  answer: bigint
  roundId: bigint
  answeredAt: bigint
}

type Counts = {
  blocks: number
  swaps: number
  trades: number
  twoHopTrades: number
  zeroBase: number
  dust: number
  offMarket: number
  byPool: Map<string, number>
}

/** `amount` × `rate` × 10^`shift`, in integers (the float rate to 12 digits): base units of one token in another's. */
function convert(amount: bigint, rate: number, shift: bigint): bigint {
  const scaled = BigInt(Math.round(rate * 1e12))
  return shift >= 0n ? (amount * scaled * 10n ** shift) / E12 : (amount * scaled) / (E12 * 10n ** -shift)
}

/** Generates block `number` holding `swaps` swaps, and its AVAX/USD row. */
function generateBlock(
  market: Market,
  counts: Counts,
  number: bigint,
  swaps: number,
): { record: BlockRecord; avaxUsd: AvaxUsdPriceRow } {
  const timestamp = FIRST_TIME + (number - FIRST_BLOCK) * BLOCK_SECONDS
  // The market moves a little every block; the feed updates about once a minute.
  market.blubInWavax *= 1 + (random() - 0.5) * 0.004
  if (random() < FEED_UPDATE_CHANCE) {
    market.answer = (market.answer * BigInt(Math.round((1 + (random() - 0.5) * 0.004) * 1e6))) / 1_000_000n
    market.roundId += 1n
    market.answeredAt = timestamp
  }
  const avaxUsd = Number(market.answer) / 1e8
  const hash = `0x${number.toString(16).padStart(32, '0')}${'b'.repeat(32)}`
  const parentHash = `0x${(number - 1n).toString(16).padStart(32, '0')}${'b'.repeat(32)}`
  const transactions: TransactionRow[] = []
  const poolSwaps: PoolSwapRow[] = []
  const trades: TradeRow[] = []
  let logIndex = 0
  const txHash = (index: number) =>
    `0x${number.toString(16).padStart(16, '0')}${index.toString(16).padStart(48, '0')}`

  const blubAmount = (): bigint => {
    const r = random()
    if (r < 0.001) {
      counts.dust++
      return 1n
    }
    if (r < 0.0015) return 0n
    // 50 to 50,000 BLUB.
    return BigInt(Math.floor((50 + random() * 49_950) * 1e6)) * E12 + BigInt(Math.floor(random() * 1e12))
  }
  const swap = (
    tx: { hash: string; index: number; taker: string },
    pool: string,
    direction: 'buy' | 'sell',
    baseAmount: bigint,
    quoteAmount: bigint,
  ): PoolSwapRow => {
    const row: PoolSwapRow = {
      id: `${CHAIN_ID}:${tx.hash}:${logIndex}:pool_swap`,
      blockNumber: number,
      blockTimestamp: timestamp,
      transactionHash: tx.hash,
      transactionIndex: tx.index,
      logIndex,
      pool,
      poolType: 'uniswap_v2_pair',
      taker: tx.taker,
      sender: ROUTER,
      recipient: tx.taker,
      direction,
      baseToken: pool === USD_POOL ? WAVAX : BLUB,
      quoteToken: pool === USD_POOL ? USDC : WAVAX,
      baseAmount,
      quoteAmount,
      logIndexes: [logIndex],
      binIds: [],
    }
    if (baseAmount === 0n) counts.zeroBase++
    logIndex += 3 // Sync, Swap and a Transfer or two around each swap, in a real block
    poolSwaps.push(row)
    counts.swaps++
    counts.byPool.set(pool, (counts.byPool.get(pool) ?? 0) + 1)
    return row
  }
  const trade = (
    legs: PoolSwapRow[],
    tokenIn: string,
    amountIn: bigint,
    tokenOut: string,
    amountOut: bigint,
  ) => {
    const first = legs[0]!
    const last = legs.at(-1)!
    const buys = last.direction === 'buy'
    const baseToken = buys ? tokenOut : tokenIn
    const net = new Map<string, bigint>()
    for (const leg of legs) {
      const sign = leg.direction === 'buy' ? 1n : -1n
      net.set(leg.baseToken, (net.get(leg.baseToken) ?? 0n) + sign * leg.baseAmount)
      net.set(leg.quoteToken, (net.get(leg.quoteToken) ?? 0n) - sign * leg.quoteAmount)
    }
    trades.push({
      id: `${CHAIN_ID}:${first.transactionHash}:${first.logIndex}:trade`,
      blockNumber: number,
      blockTimestamp: timestamp,
      transactionHash: first.transactionHash,
      transactionIndex: first.transactionIndex,
      logIndex: first.logIndex,
      taker: first.taker,
      wallet: first.taker,
      tradeType: 'trade',
      route: legs.map((leg) => leg.id),
      pools: legs.map((leg) => leg.pool),
      swapCount: legs.length,
      // The legs in a pool of its base token: what its value sums (a hop is not counted again).
      assetLegs: legs
        .filter((leg) => leg.baseToken === baseToken || leg.quoteToken === baseToken)
        .map((leg) => leg.id),
      tokenIn,
      amountIn,
      tokenOut,
      amountOut,
      direction: buys ? 'buy' : 'sell',
      baseToken: buys ? tokenOut : tokenIn,
      baseAmount: buys ? amountOut : amountIn,
      quoteToken: buys ? tokenIn : tokenOut,
      quoteAmount: buys ? amountIn : amountOut,
      netFlows: [...net]
        .map(([token, amount]) => ({ token, amount }))
        .sort((a, b) => (a.token < b.token ? -1 : 1)),
      router: null,
      routerLabel: null,
      aggregatorTokenIn: null,
      aggregatorAmountIn: null,
      aggregatorTokenOut: null,
      aggregatorAmountOut: null,
    })
    counts.trades++
    if (legs.length > 1) counts.twoHopTrades++
  }

  while (poolSwaps.length < swaps) {
    const index = transactions.length
    const tx = { hash: txHash(index), index, taker: TRADERS[Math.floor(random() * TRADERS.length)]! }
    const startLog = logIndex
    const buy = random() < 0.5
    const r = random()
    // A little noise around the market; now and then a swap far off it.
    let drift = 1 + (random() - 0.5) * 0.01
    if (random() < 0.002) {
      drift *= random() < 0.5 ? 0.1 : 10
      counts.offMarket++
    }
    if (r < 0.2 && swaps - poolSwaps.length >= 2) {
      // Two hops: USDC → WAVAX → BLUB (buy) or BLUB → WAVAX → USDC (sell).
      const blub = blubAmount()
      const wavax = convert(blub, market.blubInWavax * drift, 0n)
      const usdc = convert(wavax, avaxUsd, -12n)
      if (buy) {
        const a = swap(tx, USD_POOL, 'buy', wavax, usdc)
        const b = swap(tx, PRICING_POOL, 'buy', blub, wavax)
        trade([a, b], USDC, usdc, BLUB, blub)
      } else {
        const a = swap(tx, PRICING_POOL, 'sell', blub, wavax)
        const b = swap(tx, USD_POOL, 'sell', wavax, usdc)
        trade([a, b], BLUB, blub, USDC, usdc)
      }
    } else if (r < 0.65) {
      const pool = r < 0.5 ? PRICING_POOL : GLOBAL_POOL
      const blub = blubAmount()
      const wavax = convert(blub, market.blubInWavax * drift, 0n)
      const s = swap(tx, pool, buy ? 'buy' : 'sell', blub, wavax)
      if (buy) trade([s], WAVAX, wavax, BLUB, blub)
      else trade([s], BLUB, blub, WAVAX, wavax)
    } else {
      // 0.1 to 500 WAVAX for USDC.
      const wavax = BigInt(Math.floor((0.1 + random() * 499.9) * 1e6)) * E12
      const usdc = convert(wavax, avaxUsd * drift, -12n)
      const s = swap(tx, USD_POOL, buy ? 'buy' : 'sell', wavax, usdc)
      if (buy) trade([s], USDC, usdc, WAVAX, wavax)
      else trade([s], WAVAX, wavax, USDC, usdc)
    }
    transactions.push({ hash: tx.hash, index, from: tx.taker, to: ROUTER, logCount: logIndex - startLog })
  }
  counts.blocks++
  return {
    record: {
      header: { number, hash, parentHash, timestamp },
      logCount: logIndex,
      transactions,
      transfers: [],
      poolSwaps,
      trades,
      liquidityEvents: [],
      positions: [],
      feedAnswers: [],
      undecodable: [],
    },
    avaxUsd: {
      chainId: CHAIN_ID,
      blockNumber: number,
      answer: market.answer,
      decimals: 8,
      roundId: market.roundId,
      answeredAt: market.answeredAt,
      blockTime: timestamp,
      stale: false,
    },
  }
}

/** Writes the blocks holding SWAPS swaps and their AVAX/USD prices; returns the last block and the counts. */
async function storeActivity(shared: SharedDb, model: ModelDb): Promise<{ last: bigint; counts: Counts }> {
  const market: Market = {
    blubInWavax: 0.0008,
    answer: 25_00000000n,
    roundId: 1n,
    answeredAt: FIRST_TIME - 30n,
  }
  const counts: Counts = {
    blocks: 0,
    swaps: 0,
    trades: 0,
    twoHopTrades: 0,
    zeroBase: 0,
    dust: 0,
    offMarket: 0,
    byPool: new Map(),
  }
  let number = FIRST_BLOCK
  const BATCH = 500
  while (counts.swaps < SWAPS) {
    const records: BlockRecord[] = []
    const prices: AvaxUsdPriceRow[] = []
    for (let i = 0; i < BATCH && counts.swaps < SWAPS; i++) {
      const block = generateBlock(market, counts, number, Math.min(PER_BLOCK, SWAPS - counts.swaps))
      records.push(block.record)
      prices.push(block.avaxUsd)
      number++
    }
    await writeBlocks(model, records)
    await storeAvaxUsdPrices(shared, prices)
  }
  return { last: number - 1n, counts }
}

// ---------------------------------------------------------------------------
// Measuring: the databases' query and transaction functions, wrapped.

type Timing = { ms: number; calls: number; rows: number }

/** A statement or a COPY a run sent, kept to send again (see `replayStorage`). */
type Statement = { sql: string; params?: unknown[] | undefined }
type Copy = { table: string; columns: readonly string[]; text: string }
/** What a run sent: its reads in order (model and shared database) and its write transactions in order. */
type Sent = {
  modelReads: Statement[]
  sharedReads: Statement[]
  writes: (Statement | Copy)[][]
}

function createTimings() {
  const map = new Map<string, Timing>()
  const add = (label: string, ms: number, rows: number) => {
    const t = map.get(label) ?? { ms: 0, calls: 0, rows: 0 }
    t.ms += ms
    t.calls++
    t.rows += rows
    map.set(label, t)
  }
  /** `query`, timing each statement under the label `classify` gives its SQL (and keeping it in `log`, if given). */
  const wrap =
    (query: QueryFn, classify: (sql: string) => string, log?: Statement[]): QueryFn =>
    async <Row>(sql: string, params?: unknown[]) => {
      log?.push({ sql, params })
      const started = performance.now()
      const rows = await query<Row>(sql, params)
      add(classify(sql), performance.now() - started, rows.length)
      return rows
    }
  return { map, add, wrap }
}

/** What a model-database statement of updatePricing does (by its SQL). */
function classifyModelRead(sql: string): string {
  if (/join swap_valuation/.test(sql)) return 'read: trailing window (readDirectlyValuedSwaps)'
  if (/from processed_block/.test(sql)) return 'read: stored blocks (processed_block)'
  if (/from pool_swap where block_number/.test(sql)) return 'read: stored swaps (pool_swap)'
  if (/from trade where block_number/.test(sql)) return 'read: stored trades (trade)'
  if (/from canonical_price/.test(sql)) return 'read: last canonical price (readCanonicalPriceBefore)'
  return `read: other (${sql.trim().slice(0, 40)}…)`
}

function classifyWrite(sql: string): string {
  const match = /^\s*(?:with \w+ as \()?(delete from|insert into)\s+"?(\w+)"?/.exec(sql)
  return match === null ? `write: other (${sql.trim().slice(0, 40)}…)` : `write: ${match[1]} ${match[2]}`
}

function classifyShared(sql: string): string {
  if (/^\s*select/.test(sql)) return 'read: AVAX/USD (shared avax_usd_price)'
  if (/^\s*insert into avax_usd_price/.test(sql)) return 'write: AVAX/USD (shared avax_usd_price)'
  return `shared: other (${sql.trim().slice(0, 40)}…)`
}

/** CPU seconds (user + system) of the PostgreSQL backends serving these databases, by pid (Linux /proc). */
async function backendCpu(db: ModelDb, databases: string[]): Promise<Map<number, number>> {
  const out = new Map<number, number>()
  try {
    const rows = await db.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = any($1::text[])',
      [databases],
    )
    for (const { pid } of rows) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / 100) // utime + stime, in clock ticks of 1/100 s
    }
  } catch {
    // Not on the same machine, or no /proc: left out.
  }
  return out
}

/** CPU milliseconds: this process's, and the PostgreSQL backends' (undefined when they cannot be read). */
type CpuUsed = { cpuMs: number; backendCpuMs: number | undefined }

/** Starts measuring the CPU time of this process and of the backends serving `databases`; call the result to stop. */
async function startCpu(db: ModelDb, databases: string[]): Promise<() => Promise<CpuUsed>> {
  const before = await backendCpu(db, databases)
  const cpu = process.cpuUsage()
  return async () => {
    const used = process.cpuUsage(cpu)
    const after = await backendCpu(db, databases)
    return {
      cpuMs: (used.user + used.system) / 1000,
      backendCpuMs:
        after.size === 0
          ? undefined
          : [...after].reduce((sum, [pid, s]) => sum + (s - (before.get(pid) ?? 0)), 0) * 1000,
    }
  }
}

type RunResult = CpuUsed & {
  progress: UpdatePricingProgress
  totalMs: number
  timings: Map<string, Timing>
  transactionMs: number
  sent: Sent
}

async function timedRun(
  run: number,
  model: IndexerModel,
  db: ModelDb,
  shared: SharedDb,
  range: { from: bigint; to: bigint },
  databases: string[],
): Promise<RunResult> {
  const timings = createTimings()
  const sent: Sent = { modelReads: [], sharedReads: [], writes: [] }
  let transactionMs = 0
  const timedModel: IndexerModel = {
    ...model,
    pricing: {
      ...model.pricing,
      shared: { query: timings.wrap(shared.query, classifyShared, sent.sharedReads) },
    },
  }
  const timedDb: Pick<ModelDb, 'query' | 'transaction'> = {
    query: timings.wrap(db.query, classifyModelRead, sent.modelReads),
    transaction: async (fn) => {
      const started = performance.now()
      const write: (Statement | Copy)[] = []
      sent.writes.push(write)
      try {
        return await db.transaction((query, copy) =>
          fn(timings.wrap(query, classifyWrite, write as Statement[]), async (table, columns, text) => {
            write.push({ table, columns, text })
            const started = performance.now()
            await copy(table, columns, text)
            timings.add(`write: copy ${table}`, performance.now() - started, 0)
          }),
        )
      } finally {
        transactionMs += performance.now() - started
      }
    },
  }
  const session = values.profile === undefined ? undefined : new Session()
  if (session !== undefined) {
    session.connect()
    await session.post('Profiler.enable')
    await session.post('Profiler.start')
  }
  const stopCpu = await startCpu(db, databases)
  const started = performance.now()
  const progress = await updatePricing({
    model: timedModel,
    db: timedDb,
    from: range.from,
    to: range.to,
    chunkSize: CHUNK_SIZE,
  })
  const totalMs = performance.now() - started
  const cpuUsed = await stopCpu()
  if (session !== undefined) {
    const { profile } = await session.post('Profiler.stop')
    mkdirSync(values.profile!, { recursive: true })
    const file = path.resolve(values.profile!, `pricing-run${run}-${process.pid}.cpuprofile`)
    writeFileSync(file, JSON.stringify(profile))
    session.disconnect()
    console.log(`  profile: ${file}`)
  }
  return {
    ...cpuUsed,
    progress,
    totalMs,
    timings: timings.map,
    transactionMs,
    sent,
  }
}

/**
 * Sends a run's statements again, with no pricing between them: its reads in
 * order on one connection, its write transactions in order on another, the
 * two lanes at once (as `updatePricing` overlaps them). What this costs the
 * databases is what storing the run costs, whatever pricing costs: a ceiling
 * on swaps/s on this machine. Writes the same rows again (the digest must not change).
 */
async function replayStorage(
  sent: Sent,
  db: ModelDb,
  shared: SharedDb,
  databases: string[],
): Promise<CpuUsed & { totalMs: number; readMs: number; writeMs: number }> {
  const stopCpu = await startCpu(db, databases)
  const started = performance.now()
  const lane = async (work: () => Promise<void>) => {
    const started = performance.now()
    await work()
    return performance.now() - started
  }
  const [readMs, writeMs] = await Promise.all([
    lane(async () => {
      for (const { sql, params } of sent.modelReads) await db.query(sql, params)
      for (const { sql, params } of sent.sharedReads) await shared.query(sql, params)
    }),
    lane(async () => {
      for (const write of sent.writes)
        await db.transaction(async (query, copy) => {
          for (const op of write)
            if ('text' in op) await copy(op.table, op.columns, op.text)
            else await query(op.sql, op.params)
        })
    }),
  ])
  const totalMs = performance.now() - started
  return { ...(await stopCpu()), totalMs, readMs, writeMs }
}

// ---------------------------------------------------------------------------
// Checking and reporting.

async function countRows(db: ModelDb): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const table of ['pool_swap', 'trade', 'swap_valuation', 'trade_valuation', 'canonical_price']) {
    const [row] = await db.query<{ n: number }>(`select count(*)::int as n from "${table}"`)
    out[table] = row?.n ?? 0
  }
  return out
}

/** One digest of every valuation and canonical price (what a second run must leave unchanged). */
async function digest(db: ModelDb): Promise<string> {
  const [row] = await db.query<{ d: string }>(
    `select md5(
       (select coalesce(string_agg(concat_ws('|', s.id, denomination, method, value, price, tier, config_id,
          avax_usd, avax_usd_block, stale, canonical_period_start, error_code, reason), E'\\n'
          order by s.id, denomination), '')
          from swap_valuation v join pool_swap s on s.block_number = v.block_number and s.log_index = v.log_index)
       || (select coalesce(string_agg(concat_ws('|', t.id, denomination, method, value, stale, error_code, reason), E'\\n'
          order by t.id, denomination), '')
          from trade_valuation v join trade t on t.block_number = v.block_number and t.log_index = v.log_index)
       || (select coalesce(string_agg(concat_ws('|', token, period_start, price_usd, price_avax, carried_forward,
          priced_period_start, deviating_since, reason, volume_usd, volume_avax, base_volume, swap_count,
          window_swap_count, kept_swap_count, kept_volume_usd, reference_price_usd), E'\\n'
          order by token, period_start), '') from canonical_price)
     ) as d`,
  )
  return row?.d ?? ''
}

/**
 * The swap detail rows that are ERROR, by code and pool, and whether each is
 * expected: `zero_base_amount` for the swaps generated with a zero base
 * amount, and `no_canonical_price` for the GLOBAL pool before BLUB's first
 * canonical price (its first period, while the trailing window fills).
 */
async function checkErrors(db: ModelDb, counts: Counts): Promise<string[]> {
  const [first] = await db.query<{ t: string | null }>(
    `select extract(epoch from min(period_start))::bigint::text as t from canonical_price
     where token = $1 and price_usd is not null`,
    [BLUB],
  )
  const firstPriced = first?.t == null ? undefined : Number(first.t)
  const rows = await db.query<{ code: string | null; pool: string; early: boolean; n: number }>(
    `select v.error_code as code, s.pool, s.block_time < (to_timestamp($1::double precision) at time zone 'UTC') as early,
       count(*)::int as n
     from swap_valuation v join pool_swap s on s.block_number = v.block_number and s.log_index = v.log_index
     where v.method = 'ERROR' group by 1, 2, 3 order by 1, 2, 3`,
    [String((firstPriced ?? 0) + PERIOD_SECONDS)],
  )
  const trades = await db.query<{ code: string | null; n: number }>(
    `select error_code as code, count(*)::int as n from trade_valuation where method = 'ERROR' group by 1 order by 1`,
  )
  const name = (pool: string) =>
    pool === PRICING_POOL
      ? 'pricing pool'
      : pool === USD_POOL
        ? 'USD pool'
        : pool === GLOBAL_POOL
          ? 'GLOBAL pool'
          : pool
  const lines: string[] = []
  let unexpected = 0
  let zeroRows = 0
  for (const row of rows) {
    const expected =
      row.code === 'zero_base_amount' ||
      (row.code === 'no_canonical_price' && row.pool === GLOBAL_POOL && row.early)
    if (row.code === 'zero_base_amount') zeroRows += row.n
    if (!expected) unexpected += row.n
    lines.push(
      `    ${row.code ?? '(no code)'} on the ${name(row.pool)}${row.early ? ', before BLUB is first priced' : ''}: ${row.n.toLocaleString('en-US')} rows${expected ? ' (expected)' : '  ← UNEXPECTED'}`,
    )
  }
  if (zeroRows !== counts.zeroBase * 2) {
    unexpected += Math.abs(zeroRows - counts.zeroBase * 2)
    lines.push(
      `    zero_base_amount rows: ${zeroRows}, but ${counts.zeroBase} swaps × 2 denominations were generated  ← UNEXPECTED`,
    )
  }
  lines.unshift(
    `  ERROR swap rows: ${unexpected === 0 ? 'none unexpected' : `${unexpected.toLocaleString('en-US')} UNEXPECTED`}` +
      ` (BLUB first priced in the period at ${firstPriced === undefined ? 'never' : new Date(firstPriced * 1000).toISOString()})`,
  )
  lines.push(
    `  ERROR trade rows: ${trades.length === 0 ? 'none' : trades.map((t) => `${t.code}: ${t.n.toLocaleString('en-US')}`).join(', ')} (a trade is ERROR when one of its swaps is)`,
  )
  return lines
}

const n = (value: number) => Math.round(value).toLocaleString('en-US')
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const share = (ms: number, total: number) => `${((100 * ms) / total).toFixed(0).padStart(3)}%`

function report(
  run: number,
  result: RunResult,
  rows: Record<string, number>,
  lines: string[],
  digestOf: string,
  same?: boolean,
) {
  const { progress, totalMs, timings, transactionMs } = result
  const sum = (prefix: string) =>
    [...timings].filter(([label]) => label.startsWith(prefix)).reduce((s, [, t]) => s + t.ms, 0)
  const readMs = sum('read: ')
  const writeStatementsMs = sum('write: ')
  // AVAX/USD read from the feed now is stored outside the write transaction (none here: every block has a price).
  const sharedWriteMs = sum('write: AVAX/USD')
  const writeMs = transactionMs + sharedWriteMs
  const per = (count: number, ms: number) => `${n((count / ms) * 1000)}/s`
  console.log(`
run ${run}${run === 1 ? ' (first pricing: no valuations stored yet)' : ' (idempotent re-price: every row replaced)'}: ${n(progress.swaps)} swaps in ${n(progress.blocks)} blocks
  end to end   ${seconds(totalMs)}   ${per(progress.swaps, totalMs)} swaps   (target ≥ 50,000/s)
  CPU          this process ${seconds(result.cpuMs)} (${per(progress.swaps, result.cpuMs)} swaps per CPU-s)${result.backendCpuMs === undefined ? '' : `, PostgreSQL backends ${seconds(result.backendCpuMs)}`}
  reads        ${seconds(readMs)} in statements (the next chunk's swaps and trades are read while this one is priced: overlapped)
  writes       ${seconds(writeMs)} in write transactions ${share(writeMs, totalMs)} (${seconds(writeStatementsMs)} in statements, the rest building COPY text, BEGIN/COMMIT)
  statements   (each from sending it to reading its result: includes waiting for this process while it prices)`)
  for (const [label, t] of [...timings].sort((a, b) => b[1].ms - a[1].ms))
    console.log(
      `    ${label.padEnd(58)} ${seconds(t.ms).padStart(8)} ${share(t.ms, totalMs)}  ${String(t.calls).padStart(4)} calls${label.startsWith('read') ? `, ${n(t.rows)} rows` : ''}`,
    )
  console.log(
    `  written      ${n(progress.swaps * 2)} swap_valuation, ${n(rows.trade_valuation ?? 0)} trade_valuation, ${n(progress.canonicalPrices)} canonical_price rows (upserted; ${n(rows.canonical_price ?? 0)} in the table); ${n(progress.errors)} swap rows ERROR, ${n(progress.fixed)} fixed`,
  )
  for (const line of lines) console.log(line)
  console.log(
    `  digest       ${digestOf.slice(0, 12)} (md5 of every valuation and canonical price)${same === undefined ? '' : `, same rows as run 1: ${same ? 'yes' : 'NO'}`}`,
  )
}

// ---------------------------------------------------------------------------

async function main() {
  const sharedTest = testDatabase('postgres')
  const modelTest = testDatabase('postgres', { kind: 'model', model: MODEL })
  let shared: SharedDb | undefined
  let db: ModelDb | undefined
  let dropped = false
  const drop = async () => {
    if (dropped) return
    dropped = true
    await shared?.close().catch(() => {})
    await db?.close().catch(() => {})
    const results = await Promise.allSettled([sharedTest.drop(), modelTest.drop()])
    for (const result of results)
      if (result.status === 'rejected') console.error(`Could not drop a database: ${result.reason}`)
  }
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: dropping the databases`)
    void drop().finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    let started = performance.now()
    const config = configFiles()
    await migrateSharedDb({ target: sharedTest.target })
    shared = await createSharedDb({ target: sharedTest.target })
    await importSharedConfig(shared, parseSharedConfig(config.shared, 'shared_v1_0.yaml'))
    await importModelConfig(shared, parseModelConfig(config.model, `${MODEL}_v1_0.yaml`))
    await migrateModelDb({ target: modelTest.target })
    db = await createModelDb({ target: modelTest.target })
    console.log(`databases: migrated and configured in ${seconds(performance.now() - started)}`)

    started = performance.now()
    const { last, counts } = await storeActivity(shared, db)
    await db.query('analyze')
    await shared.query('analyze')
    console.log(
      `stored: ${n(counts.swaps)} swaps (pricing pool ${n(counts.byPool.get(PRICING_POOL) ?? 0)}, USD pool ${n(counts.byPool.get(USD_POOL) ?? 0)}, GLOBAL pool ${n(counts.byPool.get(GLOBAL_POOL) ?? 0)}; ${counts.zeroBase} with a zero base amount, ${counts.dust} 1-wei dust, ${counts.offMarket} off-market) in ${n(counts.trades)} trades (${n(counts.twoHopTrades)} two-hop), ${n(counts.blocks)} blocks ${FIRST_BLOCK}..${last} (${n((counts.blocks * Number(BLOCK_SECONDS)) / PERIOD_SECONDS)} minutes), AVAX/USD for every block; in ${seconds(performance.now() - started)}`,
    )

    started = performance.now()
    const model = await loadIndexerModel({ shared, model: MODEL })
    console.log(
      `model: loaded in ${seconds(performance.now() - started)} (${model.pricing.setup.pools.size} pools, no RPC reader)`,
    )
    const databases = [sharedTest.target, modelTest.target].flatMap((t) =>
      t.kind === 'postgres' ? [t.database] : [],
    )
    let firstDigest: string | undefined
    for (let run = 1; run <= RUNS; run++) {
      const result = await timedRun(run, model, db, shared, { from: FIRST_BLOCK, to: last }, databases)
      const rows = await countRows(db)
      const lines = await checkErrors(db, counts)
      const d = await digest(db)
      firstDigest ??= d
      report(run, result, rows, lines, d, run === 1 ? undefined : d === firstDigest)
      if (run === RUNS) {
        const floor = await replayStorage(result.sent, db, shared, databases)
        const again = await digest(db)
        const swaps = result.progress.swaps
        console.log(`
storage alone (run ${run}'s ${n(result.sent.modelReads.length + result.sent.sharedReads.length)} reads and ${n(result.sent.writes.length)} write transactions sent again, no pricing between them)
  end to end   ${seconds(floor.totalMs)}   ${n((swaps / floor.totalMs) * 1000)}/s swaps: the most this machine can store, however fast pricing is
  lanes        reads ${seconds(floor.readMs)}, write transactions ${seconds(floor.writeMs)} (at once, on two connections)
  CPU          this process ${seconds(floor.cpuMs)}${floor.backendCpuMs === undefined ? '' : `, PostgreSQL backends ${seconds(floor.backendCpuMs)} (on ${cpus().length} cores, pricing has the rest)`}
  digest       ${again.slice(0, 12)}, same rows: ${again === d ? 'yes' : 'NO'}`)
      }
    }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await drop()
  }
}

await main()
