// Concentrated-liquidity pools, their position manager and Solidly pairs, on
// blocks whose logs are real ABI encodings (viem): each expectation is the
// event's own values, oriented by the pool's configured base and quote.

import { describe, expect, test } from 'vitest'
import {
  ALICE,
  BLUB,
  BLUB_WAVAX_PHARAOH_CL,
  BLUB_WAVAX_PHARAOH_V1,
  BOB,
  CHAIN_ID,
  CL_POSITION_MANAGER,
  USDT,
  USDT_WAVAX_CL,
  WAVAX,
  ZERO,
} from '../_test/avalanche'
import { createTestBlock } from '../_test/blocks'
import { solidlyPairAbi, uniswapV3PoolAbi, uniswapV3PositionManagerAbi } from '../abi/abis'
import { createTrackedContracts } from '../decode/createTrackedContracts'
import { clPoolPrice } from './clPoolPrice'
import { transformBlock } from './transformBlock'

/** The Pharaoh BLUB/WAVAX pools, a USDt/WAVAX CL pool (base WAVAX = token1; 18 and 6 decimals), a position manager. */
const trackedContracts = createTrackedContracts([
  {
    address: BLUB_WAVAX_PHARAOH_CL,
    type: 'uniswap_v3_pool',
    pool: { baseToken: BLUB, quoteToken: WAVAX, baseDecimals: 18, quoteDecimals: 18 },
  },
  {
    address: USDT_WAVAX_CL,
    type: 'uniswap_v3_pool',
    pool: { baseToken: WAVAX, quoteToken: USDT, baseDecimals: 18, quoteDecimals: 6 },
  },
  { address: BLUB_WAVAX_PHARAOH_V1, type: 'solidly_pair', pool: { baseToken: BLUB, quoteToken: WAVAX } },
  { address: CL_POSITION_MANAGER, type: 'uniswap_v3_position_manager' },
])
const Q96 = 2n ** 96n
const e18 = 10n ** 18n
const run = (block: ReturnType<typeof createTestBlock>) =>
  transformBlock({ chainId: CHAIN_ID, block: block.build(), trackedContracts, targetAsset: BLUB })

describe('clPoolPrice', () => {
  test('default: √price 2⁹⁶ with equal decimals is 1', () => {
    expect(clPoolPrice({ sqrtPriceX96: Q96, baseIsToken0: true, baseDecimals: 18, quoteDecimals: 18 })).toBe(
      '1',
    )
  })

  test('behavior: base token1, decimals 18 and 6 (25 USDt per WAVAX: token1 per token0 is 4·10¹⁰ base units)', () => {
    // 1 WAVAX (10^18) = 25 USDt (25·10^6): token1 (WAVAX) per token0 (USDt) = 10^18 / (25·10^6) = 4·10^10 = (2·10^5)².
    const sqrtPriceX96 = Q96 * 200_000n
    expect(clPoolPrice({ sqrtPriceX96, baseIsToken0: false, baseDecimals: 18, quoteDecimals: 6 })).toBe('25')
  })

  test('behavior: rounded once to 30 places, half to even', () => {
    // √price 3·2⁹⁶: token1 per token0 = 9, so token0 per token1 = 1/9 = 0.111… (the 31st digit, 1, goes).
    expect(
      clPoolPrice({ sqrtPriceX96: 3n * Q96, baseIsToken0: false, baseDecimals: 18, quoteDecimals: 18 }),
    ).toBe(`0.${'1'.repeat(30)}`)
    // √price 7·2⁹⁶: 1/49 = 0.020408163265306122448979591836|73…: the 31st digit, 7, rounds the 30th up.
    expect(
      clPoolPrice({ sqrtPriceX96: 7n * Q96, baseIsToken0: false, baseDecimals: 18, quoteDecimals: 18 }),
    ).toBe('0.020408163265306122448979591837')
    expect(clPoolPrice({ sqrtPriceX96: 0n, baseIsToken0: true, baseDecimals: 18, quoteDecimals: 18 })).toBe(
      undefined,
    )
  })
})

describe('uniswap_v3_pool', () => {
  test('default: a buy and a sell, oriented by base and quote, with the pool state of the log', () => {
    const block = createTestBlock()
    // Buy BLUB (token0): the pool paid out BLUB (negative amount0) and received WAVAX.
    block.transaction({ from: ALICE }).log(BLUB_WAVAX_PHARAOH_CL, uniswapV3PoolAbi, 'Swap', {
      sender: BOB,
      recipient: ALICE,
      amount0: -1000n * e18,
      amount1: 3n * e18,
      sqrtPriceX96: Q96 / 16n,
      liquidity: 123_456n,
      tick: -59_915,
    })
    // Sell WAVAX (base, token1) for USDt (token0): the pool received WAVAX.
    block.transaction({ from: BOB }).log(USDT_WAVAX_CL, uniswapV3PoolAbi, 'Swap', {
      sender: BOB,
      recipient: BOB,
      amount0: -250_000_000n,
      amount1: 10n * e18,
      sqrtPriceX96: Q96 * 200_000n,
      liquidity: 9n,
      tick: 244_000,
    })
    const { poolSwaps, issues, undecodable } = run(block)
    expect(issues).toEqual([])
    expect(undecodable).toEqual([])
    expect(poolSwaps.map((swap) => ({ ...swap, id: undefined, transactionHash: undefined }))).toMatchObject([
      {
        pool: BLUB_WAVAX_PHARAOH_CL,
        poolType: 'uniswap_v3_pool',
        taker: ALICE,
        sender: BOB,
        recipient: ALICE,
        direction: 'buy',
        baseToken: BLUB,
        quoteToken: WAVAX,
        baseAmount: 1000n * e18,
        quoteAmount: 3n * e18,
        sqrtPriceX96: Q96 / 16n,
        liquidity: 123_456n,
        tick: -59_915,
        // (1/16)² WAVAX per BLUB.
        poolPrice: '0.00390625',
        logIndexes: [0],
        binIds: [],
      },
      {
        pool: USDT_WAVAX_CL,
        direction: 'sell',
        baseToken: WAVAX,
        quoteToken: USDT,
        baseAmount: 10n * e18,
        quoteAmount: 250_000_000n,
        tick: 244_000,
        poolPrice: '25',
      },
    ])
  })

  test('behavior: a CL leg and a V2-style leg make one trade of net flows', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE })
      .log(BLUB_WAVAX_PHARAOH_CL, uniswapV3PoolAbi, 'Swap', {
        sender: BOB,
        recipient: ALICE,
        amount0: -700n * e18,
        amount1: 2n * e18,
        sqrtPriceX96: Q96,
        liquidity: 1n,
        tick: 0,
      })
      .log(BLUB_WAVAX_PHARAOH_V1, solidlyPairAbi, 'Swap', {
        sender: BOB,
        amount0In: 0n,
        amount1In: 1n * e18,
        amount0Out: 300n * e18,
        amount1Out: 0n,
        to: ALICE,
      })
    const { trades } = run(block)
    expect(trades).toHaveLength(1)
    expect(trades[0]).toMatchObject({
      wallet: ALICE,
      direction: 'buy',
      baseAmount: 1000n * e18,
      quoteAmount: 3n * e18,
      swapCount: 2,
      pools: [BLUB_WAVAX_PHARAOH_CL, BLUB_WAVAX_PHARAOH_V1],
    })
  })

  test('behavior: Collect and CollectProtocol are fee collections; Flash, Initialize and SetFeeProtocol decode and are ignored', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE })
      .log(BLUB_WAVAX_PHARAOH_CL, uniswapV3PoolAbi, 'Initialize', { sqrtPriceX96: Q96, tick: 0 })
      .log(BLUB_WAVAX_PHARAOH_CL, uniswapV3PoolAbi, 'Collect', {
        owner: ALICE,
        recipient: BOB,
        tickLower: -600,
        tickUpper: 600,
        amount0: 5n,
        amount1: 7n,
      })
      .log(USDT_WAVAX_CL, uniswapV3PoolAbi, 'CollectProtocol', {
        sender: ALICE,
        recipient: BOB,
        amount0: 11n,
        amount1: 13n,
      })
      .log(BLUB_WAVAX_PHARAOH_CL, uniswapV3PoolAbi, 'Flash', {
        sender: ALICE,
        recipient: ALICE,
        amount0: 1n,
        amount1: 1n,
        paid0: 1n,
        paid1: 1n,
      })
    const { feeCollections, undecodable, liquidityEvents, poolSwaps } = run(block)
    expect(undecodable).toEqual([])
    expect([liquidityEvents, poolSwaps]).toEqual([[], []])
    expect(feeCollections).toMatchObject([
      {
        collection: 'position_collect',
        pool: BLUB_WAVAX_PHARAOH_CL,
        owner: ALICE,
        recipient: BOB,
        baseAmount: 5n,
        quoteAmount: 7n,
        tickLower: -600,
        tickUpper: 600,
        positionTokenId: null,
      },
      // Base WAVAX is token1: amounts swap places.
      { collection: 'protocol_collect', pool: USDT_WAVAX_CL, baseAmount: 13n, quoteAmount: 11n },
    ])
  })
})

describe('uniswap_v3_position_manager', () => {
  /** A position's life through the manager: mint, increase, decrease, collect, transfer, burn. */
  function positionBlock() {
    const block = createTestBlock()
    const manager = CL_POSITION_MANAGER
    const range = { tickLower: -887_220, tickUpper: 600 }
    // mint(): the pool's Mint (owner: the manager), the NFT minted to Alice, IncreaseLiquidity.
    block
      .transaction({ from: ALICE })
      .log(BLUB_WAVAX_PHARAOH_CL, uniswapV3PoolAbi, 'Mint', {
        sender: manager,
        owner: manager,
        ...range,
        amount: 1000n,
        amount0: 40n,
        amount1: 60n,
      })
      .log(manager, uniswapV3PositionManagerAbi, 'Transfer', { from: ZERO, to: ALICE, tokenId: 7n })
      .log(manager, uniswapV3PositionManagerAbi, 'IncreaseLiquidity', {
        tokenId: 7n,
        liquidity: 1000n,
        amount0: 40n,
        amount1: 60n,
      })
    // decreaseLiquidity() then collect(): Burn, DecreaseLiquidity, a zero Burn (fees), Collect, Collect.
    block
      .transaction({ from: ALICE })
      .log(BLUB_WAVAX_PHARAOH_CL, uniswapV3PoolAbi, 'Burn', {
        owner: manager,
        ...range,
        amount: 400n,
        amount0: 16n,
        amount1: 24n,
      })
      .log(manager, uniswapV3PositionManagerAbi, 'DecreaseLiquidity', {
        tokenId: 7n,
        liquidity: 400n,
        amount0: 16n,
        amount1: 24n,
      })
      .log(BLUB_WAVAX_PHARAOH_CL, uniswapV3PoolAbi, 'Burn', {
        owner: manager,
        ...range,
        amount: 0n,
        amount0: 0n,
        amount1: 0n,
      })
      .log(BLUB_WAVAX_PHARAOH_CL, uniswapV3PoolAbi, 'Collect', {
        owner: manager,
        recipient: ALICE,
        ...range,
        amount0: 17n,
        amount1: 25n,
      })
      .log(manager, uniswapV3PositionManagerAbi, 'Collect', {
        tokenId: 7n,
        recipient: ALICE,
        amount0: 17n,
        amount1: 25n,
      })
    // A position of a pool the model does not track: its IncreaseLiquidity has no pool event.
    block.transaction({ from: BOB }).log(manager, uniswapV3PositionManagerAbi, 'IncreaseLiquidity', {
      tokenId: 8n,
      liquidity: 5n,
      amount0: 1n,
      amount1: 1n,
    })
    block
      .transaction({ from: ALICE })
      .log(manager, uniswapV3PositionManagerAbi, 'Transfer', { from: ALICE, to: BOB, tokenId: 7n })
    return block
  }

  test('default: pool events linked to the token id; position events with pool, range and amounts', () => {
    const { liquidityEvents, feeCollections, clPositionEvents, undecodable } = run(positionBlock())
    expect(undecodable).toEqual([])
    expect(
      liquidityEvents.map((event) => [
        event.action,
        event.liquidity,
        event.tickLower,
        event.tickUpper,
        event.positionTokenId,
        event.baseAmount,
        event.quoteAmount,
      ]),
    ).toEqual([
      ['add', 1000n, -887_220, 600, 7n, 40n, 60n],
      ['remove', 400n, -887_220, 600, 7n, 16n, 24n],
      ['remove', 0n, -887_220, 600, 7n, 0n, 0n],
    ])
    expect(feeCollections).toMatchObject([
      { collection: 'position_collect', owner: CL_POSITION_MANAGER, recipient: ALICE, positionTokenId: 7n },
    ])
    expect(
      clPositionEvents.map((event) => [
        event.action,
        event.tokenId,
        event.pool,
        event.tickLower,
        event.liquidityDelta,
        event.baseAmount,
        event.quoteAmount,
        event.from,
        event.to,
      ]),
    ).toEqual([
      ['transfer', 7n, null, null, 0n, null, null, ZERO, ALICE],
      ['increase', 7n, BLUB_WAVAX_PHARAOH_CL, -887_220, 1000n, 40n, 60n, null, null],
      ['decrease', 7n, BLUB_WAVAX_PHARAOH_CL, -887_220, -400n, 16n, 24n, null, null],
      ['collect', 7n, BLUB_WAVAX_PHARAOH_CL, -887_220, 0n, 17n, 25n, null, ALICE],
      ['transfer', 7n, null, null, 0n, null, null, ALICE, BOB],
    ])
  })

  test('behavior: a pool Mint whose owner is not a manager keeps no token id', () => {
    const block = createTestBlock()
    block.transaction({ from: ALICE }).log(BLUB_WAVAX_PHARAOH_CL, uniswapV3PoolAbi, 'Mint', {
      sender: ALICE,
      owner: ALICE,
      tickLower: -60,
      tickUpper: 60,
      amount: 1n,
      amount0: 1n,
      amount1: 1n,
    })
    const { liquidityEvents } = run(block)
    expect(liquidityEvents).toMatchObject([
      { action: 'add', sender: ALICE, recipient: ALICE, positionTokenId: null, tickLower: -60 },
    ])
  })
})

describe('solidly_pair', () => {
  test('default: Swap, Fees, Claim, Sync(uint256,uint256), Mint, Burn and LP transfers, nothing undecodable', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE })
      .log(BLUB_WAVAX_PHARAOH_V1, solidlyPairAbi, 'Fees', { sender: BOB, amount0: 0n, amount1: 3n })
      .log(BLUB_WAVAX_PHARAOH_V1, solidlyPairAbi, 'Sync', { reserve0: 10n ** 30n, reserve1: 10n ** 29n })
      .log(BLUB_WAVAX_PHARAOH_V1, solidlyPairAbi, 'Swap', {
        sender: BOB,
        amount0In: 0n,
        amount1In: 1000n,
        amount0Out: 5000n,
        amount1Out: 0n,
        to: ALICE,
      })
    block
      .transaction({ from: BOB })
      .log(BLUB_WAVAX_PHARAOH_V1, solidlyPairAbi, 'Transfer', { from: ZERO, to: BOB, value: 9n })
      .log(BLUB_WAVAX_PHARAOH_V1, solidlyPairAbi, 'Mint', { sender: BOB, amount0: 2n, amount1: 1n })
      .log(BLUB_WAVAX_PHARAOH_V1, solidlyPairAbi, 'Claim', {
        sender: BOB,
        recipient: BOB,
        amount0: 4n,
        amount1: 6n,
      })
    const { poolSwaps, feeCollections, liquidityEvents, positions, undecodable } = run(block)
    expect(undecodable).toEqual([])
    expect(poolSwaps).toMatchObject([
      { poolType: 'solidly_pair', direction: 'buy', baseAmount: 5000n, quoteAmount: 1000n, recipient: ALICE },
    ])
    expect(poolSwaps[0]).not.toHaveProperty('poolPrice')
    expect(feeCollections).toMatchObject([
      { collection: 'swap_fee', owner: BOB, recipient: null, baseAmount: 0n, quoteAmount: 3n },
      { collection: 'claim', owner: BOB, recipient: BOB, baseAmount: 4n, quoteAmount: 6n },
    ])
    expect(liquidityEvents).toMatchObject([{ action: 'add', poolType: 'solidly_pair', baseAmount: 2n }])
    expect(positions).toMatchObject([{ poolType: 'solidly_pair', holder: BOB, amount: 9n, cause: 'mint' }])
  })
})

describe('error', () => {
  test('a concentrated-liquidity pool without its tokens’ decimals', () => {
    expect(() =>
      createTrackedContracts([
        {
          address: BLUB_WAVAX_PHARAOH_CL,
          type: 'uniswap_v3_pool',
          pool: { baseToken: BLUB, quoteToken: WAVAX },
        },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[InvalidTrackedContractError: The tracked contract "0x3fc41c1ae339322ab87b6ba48e30781d88a304d4" (uniswap_v3_pool) is a concentrated-liquidity pool, so it needs its base and quote tokens' decimals (pool.baseDecimals and pool.quoteDecimals) to store its price.]`,
    )
  })
})
