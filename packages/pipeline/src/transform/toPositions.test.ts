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
  ZERO,
} from '../_test/avalanche'
import { createTestBlock, testTrackedContracts } from '../_test/blocks'
import { erc20Abi, lfjLbPairAbi, uniswapV2PairAbi } from '../abi/abis'
import type { SourceBlock } from '../block/types'
import { decodeBlockLogs } from '../decode/decodeBlockLogs'
import { toPositions } from './toPositions'

const tracked = testTrackedContracts()

function positionsOf(block: SourceBlock) {
  return toPositions({ chainId: CHAIN_ID, block, events: decodeBlockLogs(block, tracked).events })
}

const brief = (positions: ReturnType<typeof toPositions>['positions']) =>
  positions.map(({ id, holder, amount, binId, cause, counterparty }) => ({
    id: id.split(':').slice(2).join(':'),
    holder,
    amount,
    binId,
    cause,
    counterparty,
  }))

test('default: a V2 LP mint to the provider', () => {
  const block = createTestBlock()
  const transaction = block.transaction({ from: ALICE, to: LFJ_V1_ROUTER })
  transaction.log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Transfer', { from: ZERO, to: ALICE, value: 999_000n })
  const { positions, issues } = positionsOf(block.build())
  expect(issues).toEqual([])
  expect(positions).toEqual([
    {
      id: `43114:${transaction.hash}:0:position:to`,
      chainId: 43114,
      blockNumber: 63269916n,
      blockTimestamp: 1_733_000_000n,
      transactionHash: transaction.hash,
      transactionIndex: 0,
      logIndex: 0,
      kind: 'position',
      pool: BLUB_WAVAX_LFJ_V1,
      poolType: 'uniswap_v2_pair',
      holder: ALICE,
      amount: 999_000n,
      binId: null,
      cause: 'mint',
      counterparty: ZERO,
    },
  ])
})

describe('behavior', () => {
  test('a V2 first mint: minimum liquidity to the zero address gives no position', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: LFJ_V1_ROUTER })
      .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Transfer', { from: ZERO, to: ZERO, value: 1_000n })
      .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Transfer', { from: ZERO, to: ALICE, value: 999_000n })
    expect(brief(positionsOf(block.build()).positions)).toEqual([
      {
        id: '1:position:to',
        holder: ALICE,
        amount: 999_000n,
        binId: null,
        cause: 'mint',
        counterparty: ZERO,
      },
    ])
  })

  test('a V2 transfer between holders: minus and plus', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: BLUB_WAVAX_LFJ_V1 })
      .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Transfer', { from: ALICE, to: BOB, value: 300n })
    expect(brief(positionsOf(block.build()).positions)).toEqual([
      {
        id: '0:position:from',
        holder: ALICE,
        amount: -300n,
        binId: null,
        cause: 'transfer',
        counterparty: BOB,
      },
      { id: '0:position:to', holder: BOB, amount: 300n, binId: null, cause: 'transfer', counterparty: ALICE },
    ])
  })

  test('a V2 burn: LP tokens go to the pair, then the pair burns them', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: LFJ_V1_ROUTER })
      .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Transfer', {
        from: ALICE,
        to: BLUB_WAVAX_LFJ_V1,
        value: 500n,
      })
      .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Transfer', {
        from: BLUB_WAVAX_LFJ_V1,
        to: ZERO,
        value: 500n,
      })
    expect(brief(positionsOf(block.build()).positions)).toEqual([
      {
        id: '0:position:from',
        holder: ALICE,
        amount: -500n,
        binId: null,
        cause: 'transfer',
        counterparty: BLUB_WAVAX_LFJ_V1,
      },
      {
        id: '0:position:to',
        holder: BLUB_WAVAX_LFJ_V1,
        amount: 500n,
        binId: null,
        cause: 'transfer',
        counterparty: ALICE,
      },
      {
        id: '1:position:from',
        holder: BLUB_WAVAX_LFJ_V1,
        amount: -500n,
        binId: null,
        cause: 'burn',
        counterparty: ZERO,
      },
    ])
  })

  test('an LB TransferBatch: one change per bin and side', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: LB_ROUTER_V2_2 })
      .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'TransferBatch', {
        sender: LB_ROUTER_V2_2,
        from: ZERO,
        to: ALICE,
        ids: [8_388_607n, 8_388_608n],
        amounts: [10n ** 20n, 0n],
      })
      .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'TransferBatch', {
        sender: ALICE,
        from: ALICE,
        to: BOB,
        ids: [8_388_607n],
        amounts: [4n * 10n ** 19n],
      })
      .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'TransferBatch', {
        sender: LB_ROUTER_V2_2,
        from: BOB,
        to: ZERO,
        ids: [8_388_607n],
        amounts: [10n ** 19n],
      })
    const { positions } = positionsOf(block.build())
    expect(
      positions.every((position) => position.poolType === 'lfj_lb_pair' && position.pool === BLUB_WAVAX_LB),
    ).toBe(true)
    expect(brief(positions)).toEqual([
      // The zero amount of bin 8388608 gives nothing.
      {
        id: '0:position:0:to',
        holder: ALICE,
        amount: 10n ** 20n,
        binId: 8_388_607,
        cause: 'mint',
        counterparty: ZERO,
      },
      {
        id: '1:position:0:from',
        holder: ALICE,
        amount: -4n * 10n ** 19n,
        binId: 8_388_607,
        cause: 'transfer',
        counterparty: BOB,
      },
      {
        id: '1:position:0:to',
        holder: BOB,
        amount: 4n * 10n ** 19n,
        binId: 8_388_607,
        cause: 'transfer',
        counterparty: ALICE,
      },
      {
        id: '2:position:0:from',
        holder: BOB,
        amount: -(10n ** 19n),
        binId: 8_388_607,
        cause: 'burn',
        counterparty: ZERO,
      },
    ])
  })

  test('an LB TransferBatch whose ids and amounts do not pair up is an issue', () => {
    const block = createTestBlock()
    const transaction = block.transaction({ from: ALICE, to: LB_ROUTER_V2_2 })
    transaction.log(BLUB_WAVAX_LB, lfjLbPairAbi, 'TransferBatch', {
      sender: ALICE,
      from: ALICE,
      to: BOB,
      ids: [1n],
      amounts: [1n, 2n],
    })
    expect(positionsOf(block.build())).toEqual({
      positions: [],
      issues: [
        {
          pool: BLUB_WAVAX_LB,
          transactionHash: transaction.hash,
          logIndex: 0,
          reason: 'The TransferBatch log has a different number of bin ids ("1") and amounts ("2").',
        },
      ],
    })
  })

  test('token transfers are not positions', () => {
    const block = createTestBlock()
    block.transaction({ from: ALICE }).log(BLUB, erc20Abi, 'Transfer', { from: ALICE, to: BOB, value: 1n })
    expect(positionsOf(block.build())).toEqual({ positions: [], issues: [] })
  })
})
