import {
  type CanonicalPeriods,
  type CanonicalPriceRow,
  type DirectlyValuedSwap,
  type ModelDb,
  type PricingRecord,
  type PricingSwapRow,
  type PricingTradeRow,
  previousDoneHeader,
  readCanonicalPriceBefore,
  readDirectlyValuedSwaps,
  type SwapValuationRow,
  type TradeValuationRow,
} from '@idx/model-db'
import { decidePricingMethod, effectivePricingConfig, type ModelPricingSetup } from '@idx/shared-db'
import type { AvaxUsdPrice } from './avaxUsd'
import { type CanonicalPriceAsOf, canonicalPricesAsOf } from './canonicalPricesAsOf'
import {
  type CanonicalPrice,
  type CanonicalPriceSwap,
  computeCanonicalPrices,
  type PreviousCanonicalPrice,
} from './computeCanonicalPrices'
import type { PricingDecision, SwapValuation, SwapValues } from './types'
import { valueSwap } from './valueSwap'
import { type TradeValuation, valueTrade } from './valueTrade'

/** One block to price: its header and its pool swaps and trades. */
export type PricingBlock = {
  header: { number: bigint; timestamp: bigint }
  poolSwaps: readonly PricingSwapRow[]
  trades: readonly PricingTradeRow[]
}

export type PriceBlocksParameters = {
  setup: ModelPricingSetup
  /**
   * Consecutive blocks, in order. Blocks without swaps may be left out, but
   * not the first and the last: canonical prices are computed for every
   * period from the one after the last done block before the first (or the
   * first's own) through the last's.
   */
  blocks: readonly PricingBlock[]
  /** AVAX/USD at the blocks that have swaps (from `resolveAvaxUsd`). */
  avaxUsd: ReadonlyMap<bigint, AvaxUsdPrice>
  /** Why a block has no AVAX/USD price (appended to its swaps' reasons). */
  avaxUsdMissing?: ReadonlyMap<bigint, string> | undefined
  /** The model database, for the trailing window's earlier swaps and the last canonical price before the blocks. */
  db: Pick<ModelDb, 'query'>
  /**
   * The pricing of the blocks just before these whose write has not committed
   * yet (see `pendingPricing`): read as if it had, so a caller can write one
   * chunk while it prices the next. No other priced block may lie between
   * its range and these blocks.
   */
  pending?: PendingPricing | undefined
}

/** Priced blocks being written: what later blocks' pricing reads of them. */
export type PendingPricing = {
  /** The blocks' range (its valuations in the database are being replaced). */
  from: bigint
  to: bigint
  /** Its swaps valued directly in both denominations, in block order. */
  swaps: readonly DirectlyValuedSwap[]
  canonicalPrices: readonly CanonicalPriceRow[]
  /** The periods whose stored canonical prices `canonicalPrices` replace. */
  canonicalPeriods: CanonicalPeriods | undefined
}

/**
 * What `priceBlocks` returned for `blocks` (`from`..`to`), as the pricing of
 * the next blocks reads it while it is being written.
 */
export function pendingPricing(
  range: { from: bigint; to: bigint },
  blocks: readonly PricingBlock[],
  record: PricingRecord,
): PendingPricing {
  const direct = (method: SwapValuationRow['method']) => method === 'DIRECT_AVAX' || method === 'DIRECT_USD'
  // A block's valuation rows by their swap's log index (both denominations valued directly).
  const directValues = new Map<bigint, Map<number, { usd?: string; avax?: string; failed?: true }>>()
  for (const row of record.swapValuations) {
    let block = directValues.get(row.blockNumber)
    if (block === undefined) {
      block = new Map()
      directValues.set(row.blockNumber, block)
    }
    let entry = block.get(row.logIndex)
    if (entry === undefined) {
      entry = {}
      block.set(row.logIndex, entry)
    }
    if (!direct(row.method) || row.value === null) entry.failed = true
    else if (row.denomination === 'USD') entry.usd = row.value
    else entry.avax = row.value
  }
  const swaps: DirectlyValuedSwap[] = []
  for (const block of blocks) {
    const values = directValues.get(block.header.number)
    if (values === undefined) continue
    for (const swap of block.poolSwaps) {
      const entry = values.get(swap.logIndex)
      if (entry === undefined || entry.failed || entry.usd === undefined || entry.avax === undefined) continue
      swaps.push({
        id: swap.id,
        blockNumber: swap.blockNumber,
        blockTimestamp: swap.blockTimestamp,
        pool: swap.pool,
        baseToken: swap.baseToken,
        baseAmount: swap.baseAmount,
        valueUsd: entry.usd,
        valueAvax: entry.avax,
      })
    }
  }
  return {
    from: range.from,
    to: range.to,
    swaps,
    canonicalPrices: record.canonicalPrices,
    canonicalPeriods: record.canonicalPeriods,
  }
}

/**
 * Lets pending I/O callbacks run (a macrotask turn). Pricing a chunk is long
 * synchronous work; a caller that writes the previous chunk meanwhile
 * (`updatePricing`) only gets its statements sent and its results read when
 * pricing yields, so it yields every `YIELD_EVERY` swaps.
 */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve))
const YIELD_EVERY = 1_000

const periodOf = (time: bigint, seconds: number) => Number(time - (time % BigInt(seconds)))

/** Is `pool` one of the model's pricing pools at `block`? */
function isPricingPoolAt(setup: ModelPricingSetup, pool: string, block: bigint): boolean {
  const configs = setup.pools.get(pool)?.configs
  return configs !== undefined && effectivePricingConfig(configs, block)?.pricingPool === true
}

/**
 * The tokens the model's pricing pools price (their base tokens, whatever the
 * block): each gets its canonical prices computed for every priced block,
 * with or without swaps of its own in them.
 */
const pricingTokensOf = (setup: ModelPricingSetup) =>
  [...setup.pools.values()]
    .filter((pool) => pool.configs.some((config) => config.pricingPool))
    .map((pool) => pool.baseToken)

/** The addresses of the model's pools whose base token is `token`. */
const poolsOf = (setup: ModelPricingSetup, token: string) =>
  [...setup.pools.values()].filter((pool) => pool.baseToken === token).map((pool) => pool.address)

/** The first second of the trailing window of the period holding `time`. */
const windowOpens = (setup: ModelPricingSetup, time: bigint) =>
  periodOf(time, setup.canonical.periodSeconds) -
  (setup.canonical.trailingPeriods - 1) * setup.canonical.periodSeconds

/**
 * A token's canonical price as of a block at `time`: its period's row computed
 * from `window` (the window's swaps up to that block), continuing `previous`
 * (the last price before the period). What a GLOBAL swap in the block is valued at.
 */
function priceAsOf(
  setup: ModelPricingSetup,
  token: string,
  window: readonly CanonicalPriceSwap[],
  previous: PreviousCanonicalPrice | undefined,
  time: bigint,
): CanonicalPrice | undefined {
  const [row] = computeCanonicalPrices({
    ...setup.canonical,
    swaps: window,
    previous: previous === undefined ? undefined : new Map([[token, previous]]),
    from: time,
    until: time,
  }).filter((price) => price.token === token)
  return row
}

function decide(setup: ModelPricingSetup, swap: PricingSwapRow): PricingDecision {
  const pool = setup.pools.get(swap.pool)
  if (pool === undefined) return { method: 'global', tier: 'global' }
  return decidePricingMethod({ configs: pool.configs, pool, block: swap.blockNumber })
}

// The row builders below spell every field out: an object spread per row is
// many times slower in V8 than a literal, and these run for every swap and trade.

function toSwapRow(
  swap: PricingSwapRow,
  row: SwapValuation,
  avaxUsd: AvaxUsdPrice | undefined,
  canonicalPeriodStart: number | null,
  missingReason: string | undefined,
): SwapValuationRow {
  const error = row.method === 'ERROR'
  // Only the row valued through AVAX/USD used it: the USD row of a DIRECT_AVAX swap, the AVAX
  // row of a DIRECT_USD swap (the other row is the quote amount itself, like `stale`).
  const usedAvaxUsd =
    avaxUsd !== undefined &&
    ((row.method === 'DIRECT_AVAX' && row.denomination === 'USD') ||
      (row.method === 'DIRECT_USD' && row.denomination === 'AVAX'))
  return {
    denomination: row.denomination,
    blockNumber: swap.blockNumber,
    logIndex: swap.logIndex,
    tier: row.tier,
    configId: row.configId ?? null,
    contractId: row.contractId ?? null,
    method: row.method,
    value: error ? null : row.value,
    price: error ? null : row.price,
    avaxUsd: usedAvaxUsd ? avaxUsd.price : null,
    avaxUsdBlock: usedAvaxUsd ? avaxUsd.blockNumber : null,
    stale: error ? null : (row.stale ?? null),
    canonicalPeriodStart: row.method === 'GLOBAL' ? canonicalPeriodStart : null,
    errorCode: error ? row.code : null,
    reason: !error
      ? null
      : row.code === 'no_avax_usd_price' && missingReason !== undefined
        ? `${row.reason} ${missingReason}`
        : row.reason,
  }
}

function toTradeRow(trade: PricingTradeRow, row: TradeValuation): TradeValuationRow {
  const error = row.method === 'ERROR'
  return {
    denomination: row.denomination,
    blockNumber: trade.blockNumber,
    logIndex: trade.logIndex,
    method: row.method,
    value: error ? null : row.value,
    stale: error ? null : (row.stale ?? null),
    errorCode: error ? row.code : null,
    reason: error ? row.reason : null,
  }
}

export function toCanonicalRow(price: CanonicalPrice): CanonicalPriceRow {
  return {
    token: price.token,
    periodSeconds: price.periodSeconds,
    periodStart: price.periodStart,
    priceUsd: price.priceUsd,
    priceAvax: price.priceAvax,
    carriedForward: price.carriedForward,
    pricedPeriodStart: price.pricedPeriodStart,
    deviatingSince: price.deviatingSince,
    reason: price.reason ?? null,
    volumeUsd: price.volumeUsd,
    volumeAvax: price.volumeAvax,
    baseVolume: price.baseVolume,
    swapCount: price.swapCount,
    windowSwapCount: price.window.swapCount,
    keptSwapCount: price.window.keptSwapCount,
    keptVolumeUsd: price.window.keptVolumeUsd,
    referencePriceUsd: price.window.swapCount > 0 ? price.window.referencePriceUsd : null,
  }
}

/** A canonical price row as `computeCanonicalPrices` takes it for `previous`. */
const asPrevious = (row: CanonicalPriceRow) => ({
  priceUsd: row.priceUsd,
  priceAvax: row.priceAvax,
  periodStart: row.periodStart,
  pricedPeriodStart: row.pricedPeriodStart,
  deviatingSince: row.deviatingSince,
})

/**
 * Prices consecutive blocks of one model (DESIGN.md, "Pricing"): every pool
 * swap gets a USD and an AVAX row by the method its (model, pool, block)
 * resolves to; the canonical price of each token the model's pricing pools
 * price is computed for every period after the last done block before the
 * blocks through the last block's (`canonicalPeriods`: the record replaces
 * every stored row of them), whether the blocks hold swaps of it or not;
 * GLOBAL swaps are valued at their token's canonical price as of their block
 * (the trailing window up to and including that block — never a later swap);
 * trades are summed from their swaps. The same stored swaps give the same rows
 * however the blocks are cut into calls, as long as each call comes after the
 * blocks before it are stored (or pending).
 *
 * Reads the window's earlier swaps and the last earlier canonical price from
 * the model database; writes nothing (the caller writes the returned record in
 * the transaction that writes the blocks).
 */
export async function priceBlocks(parameters: PriceBlocksParameters): Promise<PricingRecord> {
  const { setup, avaxUsd, db, pending } = parameters
  const blocks = parameters.blocks.filter((b) => b.poolSwaps.length > 0 || b.trades.length > 0)
  const record: PricingRecord & {
    swapValuations: SwapValuationRow[]
    tradeValuations: TradeValuationRow[]
    canonicalPrices: CanonicalPriceRow[]
  } = {
    blocks: parameters.blocks.map((b) => b.header.number),
    swapValuations: [],
    tradeValuations: [],
    canonicalPrices: [],
  }
  if (parameters.blocks.length === 0) return record
  const { periodSeconds } = setup.canonical
  const values = new Map<string, SwapValues>()
  const globalSwaps: PricingSwapRow[] = []
  const decisions = new Map<string, PricingDecision>()

  const priceSwap = (swap: PricingSwapRow, decision: PricingDecision, canonical?: CanonicalPriceAsOf) => {
    const base = setup.tokens.get(swap.baseToken)
    const quote = setup.tokens.get(swap.quoteToken)
    return valueSwap({
      swap,
      decision,
      baseDecimals: base?.decimals ?? 18,
      quoteDecimals: quote?.decimals ?? 18,
      quoteTokenType: quote?.type ?? 'erc20',
      avaxUsd: avaxUsd.get(swap.blockNumber),
      canonical:
        canonical?.priceUsd != null && canonical.priceAvax != null
          ? {
              priceUsd: canonical.priceUsd,
              priceAvax: canonical.priceAvax,
              periodStart: canonical.periodStart,
            }
          : undefined,
    })
  }

  let sinceYield = 0
  /** Yields to pending I/O once `YIELD_EVERY` swaps have been handled since it last did. */
  const pace = async (swaps: number) => {
    sinceYield += swaps
    if (sinceYield < YIELD_EVERY) return
    sinceYield = 0
    await yieldToIo()
  }

  // 1. Direct swaps.
  for (const block of blocks) {
    await pace(block.poolSwaps.length)
    for (const swap of block.poolSwaps) {
      const decision = decide(setup, swap)
      decisions.set(swap.id, decision)
      if (decision.method === 'global') globalSwaps.push(swap)
      else values.set(swap.id, priceSwap(swap, decision))
    }
  }

  // 2. Canonical prices of the tokens the pricing pools price, and of those GLOBAL swaps need.
  const first = parameters.blocks[0]!.header
  const last = parameters.blocks[parameters.blocks.length - 1]!.header
  // The periods computed whole, for every such token: those after the last done block before
  // these blocks (its period and earlier ones are its own) — from the first block's period when
  // they share it — through the last block's. Periods between the two blocks hold no block:
  // their rows (trailing windows of earlier swaps) are written here. So the stored rows are the
  // same whatever the batches, and a row left by an earlier computation is replaced.
  const before = await previousDoneHeader(db, first.number)
  const firstPeriod = periodOf(first.timestamp, periodSeconds)
  const from =
    before === undefined
      ? firstPeriod
      : Math.min(firstPeriod, periodOf(before.timestamp, periodSeconds) + periodSeconds)
  record.canonicalPeriods = { periodSeconds, from, through: periodOf(last.timestamp, periodSeconds) }
  const tokens = new Set([...pricingTokensOf(setup), ...globalSwaps.map((s) => s.baseToken)])
  const pendingPeriods =
    pending?.canonicalPeriods?.periodSeconds === periodSeconds && pending.canonicalPeriods.from <= from
      ? pending.canonicalPeriods
      : undefined
  const canonicalOf = new Map<string, CanonicalPriceAsOf | undefined>()
  for (const token of tokens) {
    const pools = poolsOf(setup, token)
    // The last price before `from`. A pending write replaces the stored rows of its periods:
    // its own rows count, and stored ones only before its periods.
    let previous: CanonicalPriceRow | undefined
    if (pendingPeriods !== undefined)
      for (const row of pending!.canonicalPrices)
        if (
          row.token === token &&
          row.periodSeconds === periodSeconds &&
          row.periodStart < from &&
          (previous === undefined || row.periodStart > previous.periodStart)
        )
          previous = row
    previous ??= await readCanonicalPriceBefore(db, {
      token,
      periodSeconds,
      before: pendingPeriods?.from ?? from,
    })
    const windowStart = BigInt(windowOpens(setup, BigInt(from)))
    // Every stored swap of the windows and periods these blocks touch, except these blocks' own
    // (being priced now): re-pricing a block in the middle keeps its period's later swaps.
    // A pending write's blocks are read from it, not from the database.
    const beforeTime = BigInt(periodOf(last.timestamp, periodSeconds) + periodSeconds)
    const windowSwaps = await readDirectlyValuedSwaps(db, {
      token,
      pools,
      fromTime: windowStart,
      beforeTime,
      exceptBlocks: { from: pending?.from ?? first.number, to: last.number },
    })
    const later = windowSwaps.findIndex((swap) => swap.blockNumber > last.number)
    if (pending !== undefined)
      windowSwaps.splice(
        later < 0 ? windowSwaps.length : later,
        0,
        ...pending.swaps.filter(
          (swap) =>
            swap.baseToken === token &&
            pools.includes(swap.pool) &&
            swap.blockTimestamp >= windowStart &&
            swap.blockTimestamp < beforeTime,
        ),
      )
    const decimals = setup.tokens.get(token)?.decimals ?? 18
    const toCanonicalSwap = (
      s: Pick<DirectlyValuedSwap, 'id' | 'blockNumber' | 'blockTimestamp' | 'baseAmount'>,
      valueUsd: string,
      valueAvax: string,
    ): CanonicalPriceSwap & { blockNumber: bigint } => ({
      id: s.id,
      token,
      blockTimestamp: s.blockTimestamp,
      baseAmount: s.baseAmount,
      baseDecimals: decimals,
      valueUsd,
      valueAvax,
      blockNumber: s.blockNumber,
    })
    const window: (CanonicalPriceSwap & { blockNumber: bigint })[] = []
    for (const s of windowSwaps)
      if (isPricingPoolAt(setup, s.pool, s.blockNumber))
        window.push(toCanonicalSwap(s, s.valueUsd, s.valueAvax))
    for (const block of blocks)
      for (const swap of block.poolSwaps) {
        if (swap.baseToken !== token || !isPricingPoolAt(setup, swap.pool, swap.blockNumber)) continue
        const v = values.get(swap.id)
        if (v === undefined || v.usd.method === 'ERROR' || v.avax.method === 'ERROR') continue
        if (v.usd.method === 'GLOBAL' || v.avax.method === 'GLOBAL') continue
        window.push(toCanonicalSwap(swap, v.usd.value, v.avax.value))
      }
    const rows = computeCanonicalPrices({
      ...setup.canonical,
      swaps: window,
      previous: previous === undefined ? undefined : new Map([[token, asPrevious(previous)]]),
      from,
      until: last.timestamp,
    }).filter((row) => row.token === token)
    record.canonicalPrices.push(...rows.map(toCanonicalRow))

    // GLOBAL swaps of this token: the price as of their block, from the trailing window up to
    // that block (the window sorted by block: block order is time order).
    window.sort((a, b) => (a.blockNumber < b.blockNumber ? -1 : a.blockNumber > b.blockNumber ? 1 : 0))
    const globalBlocks: { number: bigint; time: bigint }[] = []
    for (const swap of globalSwaps)
      if (swap.baseToken === token && globalBlocks.at(-1)?.number !== swap.blockNumber)
        globalBlocks.push({ number: swap.blockNumber, time: swap.blockTimestamp })
    await yieldToIo()
    const asOf = canonicalPricesAsOf({
      ...setup.canonical,
      swaps: window,
      blocks: globalBlocks,
      previousBefore: (periodStart) => {
        let before: PreviousCanonicalPrice | undefined = previous && asPrevious(previous)
        for (const row of rows) if (row.periodStart < periodStart) before = row
        return before
      },
    })
    for (const [block, price] of asOf) canonicalOf.set(`${token}:${block}`, price)
  }

  // 3. GLOBAL swaps.
  await yieldToIo()
  for (const swap of globalSwaps)
    values.set(
      swap.id,
      priceSwap(swap, decisions.get(swap.id)!, canonicalOf.get(`${swap.baseToken}:${swap.blockNumber}`)),
    )

  // 4. Rows, in block and log order; trades from their swaps.
  await yieldToIo()
  for (const block of blocks) {
    await pace(block.poolSwaps.length)
    for (const swap of block.poolSwaps) {
      const v = values.get(swap.id)!
      const price = avaxUsd.get(swap.blockNumber)
      const missing = parameters.avaxUsdMissing?.get(swap.blockNumber)
      const period =
        v.usd.method === 'GLOBAL' || v.avax.method === 'GLOBAL'
          ? (canonicalOf.get(`${swap.baseToken}:${swap.blockNumber}`)?.periodStart ?? null)
          : null
      record.swapValuations.push(
        toSwapRow(swap, v.usd, price, period, missing),
        toSwapRow(swap, v.avax, price, period, missing),
      )
    }
    for (const trade of block.trades) {
      const t = valueTrade({ trade, swapValues: values })
      record.tradeValuations.push(toTradeRow(trade, t.usd), toTradeRow(trade, t.avax))
    }
  }
  return record
}

export type CanonicalPriceAtBlockReturnType = {
  /** The price as of the block (what a GLOBAL swap in it is valued at); undefined when the window is empty. */
  price: CanonicalPrice | undefined
  /** The directly valued swaps of the token's pricing pools in the trailing window, up to the block. */
  window: DirectlyValuedSwap[]
}

/**
 * A token's canonical price as of a block, read back from the model database
 * the way {@link priceBlocks} computes it for a GLOBAL swap: the trailing
 * window's directly valued pricing-pool swaps up to and including the block,
 * continuing the last stored price before the block's period.
 */
export async function canonicalPriceAtBlock(parameters: {
  setup: ModelPricingSetup
  db: Pick<ModelDb, 'query'>
  token: string
  block: bigint
  /** The block's time (Unix seconds). */
  time: bigint
}): Promise<CanonicalPriceAtBlockReturnType> {
  const { setup, db, token, block, time } = parameters
  const window = (
    await readDirectlyValuedSwaps(db, {
      token,
      pools: poolsOf(setup, token),
      fromTime: BigInt(windowOpens(setup, time)),
      throughBlock: block,
    })
  ).filter((swap) => isPricingPoolAt(setup, swap.pool, swap.blockNumber))
  const { periodSeconds } = setup.canonical
  const previous = await readCanonicalPriceBefore(db, {
    token,
    periodSeconds,
    before: periodOf(time, periodSeconds),
  })
  const decimals = setup.tokens.get(token)?.decimals ?? 18
  const price = priceAsOf(
    setup,
    token,
    window.map((swap) => ({ ...swap, token, baseDecimals: decimals })),
    previous && asPrevious(previous),
    time,
  )
  return { price, window }
}
