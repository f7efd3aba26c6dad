import { describe, expect, test } from 'vitest'
import {
  ALICE,
  BLOCKS,
  BLUB,
  BLUB_WAVAX_LB,
  BLUB_WAVAX_LFJ_V1,
  BOB,
  CHAIN_ID,
  LB_ROUTER_V2_2,
  LFJ_V1_ROUTER,
  ODOS_V2_ROUTER,
  USDT,
  USDT_WAVAX_V2,
  WAVAX,
} from '../_test/avalanche'
import { createTestBlock, packAmounts, testTrackedContracts } from '../_test/blocks'
import { lfjLbPairAbi, uniswapV2PairAbi } from '../abi/abis'
import type { SourceBlock } from '../block/types'
import { createTrackedContracts } from '../decode/createTrackedContracts'
import { decodeBlockLogs } from '../decode/decodeBlockLogs'
import type { TrackedContracts } from '../decode/types'
import { toPoolSwaps } from './toPoolSwaps'

const E18 = 10n ** 18n
const tracked = testTrackedContracts()

function swapsOf(block: SourceBlock, contracts: TrackedContracts = tracked) {
  return toPoolSwaps({ chainId: CHAIN_ID, block, events: decodeBlockLogs(block, contracts).events })
}

/** An LB Swap log's arguments for one bin (X is BLUB, Y is WAVAX in the tracked LB pair). */
function lbBin({
  id,
  inX = 0n,
  inY = 0n,
  outX = 0n,
  outY = 0n,
  protocolFeeX = 0n,
  protocolFeeY = 0n,
  to = ALICE,
  sender = LB_ROUTER_V2_2,
}: {
  id: number
  inX?: bigint
  inY?: bigint
  outX?: bigint
  outY?: bigint
  protocolFeeX?: bigint
  protocolFeeY?: bigint
  to?: `0x${string}`
  sender?: `0x${string}`
}) {
  return {
    sender,
    to,
    id,
    amountsIn: packAmounts(inX, inY),
    amountsOut: packAmounts(outX, outY),
    volatilityAccumulator: 0,
    totalFees: packAmounts(protocolFeeX * 4n, protocolFeeY * 4n),
    protocolFees: packAmounts(protocolFeeX, protocolFeeY),
  }
}

test('default: a V2 buy of the base token (LFJ v1 BLUB/WAVAX, base BLUB = token0)', () => {
  const block = createTestBlock({ number: BLOCKS.lfjV1Swap })
  const transaction = block.transaction({ from: ALICE, to: LFJ_V1_ROUTER })
  transaction.log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', {
    sender: LFJ_V1_ROUTER,
    amount0In: 0n,
    amount1In: 2n * E18,
    amount0Out: 9_870n * E18,
    amount1Out: 0n,
    to: ALICE,
  })
  const { swaps, issues } = swapsOf(block.build())
  expect(issues).toEqual([])
  expect(swaps).toEqual([
    {
      id: `43114:${transaction.hash}:0:pool_swap`,
      chainId: 43114,
      blockNumber: 61090576n,
      blockTimestamp: 1_733_000_000n,
      transactionHash: transaction.hash,
      transactionIndex: 0,
      logIndex: 0,
      kind: 'pool_swap',
      pool: BLUB_WAVAX_LFJ_V1,
      poolType: 'uniswap_v2_pair',
      taker: ALICE,
      sender: LFJ_V1_ROUTER,
      recipient: ALICE,
      direction: 'buy',
      baseToken: BLUB,
      quoteToken: WAVAX,
      baseAmount: 9_870n * E18,
      quoteAmount: 2n * E18,
      logIndexes: [0],
      binIds: [],
    },
  ])
})

describe('behavior: V2 pairs', () => {
  test('a sell of the base token', () => {
    const block = createTestBlock()
    block.transaction({ from: ALICE, to: LFJ_V1_ROUTER }).log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', {
      sender: LFJ_V1_ROUTER,
      amount0In: 1_000n * E18,
      amount1In: 0n,
      amount0Out: 0n,
      amount1Out: 19n * 10n ** 16n,
      to: ALICE,
    })
    expect(swapsOf(block.build()).swaps[0]).toMatchObject({
      direction: 'sell',
      baseToken: BLUB,
      baseAmount: 1_000n * E18,
      quoteToken: WAVAX,
      quoteAmount: 19n * 10n ** 16n,
    })
  })

  test('orientation when the base token is token1 (WAVAX/USDt: token0 USDt)', () => {
    const block = createTestBlock()
    const transaction = block.transaction({ from: ALICE, to: LFJ_V1_ROUTER })
    // Pays 25 USDt (token0), gets 1 WAVAX (token1): a buy of the base WAVAX.
    transaction.log(USDT_WAVAX_V2, uniswapV2PairAbi, 'Swap', {
      sender: LFJ_V1_ROUTER,
      amount0In: 25_000_000n,
      amount1In: 0n,
      amount0Out: 0n,
      amount1Out: E18,
      to: ALICE,
    })
    // Pays 2 WAVAX (token1), gets 49 USDt (token0): a sell of the base WAVAX.
    transaction.log(USDT_WAVAX_V2, uniswapV2PairAbi, 'Swap', {
      sender: LFJ_V1_ROUTER,
      amount0In: 0n,
      amount1In: 2n * E18,
      amount0Out: 49_000_000n,
      amount1Out: 0n,
      to: ALICE,
    })
    const { swaps } = swapsOf(block.build())
    expect(
      swaps.map(({ direction, baseToken, baseAmount, quoteToken, quoteAmount }) => ({
        direction,
        baseToken,
        baseAmount,
        quoteToken,
        quoteAmount,
      })),
    ).toEqual([
      { direction: 'buy', baseToken: WAVAX, baseAmount: E18, quoteToken: USDT, quoteAmount: 25_000_000n },
      {
        direction: 'sell',
        baseToken: WAVAX,
        baseAmount: 2n * E18,
        quoteToken: USDT,
        quoteAmount: 49_000_000n,
      },
    ])
  })

  test('orientation follows the configuration, not token0/token1 (BLUB/WAVAX priced as WAVAX in BLUB)', () => {
    const inverted = createTrackedContracts([
      { address: BLUB_WAVAX_LFJ_V1, type: 'uniswap_v2_pair', pool: { baseToken: WAVAX, quoteToken: BLUB } },
    ])
    const block = createTestBlock()
    block.transaction({ from: ALICE, to: LFJ_V1_ROUTER }).log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', {
      sender: LFJ_V1_ROUTER,
      amount0In: 0n,
      amount1In: 2n * E18,
      amount0Out: 9_870n * E18,
      amount1Out: 0n,
      to: ALICE,
    })
    expect(swapsOf(block.build(), inverted).swaps[0]).toMatchObject({
      direction: 'sell',
      baseToken: WAVAX,
      baseAmount: 2n * E18,
      quoteToken: BLUB,
      quoteAmount: 9_870n * E18,
    })
  })

  test('the taker is the transaction sender; sender and recipient come from the log', () => {
    const block = createTestBlock()
    // Alice trades through an aggregator, which calls the pair and sends the output to Bob.
    block.transaction({ from: ALICE, to: ODOS_V2_ROUTER }).log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', {
      sender: ODOS_V2_ROUTER,
      amount0In: 0n,
      amount1In: E18,
      amount0Out: 4_000n * E18,
      amount1Out: 0n,
      to: BOB,
    })
    expect(swapsOf(block.build()).swaps[0]).toMatchObject({
      taker: ALICE,
      sender: ODOS_V2_ROUTER,
      recipient: BOB,
    })
  })

  test('net amounts when a token is both paid and received', () => {
    const block = createTestBlock()
    block.transaction({ from: ALICE, to: LFJ_V1_ROUTER }).log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', {
      sender: LFJ_V1_ROUTER,
      amount0In: 10n,
      amount1In: 5n,
      amount0Out: 110n,
      amount1Out: 1n,
      to: ALICE,
    })
    expect(swapsOf(block.build()).swaps[0]).toMatchObject({
      direction: 'buy',
      baseAmount: 100n,
      quoteAmount: 4n,
    })
  })

  test('a swap that is neither a buy nor a sell is an issue, not an error', () => {
    const block = createTestBlock()
    const transaction = block.transaction({ from: ALICE, to: LFJ_V1_ROUTER })
    transaction.log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', {
      sender: LFJ_V1_ROUTER,
      amount0In: 0n,
      amount1In: 0n,
      amount0Out: 5n,
      amount1Out: 0n,
      to: ALICE,
    })
    const { swaps, issues } = swapsOf(block.build())
    expect(swaps).toEqual([])
    expect(issues).toEqual([
      {
        pool: BLUB_WAVAX_LFJ_V1,
        transactionHash: transaction.hash,
        logIndex: 0,
        reason:
          'The swap cannot be oriented: the taker\'s base token balance changed by "5" and its quote token balance by "0".',
      },
    ])
  })
})

describe('behavior: LB pairs', () => {
  test('a one-bin swap: packed amounts, the input with its protocol fee', () => {
    const block = createTestBlock({ number: BLOCKS.lbSwap })
    const transaction = block.transaction({ from: ALICE, to: LB_ROUTER_V2_2 })
    // Pays WAVAX (Y) for BLUB (X): a buy of the base BLUB.
    transaction.log(
      BLUB_WAVAX_LB,
      lfjLbPairAbi,
      'Swap',
      lbBin({ id: 8_388_608, inY: 999n * 10n ** 15n, protocolFeeY: 10n ** 15n, outX: 5_000n * E18 }),
    )
    const { swaps } = swapsOf(block.build())
    expect(swaps).toEqual([
      expect.objectContaining({
        id: `43114:${transaction.hash}:0:pool_swap`,
        poolType: 'lfj_lb_pair',
        pool: BLUB_WAVAX_LB,
        taker: ALICE,
        sender: LB_ROUTER_V2_2,
        recipient: ALICE,
        direction: 'buy',
        baseToken: BLUB,
        baseAmount: 5_000n * E18,
        quoteToken: WAVAX,
        quoteAmount: E18,
        logIndexes: [0],
        binIds: [8_388_608],
      }),
    ])
  })

  test('a swap across three bins is one pool swap', () => {
    const block = createTestBlock({ number: BLOCKS.lbSwap })
    const transaction = block.transaction({ from: ALICE, to: LB_ROUTER_V2_2 })
    // Sells BLUB (X) for WAVAX (Y), crossing bins 8388608 → 8388606.
    transaction.log(
      BLUB_WAVAX_LB,
      lfjLbPairAbi,
      'Swap',
      lbBin({ id: 8_388_608, inX: 100n, protocolFeeX: 1n, outY: 50n }),
    )
    transaction.log(
      BLUB_WAVAX_LB,
      lfjLbPairAbi,
      'Swap',
      lbBin({ id: 8_388_607, inX: 200n, protocolFeeX: 2n, outY: 99n }),
    )
    transaction.log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', lbBin({ id: 8_388_606, inX: 30n, outY: 14n }))
    const { swaps } = swapsOf(block.build())
    expect(swaps).toHaveLength(1)
    expect(swaps[0]).toMatchObject({
      id: `43114:${transaction.hash}:0:pool_swap`,
      logIndex: 0,
      direction: 'sell',
      baseAmount: 333n,
      quoteAmount: 163n,
      logIndexes: [0, 1, 2],
      binIds: [8_388_608, 8_388_607, 8_388_606],
    })
  })

  test('two swap calls on one pair in a transaction stay two swaps', () => {
    const block = createTestBlock()
    const transaction = block.transaction({ from: ALICE, to: LB_ROUTER_V2_2 })
    transaction.log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', lbBin({ id: 8_388_608, inX: 100n, outY: 50n }))
    transaction.skip() // the token transfer into the pair for the second call
    transaction.log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', lbBin({ id: 8_388_607, inX: 100n, outY: 49n }))
    // Adjacent, but the other way round: a third swap.
    transaction.log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', lbBin({ id: 8_388_607, inY: 49n, outX: 98n }))
    // Adjacent, same way, but to another recipient: a fourth.
    transaction.log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', lbBin({ id: 8_388_607, inY: 1n, outX: 2n, to: BOB }))
    const { swaps } = swapsOf(block.build())
    expect(swaps.map((swap) => [swap.logIndexes, swap.direction, swap.recipient])).toEqual([
      [[0], 'sell', ALICE],
      [[2], 'sell', ALICE],
      [[3], 'buy', ALICE],
      [[4], 'buy', BOB],
    ])
  })

  test('orientation when the base token is token Y', () => {
    const yBase = createTrackedContracts([
      {
        address: BLUB_WAVAX_LB,
        type: 'lfj_lb_pair',
        pool: { baseToken: WAVAX, quoteToken: BLUB, token0: BLUB, token1: WAVAX },
      },
    ])
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: LB_ROUTER_V2_2 })
      .log(
        BLUB_WAVAX_LB,
        lfjLbPairAbi,
        'Swap',
        lbBin({ id: 8_388_608, inY: 10n, protocolFeeY: 1n, outX: 5_000n }),
      )
    expect(swapsOf(block.build(), yBase).swaps[0]).toMatchObject({
      direction: 'sell',
      baseToken: WAVAX,
      baseAmount: 11n,
      quoteToken: BLUB,
      quoteAmount: 5_000n,
    })
  })
})

describe('behavior', () => {
  test('other events are ignored', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: LFJ_V1_ROUTER })
      .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Sync', { reserve0: 1n, reserve1: 2n })
      .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Mint', { sender: LFJ_V1_ROUTER, amount0: 1n, amount1: 2n })
    expect(swapsOf(block.build())).toEqual({ swaps: [], issues: [] })
  })
})

describe('error', () => {
  test('a block without the transaction of a swap', () => {
    const block = createTestBlock({ number: 5n })
    block.transaction({ from: ALICE, to: LFJ_V1_ROUTER }).log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', {
      sender: LFJ_V1_ROUTER,
      amount0In: 0n,
      amount1In: 1n,
      amount0Out: 2n,
      amount1Out: 0n,
      to: ALICE,
    })
    const built = block.build()
    expect(() => swapsOf({ ...built, transactions: [] })).toThrowError(
      `Block "5" has logs of the transaction "${built.logs[0]!.transactionHash}", but not the transaction itself.`,
    )
  })

  test('a pool tracked without its tokens', () => {
    const handBuilt = new Map([
      [BLUB_WAVAX_LFJ_V1, { address: BLUB_WAVAX_LFJ_V1, type: 'uniswap_v2_pair' }],
    ] as const)
    const block = createTestBlock()
    block.transaction({ from: ALICE, to: LFJ_V1_ROUTER }).log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', {
      sender: LFJ_V1_ROUTER,
      amount0In: 0n,
      amount1In: 1n,
      amount0Out: 2n,
      amount1Out: 0n,
      to: ALICE,
    })
    expect(() => swapsOf(block.build(), handBuilt)).toThrowErrorMatchingInlineSnapshot(
      `[InvalidTrackedContractError: The tracked contract "0x39888258d60fed9228f89e13eb57a92f1fa832eb" (uniswap_v2_pair) is a pool, so it needs its base and quote tokens and its token0 and token1.]`,
    )
  })
})
