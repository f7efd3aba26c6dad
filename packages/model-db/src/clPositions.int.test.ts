import { testDatabase } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createModelDb, type ModelDb } from './client'
import { listClPositions } from './clPositions'
import { migrateModelDb } from './migrations'
import type { BlockRecord, ClPositionEventRow } from './writers/types'
import { writeBlocks } from './writers/writeBlocks'

const TX = '0x2222222222222222222222222222222222222222222222222222222222222222'
const POOL = '0x3fc41c1ae339322ab87b6ba48e30781d88a304d4'
const OTHER_POOL = '0x00000000000000000000000000000000000a0006'
const MANAGER = '0x00000000000000000000000000000000000a0007'
const BLUB = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
const WAVAX = '0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7'
const ALICE = '0x00000000000000000000000000000000000a11ce'
const BOB = '0x0000000000000000000000000000000000000b0b'
const ZERO = '0x0000000000000000000000000000000000000000'

type Step =
  | { action: 'transfer'; tokenId: bigint; from: string; to: string }
  | {
      action: 'increase' | 'decrease'
      tokenId: bigint
      pool: string
      range: [number, number]
      liquidity: bigint
    }

/** A block whose position events are `steps`, in log order (one transaction). */
function block(number: bigint, steps: Step[]): BlockRecord {
  const base = {
    blockNumber: number,
    blockTimestamp: 1_700_000_000n + number,
    transactionHash: TX,
    transactionIndex: 0,
  }
  const events = steps.map((step, logIndex): ClPositionEventRow => {
    const common = {
      ...base,
      id: `43114:${TX}:${number}:${logIndex}:cl_position`,
      logIndex,
      manager: MANAGER,
    }
    if (step.action === 'transfer')
      return {
        ...common,
        action: 'transfer',
        tokenId: step.tokenId,
        pool: null,
        tickLower: null,
        tickUpper: null,
        liquidityDelta: 0n,
        baseToken: null,
        quoteToken: null,
        baseAmount: null,
        quoteAmount: null,
        from: step.from,
        to: step.to,
      }
    return {
      ...common,
      action: step.action,
      tokenId: step.tokenId,
      pool: step.pool,
      tickLower: step.range[0],
      tickUpper: step.range[1],
      liquidityDelta: step.action === 'increase' ? step.liquidity : -step.liquidity,
      baseToken: BLUB,
      quoteToken: WAVAX,
      baseAmount: 1n,
      quoteAmount: 2n,
      from: null,
      to: null,
    }
  })
  return {
    header: { number, hash: `0xh${number}`, parentHash: `0xh${number - 1n}`, timestamp: base.blockTimestamp },
    logCount: steps.length,
    transactions: [],
    transfers: [],
    poolSwaps: [],
    trades: [],
    liquidityEvents: [],
    positions: [],
    feedAnswers: [],
    undecodable: [],
    clPositionEvents: events,
    feeCollections: [
      {
        ...base,
        id: `43114:${TX}:${number}:99:fee_collection`,
        logIndex: 99,
        collection: 'position_collect',
        pool: POOL,
        poolType: 'uniswap_v3_pool',
        owner: MANAGER,
        recipient: ALICE,
        baseToken: BLUB,
        quoteToken: WAVAX,
        baseAmount: 10n ** 40n,
        quoteAmount: 3n,
        tickLower: -887_220,
        tickUpper: 887_220,
        positionTokenId: 1n,
      },
    ],
  }
}

const blocks = [
  block(100n, [
    { action: 'transfer', tokenId: 1n, from: ZERO, to: ALICE },
    { action: 'increase', tokenId: 1n, pool: POOL, range: [-887_220, 887_220], liquidity: 10n ** 30n },
    { action: 'transfer', tokenId: 2n, from: ZERO, to: ALICE },
    { action: 'increase', tokenId: 2n, pool: OTHER_POOL, range: [-60, 60], liquidity: 500n },
    // A position of an untracked pool: only its transfer is stored.
    { action: 'transfer', tokenId: 3n, from: ZERO, to: ALICE },
  ]),
  block(101n, [
    { action: 'decrease', tokenId: 1n, pool: POOL, range: [-887_220, 887_220], liquidity: 4n },
    { action: 'transfer', tokenId: 1n, from: ALICE, to: BOB },
    { action: 'decrease', tokenId: 2n, pool: OTHER_POOL, range: [-60, 60], liquidity: 500n },
  ]),
  block(102n, [{ action: 'transfer', tokenId: 2n, from: ALICE, to: ZERO }]),
]

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  const database = testDatabase(kind, { kind: 'model', model: 'cl_positions' })
  let db: ModelDb
  beforeAll(async () => {
    await migrateModelDb({ target: database.target })
    db = await createModelDb({ target: database.target })
    await writeBlocks(db, blocks)
  })
  afterAll(async () => {
    await db?.close()
    await database.drop()
  })

  test('default: positions from their events — pool and range of the first increase, summed liquidity, last owner', async () => {
    expect(await listClPositions(db)).toEqual([
      // Token 2 was burned at block 102; token 3 has no pool.
      {
        manager: MANAGER,
        tokenId: 1n,
        owner: BOB,
        pool: POOL,
        tickLower: -887_220,
        tickUpper: 887_220,
        liquidity: 10n ** 30n - 4n,
      },
    ])
  })

  test('behavior: as of a block, by owner, by pool', async () => {
    const asOf100 = await listClPositions(db, { asOfBlock: 100n })
    expect(asOf100.map((p) => [p.tokenId, p.owner, p.pool, p.liquidity])).toEqual([
      // Ordered by pool (0x…a0006 first), then token id.
      [2n, ALICE, OTHER_POOL, 500n],
      [1n, ALICE, POOL, 10n ** 30n],
    ])
    const asOf101 = await listClPositions(db, {
      asOfBlock: 101n,
      owner: ALICE.toUpperCase().replace('0X', '0x'),
    })
    expect(asOf101.map((p) => [p.tokenId, p.liquidity])).toEqual([[2n, 0n]])
    expect(await listClPositions(db, { asOfBlock: 101n, pool: POOL })).toHaveLength(1)
    expect(await listClPositions(db, { owner: ALICE })).toEqual([])
  })

  test('behavior: writing the blocks again leaves the same rows, amounts to the wei', async () => {
    const dump = async () => ({
      events: await db.query('select * from cl_position_event order by id'),
      fees: await db.query(
        'select id, base_amount::text, position_token_id::text from fee_collection order by id',
      ),
    })
    const before = await dump()
    await writeBlocks(db, blocks)
    expect(await dump()).toEqual(before)
    expect(before.fees[0]).toEqual({
      id: `43114:${TX}:100:99:fee_collection`,
      base_amount: `${10n ** 40n}`,
      position_token_id: '1',
    })
  })
})
