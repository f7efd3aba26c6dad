import type { Address } from 'viem'
import { describe, expect, test } from 'vitest'
import {
  ALICE,
  BLUB,
  BLUB_USDC_V2,
  BLUB_WAVAX_LB,
  BLUB_WAVAX_LFJ_V1,
  BLUB_WAVAX_V2_B,
  BOB,
  CAROL,
  CHAIN_ID,
  LB_ROUTER_V2_2,
  LFJ_AGGREGATOR,
  LFJ_V1_ROUTER,
  ODOS_V2_ROUTER,
  USDC,
  WAVAX,
  WAVAX_USDC_V2,
  ZERO,
} from '../_test/avalanche'
import { createTestBlock, packAmounts, testTrackedContracts } from '../_test/blocks'
import { dexAggregatorAbi, lfjLbPairAbi, uniswapV2PairAbi } from '../abi/abis'
import type { SourceBlock } from '../block/types'
import { decodeBlockLogs } from '../decode/decodeBlockLogs'
import { toAggregatorOrders } from './toAggregatorOrders'
import { toPoolSwaps } from './toPoolSwaps'
import { toTrades } from './toTrades'

const E18 = 10n ** 18n
const E6 = 10n ** 6n
const tracked = testTrackedContracts()
const ROUTERS = new Map([
  [LFJ_AGGREGATOR as string, { label: 'LFJ aggregator' }],
  [ODOS_V2_ROUTER as string, { label: 'Odos v2 router' }],
  [LFJ_V1_ROUTER as string, { label: 'LFJ v1 router' }],
])

/** The block's trades for a model whose asset is BLUB, or (`null`) a model without one. */
function tradesOf(block: SourceBlock, asset: string | null = BLUB) {
  const targetAsset = asset ?? undefined
  const { events } = decodeBlockLogs(block, tracked)
  const { swaps } = toPoolSwaps({ chainId: CHAIN_ID, block, events })
  const orders = toAggregatorOrders({ events })
  const trades = toTrades({ swaps, transactions: block.transactions, orders, targetAsset, routers: ROUTERS })
  return { swaps, orders, trades }
}

type Tx = ReturnType<ReturnType<typeof createTestBlock>['transaction']>

// BLUB/WAVAX pools (LFJ v1, Pharaoh v1): token0 BLUB = base, token1 WAVAX = quote.
// WAVAX/USDC: token0 WAVAX = base, token1 USDC = quote. BLUB/USDC: token0 BLUB, token1 USDC.

/** WAVAX in, BLUB out of a BLUB/WAVAX V2 pool. */
const buyBlub = (tx: Tx, pool: Address, wavax: bigint, blub: bigint, to: Address = ALICE) =>
  tx.log(pool, uniswapV2PairAbi, 'Swap', {
    sender: ODOS_V2_ROUTER,
    amount0In: 0n,
    amount1In: wavax,
    amount0Out: blub,
    amount1Out: 0n,
    to,
  })
/** BLUB in, WAVAX out of a BLUB/WAVAX V2 pool. */
const sellBlub = (tx: Tx, pool: Address, blub: bigint, wavax: bigint, to: Address = ALICE) =>
  tx.log(pool, uniswapV2PairAbi, 'Swap', {
    sender: ODOS_V2_ROUTER,
    amount0In: blub,
    amount1In: 0n,
    amount0Out: 0n,
    amount1Out: wavax,
    to,
  })
/** USDC in, WAVAX out of WAVAX/USDC. */
const usdcToWavax = (tx: Tx, usdc: bigint, wavax: bigint, to: Address) =>
  tx.log(WAVAX_USDC_V2, uniswapV2PairAbi, 'Swap', {
    sender: ODOS_V2_ROUTER,
    amount0In: 0n,
    amount1In: usdc,
    amount0Out: wavax,
    amount1Out: 0n,
    to,
  })
/** The LFJ aggregator's order event. */
const lfjOrder = (
  tx: Tx,
  order: {
    sender: Address
    to: Address
    tokenIn: Address
    tokenOut: Address
    amountIn: bigint
    amountOut: bigint
  },
) => tx.log(LFJ_AGGREGATOR, dexAggregatorAbi, 'SwapExactIn', order)

describe('with the model asset (net flows)', () => {
  test('default: a split buy over two pools is one buy of their BLUB for their WAVAX', () => {
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    buyBlub(tx, BLUB_WAVAX_LFJ_V1, E18, 4_000n * E18)
    tx.skip()
    buyBlub(tx, BLUB_WAVAX_V2_B, E18 / 2n, 2_100n * E18)
    const { swaps, trades } = tradesOf(block.build())
    expect(trades).toEqual([
      {
        id: `43114:${tx.hash}:0:trade`,
        chainId: 43114,
        blockNumber: 63269916n,
        blockTimestamp: 1_733_000_000n,
        transactionHash: tx.hash,
        transactionIndex: 0,
        logIndex: 0,
        kind: 'trade',
        taker: ALICE,
        wallet: ALICE,
        tradeType: 'trade',
        route: swaps.map((swap) => swap.id),
        pools: [BLUB_WAVAX_LFJ_V1, BLUB_WAVAX_V2_B],
        swapCount: 2,
        assetLegs: swaps.map((swap) => swap.id),
        tokenIn: WAVAX,
        amountIn: E18 + E18 / 2n,
        tokenOut: BLUB,
        amountOut: 6_100n * E18,
        direction: 'buy',
        baseToken: BLUB,
        baseAmount: 6_100n * E18,
        quoteToken: WAVAX,
        quoteAmount: E18 + E18 / 2n,
        netFlows: [
          { token: BLUB, amount: 6_100n * E18 },
          { token: WAVAX, amount: -(E18 + E18 / 2n) },
        ],
        router: ODOS_V2_ROUTER,
        routerLabel: 'Odos v2 router',
        aggregatorTokenIn: null,
        aggregatorAmountIn: null,
        aggregatorTokenOut: null,
        aggregatorAmountOut: null,
      },
    ])
    // The route model (a model without an asset) pairs one leg's WAVAX with the other leg's BLUB.
    expect(tradesOf(block.build(), null).trades[0]).toMatchObject({
      amountIn: E18,
      amountOut: 2_100n * E18,
    })
  })

  test('behavior: a split sell over V2 and LB pools is one sell', () => {
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    sellBlub(tx, BLUB_WAVAX_LFJ_V1, 3_000n * E18, 7n * 10n ** 17n)
    // BLUB (X) into the LB pair over two bins, WAVAX (Y) out.
    for (const [id, inX, outY] of [
      [8_388_608, 600n * E18, 12n * 10n ** 16n],
      [8_388_607, 400n * E18, 8n * 10n ** 16n],
    ] as const)
      tx.log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', {
        sender: LB_ROUTER_V2_2,
        to: ALICE,
        id,
        amountsIn: packAmounts(inX, 0n),
        amountsOut: packAmounts(0n, outY),
        volatilityAccumulator: 0,
        totalFees: packAmounts(0n, 0n),
        protocolFees: packAmounts(0n, 0n),
      })
    const { trades } = tradesOf(block.build())
    expect(trades).toHaveLength(1)
    expect(trades[0]).toMatchObject({
      tradeType: 'trade',
      direction: 'sell',
      swapCount: 2,
      baseToken: BLUB,
      baseAmount: 4_000n * E18,
      quoteToken: WAVAX,
      quoteAmount: 9n * 10n ** 17n,
      tokenIn: BLUB,
      amountIn: 4_000n * E18,
      tokenOut: WAVAX,
      amountOut: 9n * 10n ** 17n,
    })
  })

  test('behavior: a multi-hop buy (USDC → WAVAX → BLUB) buys BLUB with USDC; WAVAX nets to zero and its hop is not an asset leg', () => {
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    usdcToWavax(tx, 50n * E6, 2n * E18, BLUB_WAVAX_LFJ_V1)
    buyBlub(tx, BLUB_WAVAX_LFJ_V1, 2n * E18, 8_000n * E18)
    const { swaps, trades } = tradesOf(block.build())
    expect(trades[0]).toMatchObject({
      route: swaps.map((swap) => swap.id),
      assetLegs: [swaps[1]!.id],
      direction: 'buy',
      baseAmount: 8_000n * E18,
      quoteToken: USDC,
      quoteAmount: 50n * E6,
      tokenIn: USDC,
      tokenOut: BLUB,
      netFlows: [
        { token: BLUB, amount: 8_000n * E18 },
        { token: WAVAX, amount: 0n },
        { token: USDC, amount: -50n * E6 },
      ],
    })
  })

  test('behavior: a split plus a hop: USDC → WAVAX, then WAVAX split over two BLUB pools', () => {
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    usdcToWavax(tx, 75n * E6, 3n * E18, ODOS_V2_ROUTER)
    buyBlub(tx, BLUB_WAVAX_LFJ_V1, 2n * E18, 8_000n * E18)
    buyBlub(tx, BLUB_WAVAX_V2_B, E18, 3_900n * E18)
    const { swaps, trades } = tradesOf(block.build())
    expect(trades[0]).toMatchObject({
      tradeType: 'trade',
      direction: 'buy',
      assetLegs: [swaps[1]!.id, swaps[2]!.id],
      baseAmount: 11_900n * E18,
      quoteToken: USDC,
      quoteAmount: 75n * E6,
    })
  })

  test('behavior: a cycle that returns the BLUB it bought is an arbitrage, with no direction', () => {
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    buyBlub(tx, BLUB_WAVAX_LFJ_V1, 10n * E18, 40_000n * E18)
    sellBlub(tx, BLUB_WAVAX_V2_B, 40_000n * E18, 10n * E18 + 3n * 10n ** 17n)
    const { swaps, trades } = tradesOf(block.build())
    expect(trades[0]).toMatchObject({
      tradeType: 'arbitrage',
      direction: null,
      assetLegs: swaps.map((swap) => swap.id),
      baseToken: BLUB,
      baseAmount: 0n,
      // What the cycle went through, and its result in it: 0.3 WAVAX.
      quoteToken: WAVAX,
      quoteAmount: 3n * 10n ** 17n,
      tokenIn: WAVAX,
      amountIn: 10n * E18,
      tokenOut: WAVAX,
      amountOut: 10n * E18 + 3n * 10n ** 17n,
      netFlows: [
        { token: BLUB, amount: 0n },
        { token: WAVAX, amount: 3n * 10n ** 17n },
      ],
    })
  })

  test('behavior: "≈ 0" is at most 1 basis point of the larger way the asset went', () => {
    const cycle = (kept: bigint) => {
      const block = createTestBlock()
      const tx = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
      buyBlub(tx, BLUB_WAVAX_LFJ_V1, 10n * E18, 40_000n * E18)
      sellBlub(tx, BLUB_WAVAX_V2_B, 40_000n * E18 - kept, 10n * E18 + 10n ** 17n)
      return tradesOf(block.build()).trades[0]!
    }
    // 40,000 BLUB in: 1 basis point is 4 BLUB.
    expect(cycle(4n * E18)).toMatchObject({ tradeType: 'arbitrage', direction: null, baseAmount: 4n * E18 })
    // One base unit more, and it is a buy of what it kept, paid with... nothing: no token went the other way.
    expect(cycle(4n * E18 + 1n)).toMatchObject({ tradeType: 'arbitrage', baseAmount: 4n * E18 + 1n })
    // Kept BLUB against WAVAX paid: a buy.
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    buyBlub(tx, BLUB_WAVAX_LFJ_V1, 10n * E18, 40_000n * E18)
    sellBlub(tx, BLUB_WAVAX_V2_B, 30_000n * E18, 7n * E18)
    expect(tradesOf(block.build()).trades[0]).toMatchObject({
      tradeType: 'trade',
      direction: 'buy',
      baseAmount: 10_000n * E18,
      quoteToken: WAVAX,
      quoteAmount: 3n * E18,
    })
  })

  test('behavior: paid in two tokens, the quote is the one the BLUB legs traded most BLUB against; every flow is kept', () => {
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    tx.log(BLUB_USDC_V2, uniswapV2PairAbi, 'Swap', {
      sender: ODOS_V2_ROUTER,
      amount0In: 0n,
      amount1In: 20n * E6,
      amount0Out: 1_000n * E18,
      amount1Out: 0n,
      to: ALICE,
    })
    buyBlub(tx, BLUB_WAVAX_LFJ_V1, E18, 4_000n * E18)
    expect(tradesOf(block.build()).trades[0]).toMatchObject({
      direction: 'buy',
      baseAmount: 5_000n * E18,
      quoteToken: WAVAX,
      quoteAmount: E18,
      netFlows: [
        { token: BLUB, amount: 5_000n * E18 },
        { token: WAVAX, amount: -E18 },
        { token: USDC, amount: -20n * E6 },
      ],
    })
  })

  test('behavior: swaps that never touch a pool of the asset make no trade', () => {
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    usdcToWavax(tx, 50n * E6, 2n * E18, ALICE)
    expect(tradesOf(block.build()).trades).toEqual([])
    // Without an asset, it is a trade (of its route).
    expect(tradesOf(block.build(), null).trades).toHaveLength(1)
  })
})

describe('wallets, routers and aggregators', () => {
  test("behavior: a router filling two wallets' orders in one transaction makes a trade for each", () => {
    const block = createTestBlock()
    // ALICE relays BOB's buy and CAROL's sell through the aggregator.
    const tx = block.transaction({ from: ALICE, to: LFJ_AGGREGATOR })
    buyBlub(tx, BLUB_WAVAX_LFJ_V1, E18, 4_000n * E18, LFJ_AGGREGATOR)
    buyBlub(tx, BLUB_WAVAX_V2_B, E18, 3_900n * E18, LFJ_AGGREGATOR)
    lfjOrder(tx, {
      sender: ALICE,
      to: BOB,
      tokenIn: WAVAX,
      tokenOut: BLUB,
      amountIn: 2n * E18,
      amountOut: 7_900n * E18,
    })
    sellBlub(tx, BLUB_WAVAX_LFJ_V1, 1_000n * E18, 24n * 10n ** 16n, LFJ_AGGREGATOR)
    lfjOrder(tx, {
      sender: ALICE,
      to: CAROL,
      tokenIn: BLUB,
      tokenOut: WAVAX,
      amountIn: 1_000n * E18,
      amountOut: 24n * 10n ** 16n,
    })
    const { swaps, trades } = tradesOf(block.build())
    expect(
      trades.map((trade) => ({
        id: trade.id,
        taker: trade.taker,
        wallet: trade.wallet,
        route: trade.route,
        direction: trade.direction,
        baseAmount: trade.baseAmount,
        quoteAmount: trade.quoteAmount,
        router: trade.router,
        routerLabel: trade.routerLabel,
        reported: [
          trade.aggregatorTokenIn,
          trade.aggregatorAmountIn,
          trade.aggregatorTokenOut,
          trade.aggregatorAmountOut,
        ],
      })),
    ).toEqual([
      {
        id: `43114:${tx.hash}:0:trade`,
        taker: ALICE,
        wallet: BOB,
        route: [swaps[0]!.id, swaps[1]!.id],
        direction: 'buy',
        baseAmount: 7_900n * E18,
        quoteAmount: 2n * E18,
        router: LFJ_AGGREGATOR,
        routerLabel: 'LFJ aggregator',
        reported: [WAVAX, 2n * E18, BLUB, 7_900n * E18],
      },
      {
        id: `43114:${tx.hash}:3:trade`,
        taker: ALICE,
        wallet: CAROL,
        route: [swaps[2]!.id],
        direction: 'sell',
        baseAmount: 1_000n * E18,
        quoteAmount: 24n * 10n ** 16n,
        router: LFJ_AGGREGATOR,
        routerLabel: 'LFJ aggregator',
        reported: [BLUB, 1_000n * E18, WAVAX, 24n * 10n ** 16n],
      },
    ])
  })

  test("behavior: the aggregator's own event says what the wallet paid: 500 USDC, where the tracked pools show WAVAX", () => {
    // The shape of real block 62288120: USDC → WAVAX on untracked pools, an Odos swap run by the
    // LFJ aggregator's executor inside, then the LFJ aggregator's order for the wallet.
    const executor: Address = '0xc04f291347d21dc663f7646056db22bff8ce8430'
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: LFJ_AGGREGATOR })
    tx.skip(3)
    buyBlub(tx, BLUB_WAVAX_LFJ_V1, 20n * E18, 80_000n * E18, ODOS_V2_ROUTER)
    tx.log(ODOS_V2_ROUTER, dexAggregatorAbi, 'Swap', {
      sender: executor,
      inputAmount: 500n * E6,
      inputToken: USDC,
      amountOut: 80_000n * E18,
      outputToken: BLUB,
      slippage: 5n,
      referralCode: 1,
    })
    lfjOrder(tx, {
      sender: ALICE,
      to: ALICE,
      tokenIn: USDC,
      tokenOut: BLUB,
      amountIn: 500n * E6,
      amountOut: 80_000n * E18,
    })
    const { orders, trades } = tradesOf(block.build())
    expect(orders.map((order) => [order.aggregator, order.event, order.wallet])).toEqual([
      [ODOS_V2_ROUTER, 'Swap', executor],
      [LFJ_AGGREGATOR, 'SwapExactIn', ALICE],
    ])
    expect(trades).toHaveLength(1)
    expect(trades[0]).toMatchObject({
      taker: ALICE,
      wallet: ALICE,
      direction: 'buy',
      quoteToken: WAVAX,
      quoteAmount: 20n * E18,
      router: LFJ_AGGREGATOR,
      aggregatorTokenIn: USDC,
      aggregatorAmountIn: 500n * E6,
      aggregatorTokenOut: BLUB,
      aggregatorAmountOut: 80_000n * E18,
    })
  })

  test("behavior: an Odos order is its sender's; its native coin is the zero address", () => {
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    sellBlub(tx, BLUB_WAVAX_LFJ_V1, 1_000n * E18, E18 / 4n, ODOS_V2_ROUTER)
    tx.log(ODOS_V2_ROUTER, dexAggregatorAbi, 'Swap', {
      sender: ALICE,
      inputAmount: 1_000n * E18,
      inputToken: BLUB,
      amountOut: E18 / 4n - 100n,
      outputToken: ZERO,
      slippage: -100n,
      referralCode: 0,
    })
    expect(tradesOf(block.build()).trades[0]).toMatchObject({
      wallet: ALICE,
      direction: 'sell',
      aggregatorTokenIn: BLUB,
      aggregatorTokenOut: ZERO,
      aggregatorAmountOut: E18 / 4n - 100n,
    })
  })

  test("behavior: one wallet's orders make one trade; reported amounts add up only when they share their tokens", () => {
    const build = (secondTokenOut: Address) => {
      const block = createTestBlock()
      const tx = block.transaction({ from: BOB, to: LFJ_AGGREGATOR })
      buyBlub(tx, BLUB_WAVAX_LFJ_V1, E18, 4_000n * E18, BOB)
      lfjOrder(tx, {
        sender: BOB,
        to: BOB,
        tokenIn: WAVAX,
        tokenOut: BLUB,
        amountIn: E18,
        amountOut: 4_000n * E18,
      })
      buyBlub(tx, BLUB_WAVAX_V2_B, E18, 3_000n * E18, BOB)
      lfjOrder(tx, {
        sender: BOB,
        to: BOB,
        tokenIn: WAVAX,
        tokenOut: secondTokenOut,
        amountIn: E18,
        amountOut: 3_000n * E18,
      })
      return tradesOf(block.build()).trades
    }
    const same = build(BLUB)
    expect(same).toHaveLength(1)
    expect(same[0]).toMatchObject({
      wallet: BOB,
      swapCount: 2,
      baseAmount: 7_000n * E18,
      aggregatorAmountIn: 2n * E18,
      aggregatorAmountOut: 7_000n * E18,
    })
    expect(build(USDC)[0]).toMatchObject({
      baseAmount: 7_000n * E18,
      aggregatorTokenIn: null,
      aggregatorAmountIn: null,
    })
  })

  test('behavior: no router for a transaction sent to an unlabelled contract', () => {
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: '0x00000000000000000000000000000000000b0700' })
    buyBlub(tx, BLUB_WAVAX_LFJ_V1, E18, 4_000n * E18)
    expect(tradesOf(block.build()).trades[0]).toMatchObject({
      router: null,
      routerLabel: null,
      wallet: ALICE,
    })
  })
})

describe('without the model asset (routes)', () => {
  test("default: one swap is a trade with its swap's orientation", () => {
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: LFJ_V1_ROUTER })
    buyBlub(tx, BLUB_WAVAX_LFJ_V1, E18, 4_000n * E18)
    const { swaps, trades } = tradesOf(block.build(), null)
    expect(trades).toEqual([
      {
        id: `43114:${tx.hash}:0:trade`,
        chainId: 43114,
        blockNumber: 63269916n,
        blockTimestamp: 1_733_000_000n,
        transactionHash: tx.hash,
        transactionIndex: 0,
        logIndex: 0,
        kind: 'trade',
        taker: ALICE,
        wallet: ALICE,
        tradeType: 'trade',
        route: [swaps[0]!.id],
        pools: [BLUB_WAVAX_LFJ_V1],
        swapCount: 1,
        assetLegs: [swaps[0]!.id],
        tokenIn: WAVAX,
        amountIn: E18,
        tokenOut: BLUB,
        amountOut: 4_000n * E18,
        direction: 'buy',
        baseToken: BLUB,
        baseAmount: 4_000n * E18,
        quoteToken: WAVAX,
        quoteAmount: E18,
        netFlows: [
          { token: BLUB, amount: 4_000n * E18 },
          { token: WAVAX, amount: -E18 },
        ],
        router: LFJ_V1_ROUTER,
        routerLabel: 'LFJ v1 router',
        aggregatorTokenIn: null,
        aggregatorAmountIn: null,
        aggregatorTokenOut: null,
        aggregatorAmountOut: null,
      },
    ])
  })

  test('behavior: a multi-hop buy: USDC → WAVAX → BLUB buys BLUB with USDC; only the BLUB leg is an asset leg', () => {
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    tx.skip() // USDC into the first pair
    usdcToWavax(tx, 50_000_000n, 2n * E18, BLUB_WAVAX_LFJ_V1)
    buyBlub(tx, BLUB_WAVAX_LFJ_V1, 2n * E18, 8_000n * E18)
    const { swaps, trades } = tradesOf(block.build(), null)
    expect(swaps.map((swap) => swap.direction)).toEqual(['buy', 'buy'])
    expect(trades).toHaveLength(1)
    expect(trades[0]).toMatchObject({
      id: `43114:${tx.hash}:1:trade`,
      logIndex: 1,
      route: [`43114:${tx.hash}:1:pool_swap`, `43114:${tx.hash}:2:pool_swap`],
      assetLegs: [`43114:${tx.hash}:2:pool_swap`],
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

  test('behavior: a multi-hop sell across V2 and LB: BLUB → WAVAX → USDC sells BLUB for USDC', () => {
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    for (const [id, inX, outY] of [
      [8_388_608, 600n * E18, 12n * 10n ** 16n],
      [8_388_607, 400n * E18, 8n * 10n ** 16n],
    ] as const)
      tx.log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', {
        sender: LB_ROUTER_V2_2,
        to: WAVAX_USDC_V2,
        id,
        amountsIn: packAmounts(inX, 0n),
        amountsOut: packAmounts(0n, outY),
        volatilityAccumulator: 0,
        totalFees: packAmounts(0n, 0n),
        protocolFees: packAmounts(0n, 0n),
      })
    tx.log(WAVAX_USDC_V2, uniswapV2PairAbi, 'Swap', {
      sender: ODOS_V2_ROUTER,
      amount0In: 2n * 10n ** 17n,
      amount1In: 0n,
      amount0Out: 0n,
      amount1Out: 5_000_000n,
      to: ALICE,
    })
    const { trades } = tradesOf(block.build(), null)
    expect(trades).toHaveLength(1)
    expect(trades[0]).toMatchObject({
      route: [`43114:${tx.hash}:0:pool_swap`, `43114:${tx.hash}:2:pool_swap`],
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
})

describe('either way', () => {
  test('behavior: each transaction is its own trade, in block order', () => {
    for (const asset of [BLUB, null]) {
      const block = createTestBlock()
      const first = block.transaction({ from: ALICE, to: LFJ_V1_ROUTER })
      buyBlub(first, BLUB_WAVAX_LFJ_V1, E18, 10n)
      const second = block.transaction({ from: BOB, to: LFJ_V1_ROUTER })
      buyBlub(second, BLUB_WAVAX_LFJ_V1, E18, 10n, BOB)
      const { trades } = tradesOf(block.build(), asset)
      expect(trades.map((trade) => [trade.id, trade.taker, trade.wallet, trade.swapCount])).toEqual([
        [`43114:${first.hash}:0:trade`, ALICE, ALICE, 1],
        [`43114:${second.hash}:1:trade`, BOB, BOB, 1],
      ])
    }
  })

  test('behavior: no swaps, no trades', () => {
    expect(toTrades({ swaps: [] })).toEqual([])
    expect(toTrades({ swaps: [], targetAsset: BLUB })).toEqual([])
  })

  test('behavior: the order of the swaps given does not matter', () => {
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE, to: ODOS_V2_ROUTER })
    usdcToWavax(tx, 50n, 2n, BLUB_WAVAX_LFJ_V1)
    buyBlub(tx, BLUB_WAVAX_LFJ_V1, 2n, 8n)
    buyBlub(tx, BLUB_WAVAX_V2_B, 1n, 3n)
    const built = block.build()
    for (const asset of [BLUB, null]) {
      const { swaps, trades } = tradesOf(built, asset)
      expect(
        toTrades({
          swaps: [...swaps].reverse(),
          transactions: built.transactions,
          targetAsset: asset ?? undefined,
          routers: ROUTERS,
        }),
      ).toEqual(trades)
    }
  })
})
