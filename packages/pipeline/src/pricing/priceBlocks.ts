import type {
  CanonicalPriceRow,
  ModelDb,
  PricingRecord,
  PricingSwapRow,
  PricingTradeRow,
  SwapValuationRow,
  TradeValuationRow,
} from '@idx/model-db'
import {
  type AvaxUsdPrice,
  asOfKey,
  type CanonicalPriceAsOf,
  canonicalWindow,
  createPacer,
  type ModelPricingSetup,
  type Pacer,
  priceCanonicalToken,
  pricingTokensOf,
  type SwapValues,
  valueDirectSwaps,
  valueGlobalSwaps,
  valueTrade,
  yieldToIo,
} from '@idx/pricing'
import type { PendingPricing } from './pendingPricing'
import { readCanonicalInputs, readCanonicalPeriods } from './readCanonicalInputs'
import {
  asPreviousCanonicalPrice,
  toCanonicalPriceRow,
  toSwapValuationRow,
  toTradeValuationRow,
} from './valuationRows'

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
  const pace = createPacer()

  // 1. Direct swaps.
  const { values, decisions, globalSwaps } = await valueDirectSwaps({ setup, blocks, avaxUsd, pace })

  // 2. Canonical prices of the tokens the pricing pools price, and of those GLOBAL swaps need.
  const first = parameters.blocks[0]!.header
  const last = parameters.blocks[parameters.blocks.length - 1]!.header
  const periods = await readCanonicalPeriods(db, setup.canonical.periodSeconds, first, last)
  record.canonicalPeriods = periods
  const canonicalAsOf = new Map<string, CanonicalPriceAsOf | undefined>()
  for (const token of new Set([...pricingTokensOf(setup), ...globalSwaps.map((s) => s.baseToken)])) {
    const { previous, earlier } = await readCanonicalInputs({
      db,
      setup,
      token,
      periods,
      first,
      last,
      pending,
    })
    const { prices, asOf } = await priceCanonicalToken({
      setup,
      token,
      window: canonicalWindow({ setup, token, earlier, blocks, values }),
      previous: previous && asPreviousCanonicalPrice(previous),
      from: periods.from,
      until: last.timestamp,
      globalSwaps,
    })
    record.canonicalPrices.push(...prices.map(toCanonicalPriceRow))
    for (const [block, price] of asOf) canonicalAsOf.set(asOfKey(token, block), price)
  }

  // 3. GLOBAL swaps.
  await yieldToIo()
  valueGlobalSwaps({ setup, globalSwaps, decisions, avaxUsd, canonicalAsOf, values })

  // 4. Rows, in block and log order; trades from their swaps.
  await yieldToIo()
  await appendValuationRows(record, { blocks, values, canonicalAsOf, parameters, pace })
  return record
}

/** Appends the blocks' swap and trade valuation rows to `record`, in block and log order. */
async function appendValuationRows(
  record: { swapValuations: SwapValuationRow[]; tradeValuations: TradeValuationRow[] },
  {
    blocks,
    values,
    canonicalAsOf,
    parameters,
    pace,
  }: {
    blocks: readonly PricingBlock[]
    values: ReadonlyMap<string, SwapValues>
    canonicalAsOf: ReadonlyMap<string, CanonicalPriceAsOf | undefined>
    parameters: Pick<PriceBlocksParameters, 'avaxUsd' | 'avaxUsdMissing'>
    pace: Pacer
  },
): Promise<void> {
  for (const block of blocks) {
    await pace(block.poolSwaps.length)
    for (const swap of block.poolSwaps) {
      const v = values.get(swap.id)!
      const price = parameters.avaxUsd.get(swap.blockNumber)
      const missing = parameters.avaxUsdMissing?.get(swap.blockNumber)
      const period =
        v.usd.method === 'GLOBAL' || v.avax.method === 'GLOBAL'
          ? (canonicalAsOf.get(asOfKey(swap.baseToken, swap.blockNumber))?.periodStart ?? null)
          : null
      record.swapValuations.push(
        toSwapValuationRow(swap, v.usd, price, period, missing),
        toSwapValuationRow(swap, v.avax, price, period, missing),
      )
    }
    for (const trade of block.trades) {
      const t = valueTrade({ trade, swapValues: values })
      record.tradeValuations.push(toTradeValuationRow(trade, t.usd), toTradeValuationRow(trade, t.avax))
    }
  }
}
