import { testDatabase } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  doneBlockNumbers,
  failedBlocks,
  getProcessedHeader,
  latestProcessedHeader,
  rangeProgress,
} from '../blocks'
import { createModelDb, type ModelDb } from '../client'
import { migrateModelDb } from '../migrations'
import type { BlockRecord } from './types'
import { deleteBlocksFrom, markBlocksFailed, writeBlocks } from './writeBlocks'

const TX = '0x1111111111111111111111111111111111111111111111111111111111111111'
const POOL = '0x39888258d60fed9228f89e13eb57a92f1fa832eb'
const BLUB = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
const WAVAX = '0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7'
const ALICE = '0x00000000000000000000000000000000000a11ce'
const ROUTER = '0x88de50b233052e4fb783d4f6db78cc34fea3e9fc'
const ZERO = '0x0000000000000000000000000000000000000000'

function record(number: bigint, big = 10n ** 30n): BlockRecord {
  const base = {
    blockNumber: number,
    blockTimestamp: 1_700_000_000n + number,
    transactionHash: TX,
    transactionIndex: 0,
  }
  const swapId = `43114:${TX}:${number}1:pool_swap`
  return {
    header: {
      number,
      hash: `0xh${number}`,
      parentHash: `0xh${number - 1n}`,
      timestamp: 1_700_000_000n + number,
    },
    logCount: 3,
    transactions: [
      {
        hash: `${TX.slice(0, -4)}${number.toString().padStart(4, '0')}`,
        index: 0,
        from: ALICE,
        to: POOL,
        logCount: 3,
      },
    ],
    transfers: [
      {
        ...base,
        id: `43114:${TX}:${number}0:transfer`,
        logIndex: 0,
        token: BLUB,
        from: ALICE,
        to: POOL,
        amount: big,
        cause: 'transfer',
      },
    ],
    poolSwaps: [
      {
        ...base,
        id: swapId,
        logIndex: 1,
        pool: POOL,
        poolType: 'uniswap_v2_pair',
        taker: ALICE,
        sender: ALICE,
        recipient: ALICE,
        direction: 'sell',
        baseToken: BLUB,
        quoteToken: WAVAX,
        baseAmount: big,
        quoteAmount: 1n,
        logIndexes: [1],
        binIds: [],
      },
    ],
    trades: [
      {
        ...base,
        id: `43114:${TX}:${number}1:trade`,
        logIndex: 1,
        taker: ALICE,
        wallet: ALICE,
        tradeType: 'trade',
        route: [swapId],
        pools: [POOL],
        swapCount: 1,
        assetLegs: [swapId],
        tokenIn: BLUB,
        amountIn: big,
        tokenOut: WAVAX,
        amountOut: 1n,
        direction: 'sell',
        baseToken: BLUB,
        quoteToken: WAVAX,
        baseAmount: big,
        quoteAmount: 1n,
        netFlows: [
          { token: BLUB, amount: -big },
          { token: WAVAX, amount: 1n },
        ],
        router: ROUTER,
        routerLabel: 'Odos v2 router',
        aggregatorTokenIn: BLUB,
        aggregatorAmountIn: big,
        aggregatorTokenOut: ZERO,
        aggregatorAmountOut: 2n ** 200n,
      },
    ],
    liquidityEvents: [],
    positions: [
      {
        ...base,
        id: `43114:${TX}:${number}2:position:from`,
        logIndex: 2,
        pool: POOL,
        poolType: 'uniswap_v2_pair',
        holder: ALICE,
        amount: -5n,
        binId: null,
        cause: 'transfer',
        counterparty: POOL,
      },
    ],
    feedAnswers: [],
    undecodable: [
      { transactionHash: TX, logIndex: 3, address: POOL, reason: 'The log has an unknown event selector.' },
    ],
  }
}

async function dump(db: ModelDb) {
  const tables = ['processed_transaction', 'transfer', 'pool_swap', 'trade', 'position', 'undecodable_log']
  const out: Record<string, unknown[]> = {}
  for (const table of tables) out[table] = await db.query(`select * from "${table}" order by 1`)
  out.processed_block = await db.query(
    'select number::text, hash, status::text, error, log_count, swap_count, trade_count from processed_block order by number',
  )
  return out
}

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  const database = testDatabase(kind, { kind: 'model', model: 'writers' })
  let db: ModelDb
  beforeAll(async () => {
    await migrateModelDb({ target: database.target })
    db = await createModelDb({ target: database.target })
  })
  afterAll(async () => {
    await db?.close()
    await database.drop()
  })

  test('default: whole blocks are written exactly, amounts to the wei', async () => {
    await writeBlocks(db, [record(10n), record(11n, 1n)])
    const swap = await db.client.poolSwap.findUniqueOrThrow({ where: { id: `43114:${TX}:101:pool_swap` } })
    expect(swap.baseAmount.toFixed()).toBe('1000000000000000000000000000000')
    expect(swap).toMatchObject({
      direction: 'sell',
      logIndexes: [1],
      binIds: [],
      tradeId: `43114:${TX}:101:trade`,
    })
    expect(swap.blockTime.toISOString()).toBe('2023-11-14T22:13:30.000Z')
    const trade = await db.client.trade.findUniqueOrThrow({ where: { id: `43114:${TX}:111:trade` } })
    expect(trade).toMatchObject({ route: [`43114:${TX}:111:pool_swap`], pools: [POOL], swapCount: 1 })
    const wide = await db.client.trade.findUniqueOrThrow({ where: { id: `43114:${TX}:101:trade` } })
    expect(wide).toMatchObject({
      wallet: ALICE,
      tradeType: 'trade',
      assetLegs: [`43114:${TX}:101:pool_swap`],
      direction: 'sell',
      // Amounts beyond JSON's numbers stay exact: strings.
      netFlows: { [BLUB]: `-${10n ** 30n}`, [WAVAX]: '1' },
      router: ROUTER,
      routerLabel: 'Odos v2 router',
      aggregatorTokenIn: BLUB,
      aggregatorTokenOut: ZERO,
    })
    expect(wide.aggregatorAmountIn?.toFixed()).toBe((10n ** 30n).toString())
    expect(wide.aggregatorAmountOut?.toFixed()).toBe((2n ** 200n).toString())
    expect((await db.client.position.findFirstOrThrow()).amount.toFixed()).toBe('-5')
    expect(await getProcessedHeader(db, 11n)).toEqual({
      number: 11n,
      hash: '0xh11',
      parentHash: '0xh10',
      timestamp: 1_700_000_011n,
      status: 'done',
    })
    expect([...(await doneBlockNumbers(db, { from: 0n, to: 100n }))].sort()).toEqual([10n, 11n])
  })

  test('behavior: writing the same blocks again leaves the same rows', async () => {
    const before = await dump(db)
    await writeBlocks(db, [record(10n), record(11n, 1n)])
    expect(await dump(db)).toEqual(before)
  })

  test('behavior: a failing batch writes nothing', async () => {
    const before = await dump(db)
    const bad = record(12n)
    // A negative transfer amount violates the table's check: the whole batch rolls back.
    const broken = { ...bad, transfers: [{ ...bad.transfers[0]!, amount: -1n }] }
    await expect(writeBlocks(db, [record(13n), broken])).rejects.toThrow(/transfer_amount/)
    expect(await dump(db)).toEqual(before)
  })

  test('behavior: a failed block is marked with its error and keeps no rows', async () => {
    await markBlocksFailed(db, [{ header: record(11n).header, error: 'The source returned no receipt.' }])
    expect(await failedBlocks(db)).toEqual([
      { number: 11n, error: 'The source returned no receipt.', attempts: 3 },
    ])
    expect(await db.client.poolSwap.count({ where: { blockNumber: 11n } })).toBe(0)
    expect(await rangeProgress(db, { from: 10n, to: 14n })).toEqual({ done: 1, failed: 1, pending: 3 })
  })

  test('behavior: deleting from a block removes it and everything after, with their rows', async () => {
    await writeBlocks(db, [record(11n), record(12n), record(13n)])
    expect(await deleteBlocksFrom(db, 12n)).toBe(2)
    expect((await latestProcessedHeader(db))?.number).toBe(11n)
    expect(await db.client.transfer.count({ where: { blockNumber: { gte: 12n } } })).toBe(0)
    expect(await db.client.transfer.count()).toBe(2)
  })
})
