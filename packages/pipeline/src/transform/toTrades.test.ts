import { describe, expect, test } from 'vitest'
import {
  ALICE,
  BLUB,
  BLUB_WAVAX_LB,
  BLUB_WAVAX_LFJ_V1,
  BOB,
  CHAIN_ID,
  LB_ROUTER_V2_2,
  LFJ_V1_ROUTER,
  ODOS_V2_ROUTER,
  USDC,
  WAVAX,
  WAVAX_USDC_V2,
} from '../_test/avalanche'
import { createTestBlock, packAmounts, testTrackedContracts } from '../_test/blocks'
import { lfjLbPairAbi, uniswapV2PairAbi } from '../abi/abis'
import type { SourceBlock } from '../block/types'
import { decodeBlockLogs } from '../decode/decodeBlockLogs'
import { toPoolSwaps } from './toPoolSwaps'
import { toTrades } from './toTrades'

const E18 = 10n ** 18n
const tracked = testTrackedContracts()

function tradesOf(block: SourceBlock) {
  const { swaps } = toPoolSwaps({ chainId: CHAIN_ID, block, events: decodeBlockLogs(block, tracked).events })
  return { swaps, trades: toTrades(swaps) }
}

// WAVAX/USDC (synthetic pair): token0 WAVAX = base, token1 USDC = quote.
// BLUB/WAVAX on LFJ v1: token0 BLUB = base, token1 WAVAX = quote.

test("default: one swap is a trade with its swap's orientation", () => {
  const block = createTestBlock()
  const transaction = block.transaction({ from: ALICE, to: LFJ_V1_ROUTER })
  transaction.log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', {
    sender: LFJ_V1_ROUTER,
    amount0In: 0n,
    amount1In: E18,
    amount0Out: 4_000n * E18,
    amount1Out: 0n,
    to: ALICE,
  })
  const { swaps, trades } = tradesOf(block.build())
  expect(trades).toEqual([
    {
      id: `43114:${transaction.hash}:0:trade`,
      chainId: 43114,
      blockNumber: 63269916n,
      blockTimestamp: 1_733_000_000n,
      transactionHash: transaction.hash,
      transactionIndex: 0,
      logIndex: 0,
      kind: 'trade',
      taker: ALICE,
      route: [swaps[0]!.id],
      pools: [BLUB_WAVAX_LFJ_V1],
      swapCount: 1,
      tokenIn: WAVAX,
      amountIn: E18,
      tokenOut: BLUB,
      amountOut: 4_000n * E18,
      direction: 'buy',
      baseToken: BLUB,
      baseAmount: 4_000n * E18,
      quoteToken: WAVAX,
      quoteAmount: E18,
    },
  ])
})

describe('behavior', () => {
  test('a multi-hop buy: USDC → WAVAX → BLUB buys BLUB with USDC', () => {
    const block = createTestBlock()
    const transaction = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    transaction.skip() // USDC into the first pair
    transaction.log(WAVAX_USDC_V2, uniswapV2PairAbi, 'Swap', {
      sender: ODOS_V2_ROUTER,
      amount0In: 0n,
      amount1In: 50_000_000n,
      amount0Out: 2n * E18,
      amount1Out: 0n,
      to: BLUB_WAVAX_LFJ_V1,
    })
    transaction.log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', {
      sender: ODOS_V2_ROUTER,
      amount0In: 0n,
      amount1In: 2n * E18,
      amount0Out: 8_000n * E18,
      amount1Out: 0n,
      to: ALICE,
    })
    const { swaps, trades } = tradesOf(block.build())
    expect(swaps.map((swap) => swap.direction)).toEqual(['buy', 'buy'])
    expect(trades).toHaveLength(1)
    expect(trades[0]).toMatchObject({
      id: `43114:${transaction.hash}:1:trade`,
      logIndex: 1,
      route: [`43114:${transaction.hash}:1:pool_swap`, `43114:${transaction.hash}:2:pool_swap`],
      pools: [WAVAX_USDC_V2, BLUB_WAVAX_LFJ_V1],
      swapCount: 2,
      tokenIn: USDC,
      amountIn: 50_000_000n,
      tokenOut: BLUB,
      amountOut: 8_000n * E18,
      direction: 'buy',
      baseToken: BLUB,
      baseAmount: 8_000n * E18,
      quoteToken: USDC,
      quoteAmount: 50_000_000n,
    })
  })

  test('a multi-hop sell across V2 and LB: BLUB → WAVAX → USDC sells BLUB for USDC', () => {
    const block = createTestBlock()
    const transaction = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    // BLUB (X) into the LB pair, two bins, WAVAX (Y) out.
    for (const [id, inX, outY] of [
      [8_388_608, 600n * E18, 12n * 10n ** 16n],
      [8_388_607, 400n * E18, 8n * 10n ** 16n],
    ] as const)
      transaction.log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', {
        sender: LB_ROUTER_V2_2,
        to: WAVAX_USDC_V2,
        id,
        amountsIn: packAmounts(inX, 0n),
        amountsOut: packAmounts(0n, outY),
        volatilityAccumulator: 0,
        totalFees: packAmounts(0n, 0n),
        protocolFees: packAmounts(0n, 0n),
      })
    transaction.log(WAVAX_USDC_V2, uniswapV2PairAbi, 'Swap', {
      sender: ODOS_V2_ROUTER,
      amount0In: 2n * 10n ** 17n,
      amount1In: 0n,
      amount0Out: 0n,
      amount1Out: 5_000_000n,
      to: ALICE,
    })
    const { trades } = tradesOf(block.build())
    expect(trades).toHaveLength(1)
    expect(trades[0]).toMatchObject({
      route: [`43114:${transaction.hash}:0:pool_swap`, `43114:${transaction.hash}:2:pool_swap`],
      pools: [BLUB_WAVAX_LB, WAVAX_USDC_V2],
      swapCount: 2,
      direction: 'sell',
      tokenIn: BLUB,
      amountIn: 1_000n * E18,
      tokenOut: USDC,
      amountOut: 5_000_000n,
      baseToken: BLUB,
      baseAmount: 1_000n * E18,
      quoteToken: USDC,
      quoteAmount: 5_000_000n,
    })
  })

  test('each transaction is its own trade, in block order', () => {
    const block = createTestBlock()
    const swap = {
      sender: LFJ_V1_ROUTER,
      amount0In: 0n,
      amount1In: E18,
      amount0Out: 10n,
      amount1Out: 0n,
      to: ALICE,
    }
    const first = block.transaction({ from: ALICE, to: LFJ_V1_ROUTER })
    first.log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', swap)
    const second = block.transaction({ from: BOB, to: LFJ_V1_ROUTER })
    second.log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', { ...swap, to: BOB })
    const { trades } = tradesOf(block.build())
    expect(trades.map((trade) => [trade.id, trade.taker, trade.swapCount])).toEqual([
      [`43114:${first.hash}:0:trade`, ALICE, 1],
      [`43114:${second.hash}:1:trade`, BOB, 1],
    ])
  })

  test('no swaps, no trades', () => {
    expect(toTrades([])).toEqual([])
  })

  test('the order of the swaps given does not matter', () => {
    const block = createTestBlock()
    const transaction = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    transaction.log(WAVAX_USDC_V2, uniswapV2PairAbi, 'Swap', {
      sender: ODOS_V2_ROUTER,
      amount0In: 0n,
      amount1In: 50n,
      amount0Out: 2n,
      amount1Out: 0n,
      to: BLUB_WAVAX_LFJ_V1,
    })
    transaction.log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', {
      sender: ODOS_V2_ROUTER,
      amount0In: 0n,
      amount1In: 2n,
      amount0Out: 8n,
      amount1Out: 0n,
      to: ALICE,
    })
    const { swaps, trades } = tradesOf(block.build())
    expect(toTrades([...swaps].reverse())).toEqual(trades)
  })
})
