import { testDatabase } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createModelDb, type ModelDb } from '../client'
import { migrateModelDb } from '../migrations'
import { type SwapValuationRow, writePricing } from '../pricing'
import type { BlockRecord, PoolSwapRow, TradeRow } from '../writers/types'
import { markBlocksFailed, writeBlocks } from '../writers/writeBlocks'
import {
  countSwapsWithoutValuation,
  listMissingTables,
  listProcessedBlockHashes,
  readBlockRangeCounts,
  readPoolSwapTotals,
  readSwapValuationSummary,
  readTradeKinds,
  readTradeValuationSummary,
} from './blockRangeSummary'
import { inspectBlocks } from './inspectBlocks'
import { listSwapValuationsAt, readBlockGeneration } from './swapValuations'

const CHAIN = 43114
const POOL = `0x${'0b'.repeat(20)}`
const BLUB = `0x${'0c'.repeat(20)}`
const WAVAX = `0x${'0d'.repeat(20)}`
const ROUTER = `0x${'0e'.repeat(20)}`

/** Block `number` with `swaps` BLUB buys on one pool, each its own trade; odd transactions through a router. */
function block(number: bigint, swaps: number): BlockRecord {
  const timestamp = 1_700_000_000n + number * 2n
  const poolSwaps: PoolSwapRow[] = []
  const trades: TradeRow[] = []
  for (let i = 0; i < swaps; i++) {
    const tx = `0x${number.toString(16).padStart(32, '0')}${i.toString(16).padStart(32, '0')}`
    const event = { blockNumber: number, blockTimestamp: timestamp, transactionHash: tx, transactionIndex: i }
    const id = `${CHAIN}:${tx}:${2 * i}:pool_swap`
    poolSwaps.push({
      ...event,
      logIndex: 2 * i,
      id,
      pool: POOL,
      poolType: 'uniswap_v2_pair',
      taker: WAVAX,
      sender: WAVAX,
      recipient: WAVAX,
      direction: 'buy',
      baseToken: BLUB,
      quoteToken: WAVAX,
      baseAmount: 1000n,
      quoteAmount: 10n + BigInt(i),
      logIndexes: [2 * i],
      binIds: [],
    })
    trades.push({
      ...event,
      logIndex: 2 * i + 1,
      id: `${CHAIN}:${tx}:${2 * i + 1}:trade`,
      taker: WAVAX,
      wallet: WAVAX,
      tradeType: 'trade',
      route: [id],
      pools: [POOL],
      swapCount: 1,
      assetLegs: [id],
      tokenIn: WAVAX,
      amountIn: 10n,
      tokenOut: BLUB,
      amountOut: 1000n,
      direction: 'buy',
      baseToken: BLUB,
      quoteToken: WAVAX,
      baseAmount: 1000n,
      quoteAmount: 10n,
      netFlows: [
        { token: BLUB, amount: 1000n },
        { token: WAVAX, amount: -10n },
      ],
      router: i % 2 === 1 ? ROUTER : null,
      routerLabel: i % 2 === 1 ? 'Router' : null,
      aggregatorTokenIn: null,
      aggregatorAmountIn: null,
      aggregatorTokenOut: null,
      aggregatorAmountOut: null,
    })
  }
  return {
    header: { number, hash: `0xh${number}`, parentHash: `0xh${number - 1n}`, timestamp },
    logCount: 2 * swaps,
    transactions: [],
    transfers: [],
    poolSwaps,
    trades,
    liquidityEvents: [],
    positions: [],
    feedAnswers: [],
    undecodable: [],
    generation: 7,
  }
}

/** Every swap valued 2.5 AVAX; in USD 50 in an even transaction, else an ERROR. */
function swapValuations(records: BlockRecord[]): SwapValuationRow[] {
  return records.flatMap((record) =>
    record.poolSwaps.flatMap((swap) => {
      const base = {
        blockNumber: swap.blockNumber,
        logIndex: swap.logIndex,
        tier: 'model_config' as const,
        configId: 1,
        contractId: null,
        canonicalPeriodStart: null,
        stale: null,
        avaxUsd: null,
        avaxUsdBlock: null,
      }
      return [
        {
          ...base,
          denomination: 'AVAX' as const,
          method: 'DIRECT_AVAX' as const,
          value: '2.5',
          price: '0.0025',
          errorCode: null,
          reason: null,
        },
        swap.transactionIndex % 2 === 0
          ? {
              ...base,
              denomination: 'USD' as const,
              method: 'DIRECT_AVAX' as const,
              value: '50',
              price: '0.05',
              errorCode: null,
              reason: null,
            }
          : {
              ...base,
              denomination: 'USD' as const,
              method: 'ERROR' as const,
              value: null,
              price: null,
              errorCode: 'no_avax_usd_price',
              reason: 'No AVAX/USD price.',
            },
      ]
    }),
  )
}

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  const database = testDatabase(kind, { kind: 'model', model: 'range_summary' })
  let db: ModelDb
  const records = [block(100n, 3), block(101n, 1)]
  beforeAll(async () => {
    await migrateModelDb({ target: database.target })
    db = await createModelDb({ target: database.target })
    await writeBlocks(db, records)
    await markBlocksFailed(db, [
      { header: { number: 102n, hash: '0xh102', parentHash: '0xh101', timestamp: 1n }, error: 'bad' },
    ])
  })
  afterAll(async () => {
    await db?.close()
    await database.drop()
  })

  // In order: before the swaps are valued, then after.
  test('behavior: before valuation, counts and totals of the range, every swap without a valuation', async () => {
    expect(await listMissingTables(db, ['swap_valuation', 'no_such_table', 'trade'])).toEqual([
      'no_such_table',
    ])
    expect(await readBlockRangeCounts(db, { from: 100n, to: 102n })).toEqual({
      done: 2,
      failed: 1,
      swaps: 4,
      trades: 4,
      transfers: 0,
      liquidityEvents: 0,
      feedAnswers: 0,
    })
    expect(await readBlockRangeCounts(db, { from: 101n, to: 101n })).toMatchObject({ done: 1, swaps: 1 })
    expect(await readPoolSwapTotals(db, { from: 100n, to: 102n })).toEqual([
      { pool: POOL, swaps: 4, baseAmount: 4000n, quoteAmount: 10n + 11n + 12n + 10n },
    ])
    expect(await readTradeKinds(db, { from: 100n, to: 102n })).toEqual({
      buys: 4,
      sells: 0,
      arbitrages: 0,
      split: 0,
      multiHop: 0,
      forOtherWallets: 0,
      byRouter: [
        { router: null, label: null, trades: 3 },
        { router: ROUTER, label: 'Router', trades: 1 },
      ],
    })
    expect(await listProcessedBlockHashes(db)).toEqual([
      { number: 100n, hash: '0xh100' },
      { number: 101n, hash: '0xh101' },
      { number: 102n, hash: '0xh102' },
    ])
    expect(await countSwapsWithoutValuation(db)).toBe(4)
    expect(await readBlockGeneration(db, 100n)).toBe(7)
    expect(await readBlockGeneration(db, 999n)).toBeUndefined()
  })

  test('behavior: after valuation, what was valued, how, and what was not and why', async () => {
    await writePricing(db, {
      blocks: [100n, 101n],
      swapValuations: swapValuations(records),
      tradeValuations: [],
      canonicalPrices: [],
    })
    expect(await countSwapsWithoutValuation(db)).toBe(0)
    // Transactions 0 and 2 of block 100 and 0 of block 101 are valued in USD; transaction 1 of block 100 is not.
    expect(await readSwapValuationSummary(db, { from: 100n, to: 101n })).toEqual({
      valued: 3,
      notValued: 1,
      methods: [
        { denomination: 'AVAX', method: 'DIRECT_AVAX', swaps: 4 },
        { denomination: 'USD', method: 'DIRECT_AVAX', swaps: 3 },
      ],
      errors: [
        { denomination: 'USD', errorCode: 'no_avax_usd_price', reason: 'No AVAX/USD price.', swaps: 1 },
      ],
      withoutValuation: 0,
      poolValues: expect.arrayContaining([
        { pool: POOL, denomination: 'AVAX', value: '10' },
        { pool: POOL, denomination: 'USD', value: '150' },
      ]),
      totals: { avax: '10', usd: '150' },
    })
    expect(await readTradeValuationSummary(db, { from: 100n, to: 101n })).toEqual({
      valued: 0,
      notValued: 4,
      volumeAvax: '0',
      volumeUsd: '0',
    })
    // By log index, then denomination in the enum's order (USD first).
    expect(await listSwapValuationsAt(db, { pool: POOL, block: 101n })).toEqual([
      expect.objectContaining({
        denomination: 'USD',
        method: 'DIRECT_AVAX',
        configId: 1,
        tier: 'model_config',
      }),
      expect.objectContaining({
        denomination: 'AVAX',
        method: 'DIRECT_AVAX',
        value: expect.stringMatching(/^2\.50*$/),
      }),
    ])

    const inspected = await inspectBlocks(db, { priced: true })
    expect(inspected).toMatchObject({
      first: '100',
      last: '102',
      done: 2,
      failed: 1,
      failedBlocks: [{ number: '102', error: 'bad' }],
      latestSwap: { blockNumber: '101', pool: POOL, direction: 'buy', baseAmount: '1000', quoteAmount: '10' },
      trades: {
        byType: [{ type: 'trade', direction: 'buy', trades: 4 }],
        forOtherWallets: 0,
      },
    })
    expect(inspected.latestSwap?.usd).toMatchObject({ method: 'DIRECT_AVAX', reason: null })
    expect((await inspectBlocks(db, { priced: false })).latestSwap?.usd).toBeNull()
  })
})
