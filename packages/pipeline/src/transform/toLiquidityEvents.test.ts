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
  USDT,
  USDT_WAVAX_V2,
  WAVAX,
} from '../_test/avalanche'
import { createTestBlock, encodeLog, packAmounts, testTrackedContracts } from '../_test/blocks'
import { lfjLbPairAbi, uniswapV2PairAbi } from '../abi/abis'
import type { SourceBlock } from '../block/types'
import { decodeBlockLogs } from '../decode/decodeBlockLogs'
import { toLiquidityEvents } from './toLiquidityEvents'

const E18 = 10n ** 18n
const tracked = testTrackedContracts()

function liquidityOf(block: SourceBlock) {
  return toLiquidityEvents({ chainId: CHAIN_ID, block, events: decodeBlockLogs(block, tracked).events })
}

test('default: a V2 Mint adds liquidity (LFJ v1 BLUB/WAVAX, as in block 58584385)', () => {
  const block = createTestBlock({ number: BLOCKS.mint })
  const transaction = block.transaction({ from: ALICE, to: LFJ_V1_ROUTER })
  transaction.log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Mint', {
    sender: LFJ_V1_ROUTER,
    amount0: 50_000n * E18,
    amount1: 10n * E18,
  })
  const { liquidityEvents, issues } = liquidityOf(block.build())
  expect(issues).toEqual([])
  expect(liquidityEvents).toEqual([
    {
      id: `43114:${transaction.hash}:0:liquidity`,
      chainId: 43114,
      blockNumber: 58584385n,
      blockTimestamp: 1_733_000_000n,
      transactionHash: transaction.hash,
      transactionIndex: 0,
      logIndex: 0,
      kind: 'liquidity',
      action: 'add',
      pool: BLUB_WAVAX_LFJ_V1,
      poolType: 'uniswap_v2_pair',
      provider: ALICE,
      sender: LFJ_V1_ROUTER,
      recipient: null,
      baseToken: BLUB,
      quoteToken: WAVAX,
      baseAmount: 50_000n * E18,
      quoteAmount: 10n * E18,
      binIds: [],
    },
  ])
})

describe('behavior', () => {
  test('a V2 Burn removes liquidity to its recipient (block 58277747)', () => {
    const block = createTestBlock({ number: BLOCKS.burn })
    block.transaction({ from: ALICE, to: LFJ_V1_ROUTER }).log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Burn', {
      sender: LFJ_V1_ROUTER,
      amount0: 25_000n * E18,
      amount1: 5n * E18,
      to: BOB,
    })
    expect(liquidityOf(block.build()).liquidityEvents[0]).toMatchObject({
      action: 'remove',
      provider: ALICE,
      recipient: BOB,
      baseAmount: 25_000n * E18,
      quoteAmount: 5n * E18,
    })
  })

  test('orientation when the base token is token1 (WAVAX/USDt: token0 USDt)', () => {
    const block = createTestBlock()
    block.transaction({ from: ALICE, to: LFJ_V1_ROUTER }).log(USDT_WAVAX_V2, uniswapV2PairAbi, 'Mint', {
      sender: LFJ_V1_ROUTER,
      amount0: 250_000_000n,
      amount1: 10n * E18,
    })
    expect(liquidityOf(block.build()).liquidityEvents[0]).toMatchObject({
      baseToken: WAVAX,
      baseAmount: 10n * E18,
      quoteToken: USDT,
      quoteAmount: 250_000_000n,
    })
  })

  test("an LB DepositedToBins sums its bins' packed amounts (block 58570137)", () => {
    const block = createTestBlock({ number: BLOCKS.depositedToBins })
    const transaction = block.transaction({ from: ALICE, to: LB_ROUTER_V2_2 })
    transaction.log(BLUB_WAVAX_LB, lfjLbPairAbi, 'DepositedToBins', {
      sender: LB_ROUTER_V2_2,
      to: ALICE,
      ids: [8_388_606n, 8_388_607n, 8_388_608n, 8_388_609n],
      // Below the active bin only WAVAX (Y), above only BLUB (X), the active bin both.
      amounts: [
        packAmounts(0n, 2n * E18),
        packAmounts(0n, 3n * E18),
        packAmounts(1_000n * E18, E18),
        packAmounts(4_000n * E18, 0n),
      ],
    })
    expect(liquidityOf(block.build()).liquidityEvents).toEqual([
      expect.objectContaining({
        id: `43114:${transaction.hash}:0:liquidity`,
        action: 'add',
        poolType: 'lfj_lb_pair',
        provider: ALICE,
        sender: LB_ROUTER_V2_2,
        recipient: ALICE,
        baseToken: BLUB,
        baseAmount: 5_000n * E18,
        quoteToken: WAVAX,
        quoteAmount: 6n * E18,
        binIds: [8_388_606, 8_388_607, 8_388_608, 8_388_609],
      }),
    ])
  })

  test('an LB WithdrawnFromBins removes liquidity (block 58376529)', () => {
    const block = createTestBlock({ number: BLOCKS.withdrawnFromBins })
    block
      .transaction({ from: ALICE, to: LB_ROUTER_V2_2 })
      .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'WithdrawnFromBins', {
        sender: LB_ROUTER_V2_2,
        to: BOB,
        ids: [8_388_608n],
        amounts: [packAmounts(7n, 9n)],
      })
    expect(liquidityOf(block.build()).liquidityEvents[0]).toMatchObject({
      action: 'remove',
      recipient: BOB,
      baseAmount: 7n,
      quoteAmount: 9n,
      binIds: [8_388_608],
    })
  })

  test('an LB event whose ids and amounts do not pair up is an issue', () => {
    const block = createTestBlock()
    const transaction = block.transaction({ from: ALICE, to: LB_ROUTER_V2_2 })
    transaction.raw(
      BLUB_WAVAX_LB,
      encodeLog(lfjLbPairAbi, 'DepositedToBins', {
        sender: LB_ROUTER_V2_2,
        to: ALICE,
        ids: [1n, 2n],
        amounts: [packAmounts(1n, 1n)],
      }),
    )
    expect(liquidityOf(block.build())).toEqual({
      liquidityEvents: [],
      issues: [
        {
          pool: BLUB_WAVAX_LB,
          transactionHash: transaction.hash,
          logIndex: 0,
          reason: 'The DepositedToBins log has a different number of bin ids ("2") and amounts ("1").',
        },
      ],
    })
  })

  test('swaps and syncs are not liquidity events', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: LFJ_V1_ROUTER })
      .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Sync', { reserve0: 1n, reserve1: 2n })
    expect(liquidityOf(block.build())).toEqual({ liquidityEvents: [], issues: [] })
  })
})
