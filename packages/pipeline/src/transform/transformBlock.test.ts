import { parseAbi } from 'viem'
import { describe, expect, test } from 'vitest'
import {
  ALICE,
  AVAX_USD_AGGREGATOR,
  BLOCKS,
  BLUB,
  BLUB_WAVAX_LB,
  BLUB_WAVAX_LFJ_V1,
  BLUB_WAVAX_PHARAOH_V1,
  BOB,
  CHAIN_ID,
  LB_ROUTER_V2_2,
  LFJ_V1_ROUTER,
  WAVAX,
  ZERO,
} from '../_test/avalanche'
import {
  createTestBlock,
  encodeLog,
  packAmounts,
  testTrackedContracts,
  toStoredBlockJson,
} from '../_test/blocks'
import {
  chainlinkAggregatorAbi,
  erc20Abi,
  lfjLbPairAbi,
  uniswapV2PairAbi,
  wrappedNativeAbi,
} from '../abi/abis'
import { parseStoredBlock } from '../block/parseStoredBlock'
import { transformBlock } from './transformBlock'

const E18 = 10n ** 18n
const trackedContracts = testTrackedContracts()

/**
 * A block with a bit of everything around BLUB/WAVAX (the contents are made up;
 * the addresses are Avalanche's):
 * 0. Alice wraps 1 AVAX and buys BLUB on the LB pair through the LB router (two bins);
 * 1. Bob sells BLUB on LFJ v1 and unwraps the WAVAX;
 * 2. Alice adds liquidity on LFJ v1;
 * 3. the AVAX/USD aggregator answers;
 * 4. noise: an untracked pool's swap, and an event the LB ABI does not know.
 */
function activityBlock() {
  const block = createTestBlock({ number: BLOCKS.lbSwap })
  block
    .transaction({ from: ALICE, to: LB_ROUTER_V2_2 })
    .log(WAVAX, wrappedNativeAbi, 'Deposit', { dst: LB_ROUTER_V2_2, wad: E18 })
    .log(WAVAX, wrappedNativeAbi, 'Transfer', { from: LB_ROUTER_V2_2, to: BLUB_WAVAX_LB, value: E18 })
    .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', {
      sender: LB_ROUTER_V2_2,
      to: ALICE,
      id: 8_388_608,
      amountsIn: packAmounts(0n, 599n * 10n ** 15n),
      amountsOut: packAmounts(3_000n * E18, 0n),
      volatilityAccumulator: 0,
      totalFees: packAmounts(0n, 4n * 10n ** 15n),
      protocolFees: packAmounts(0n, 10n ** 15n),
    })
    .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', {
      sender: LB_ROUTER_V2_2,
      to: ALICE,
      id: 8_388_609,
      amountsIn: packAmounts(0n, 4n * 10n ** 17n),
      amountsOut: packAmounts(1_990n * E18, 0n),
      volatilityAccumulator: 10_000,
      totalFees: packAmounts(0n, 3n * 10n ** 15n),
      protocolFees: packAmounts(0n, 0n),
    })
    .log(BLUB, erc20Abi, 'Transfer', { from: BLUB_WAVAX_LB, to: ALICE, value: 4_990n * E18 })
  block
    .transaction({ from: BOB, to: LFJ_V1_ROUTER })
    .log(BLUB, erc20Abi, 'Transfer', { from: BOB, to: BLUB_WAVAX_LFJ_V1, value: 10_000n * E18 })
    .log(WAVAX, wrappedNativeAbi, 'Transfer', {
      from: BLUB_WAVAX_LFJ_V1,
      to: LFJ_V1_ROUTER,
      value: 19n * 10n ** 17n,
    })
    .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Sync', { reserve0: 510_000n * E18, reserve1: 98n * E18 })
    .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', {
      sender: LFJ_V1_ROUTER,
      amount0In: 10_000n * E18,
      amount1In: 0n,
      amount0Out: 0n,
      amount1Out: 19n * 10n ** 17n,
      to: LFJ_V1_ROUTER,
    })
    .log(WAVAX, wrappedNativeAbi, 'Withdrawal', { src: LFJ_V1_ROUTER, wad: 19n * 10n ** 17n })
  block
    .transaction({ from: ALICE, to: LFJ_V1_ROUTER })
    .log(BLUB, erc20Abi, 'Transfer', { from: ALICE, to: BLUB_WAVAX_LFJ_V1, value: 4_990n * E18 })
    .log(WAVAX, wrappedNativeAbi, 'Transfer', { from: ALICE, to: BLUB_WAVAX_LFJ_V1, value: 95n * 10n ** 16n })
    .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Transfer', {
      from: ZERO,
      to: ALICE,
      value: 68_000n * 10n ** 15n,
    })
    .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Sync', {
      reserve0: 514_990n * E18,
      reserve1: 9_895n * 10n ** 16n,
    })
    .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Mint', {
      sender: LFJ_V1_ROUTER,
      amount0: 4_990n * E18,
      amount1: 95n * 10n ** 16n,
    })
  block
    .transaction({ from: BOB, to: AVAX_USD_AGGREGATOR })
    .log(AVAX_USD_AGGREGATOR, chainlinkAggregatorAbi, 'AnswerUpdated', {
      current: 2_512_345_678n,
      roundId: 7n,
      updatedAt: 1_733_000_000n,
    })
  block
    .transaction({ from: BOB })
    .log(BLUB_WAVAX_PHARAOH_V1, uniswapV2PairAbi, 'Swap', {
      sender: BOB,
      amount0In: 1n,
      amount1In: 0n,
      amount0Out: 0n,
      amount1Out: 1n,
      to: BOB,
    })
    .raw(BLUB_WAVAX_LB, encodeLog(parseAbi(['event Skim(address indexed to)']), 'Skim', { to: BOB }))
  return block.build()
}

test('default', () => {
  const result = transformBlock({ chainId: CHAIN_ID, block: activityBlock(), trackedContracts })
  const short = (id: string) => id.split(':').slice(2).join(':')
  expect({
    transfers: result.transfers.map((t) => `${short(t.id)} ${t.cause} ${t.amount}`),
    poolSwaps: result.poolSwaps.map(
      (s) =>
        `${short(s.id)} ${s.taker === ALICE ? 'alice' : 'bob'} ${s.direction} ${s.baseAmount} BLUB for ${s.quoteAmount} WAVAX, logs ${s.logIndexes}`,
    ),
    trades: result.trades.map((t) => `${short(t.id)} ${t.direction} ${t.swapCount} swap(s)`),
    liquidityEvents: result.liquidityEvents.map(
      (l) => `${short(l.id)} ${l.action} ${l.baseAmount} + ${l.quoteAmount}`,
    ),
    positions: result.positions.map((p) => `${short(p.id)} ${p.cause} ${p.amount}`),
    feedAnswers: result.feedAnswers.map((a) => `${short(a.id)} ${a.answer}`),
    undecodable: result.undecodable.map((u) => `${u.log.logIndex} ${u.reason}`),
    issues: result.issues,
  }).toMatchInlineSnapshot(`
    {
      "feedAnswers": [
        "15:feed_answer 2512345678",
      ],
      "issues": [],
      "liquidityEvents": [
        "14:liquidity add 4990000000000000000000 + 950000000000000000",
      ],
      "poolSwaps": [
        "2:pool_swap alice buy 4990000000000000000000 BLUB for 1000000000000000000 WAVAX, logs 2,3",
        "8:pool_swap bob sell 10000000000000000000000 BLUB for 1900000000000000000 WAVAX, logs 8",
      ],
      "positions": [
        "12:position:to mint 68000000000000000000",
      ],
      "trades": [
        "2:trade buy 1 swap(s)",
        "8:trade sell 1 swap(s)",
      ],
      "transfers": [
        "0:transfer wrap 1000000000000000000",
        "1:transfer transfer 1000000000000000000",
        "4:transfer transfer 4990000000000000000000",
        "5:transfer transfer 10000000000000000000000",
        "6:transfer transfer 1900000000000000000",
        "9:transfer unwrap 1900000000000000000",
        "10:transfer transfer 4990000000000000000000",
        "11:transfer transfer 950000000000000000",
      ],
      "undecodable": [
        "17 The event selector "0x7460d2216ad827491779b20c9921030f955ee2e6f588f0b64b75c4cd031096bf" is not an event of the contract type "lfj_lb_pair".",
      ],
    }
  `)
})

describe('behavior', () => {
  test('deterministic: the same block gives the same events and ids', () => {
    const first = transformBlock({ chainId: CHAIN_ID, block: activityBlock(), trackedContracts })
    const second = transformBlock({ chainId: CHAIN_ID, block: activityBlock(), trackedContracts })
    expect(second).toEqual(first)
  })

  test('the same events from the stored-block file of the block', () => {
    const block = activityBlock()
    const stored = parseStoredBlock(JSON.stringify(toStoredBlockJson(block)), `blocks/${block.number}.json`)
    expect(transformBlock({ chainId: CHAIN_ID, block: stored, trackedContracts })).toEqual(
      transformBlock({ chainId: CHAIN_ID, block, trackedContracts }),
    )
  })

  test('every id is unique', () => {
    const result = transformBlock({ chainId: CHAIN_ID, block: activityBlock(), trackedContracts })
    const ids = [
      ...result.transfers,
      ...result.poolSwaps,
      ...result.trades,
      ...result.liquidityEvents,
      ...result.positions,
      ...result.feedAnswers,
    ].map((event) => event.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  test('ids depend on the chain', () => {
    const avalanche = transformBlock({ chainId: CHAIN_ID, block: activityBlock(), trackedContracts })
    const fuji = transformBlock({ chainId: 43113, block: activityBlock(), trackedContracts })
    expect(fuji.poolSwaps[0]?.id).not.toBe(avalanche.poolSwaps[0]?.id)
    expect(fuji.poolSwaps[0]?.id.startsWith('43113:')).toBe(true)
  })

  test('amounts are bigints', () => {
    const { poolSwaps, trades } = transformBlock({
      chainId: CHAIN_ID,
      block: activityBlock(),
      trackedContracts,
    })
    for (const swap of poolSwaps)
      expect([typeof swap.baseAmount, typeof swap.quoteAmount]).toEqual(['bigint', 'bigint'])
    for (const trade of trades)
      expect([typeof trade.amountIn, typeof trade.amountOut]).toEqual(['bigint', 'bigint'])
  })

  test('nothing tracked, nothing out', () => {
    expect(
      transformBlock({ chainId: CHAIN_ID, block: activityBlock(), trackedContracts: new Map() }),
    ).toEqual({
      transfers: [],
      poolSwaps: [],
      trades: [],
      liquidityEvents: [],
      positions: [],
      feedAnswers: [],
      feeCollections: [],
      clPositionEvents: [],
      undecodable: [],
      issues: [],
    })
  })
})
