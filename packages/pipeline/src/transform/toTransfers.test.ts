import { describe, expect, test } from 'vitest'
import { ALICE, BLUB, BLUB_WAVAX_LFJ_V1, BOB, CHAIN_ID, USDC, WAVAX, ZERO } from '../_test/avalanche'
import { createTestBlock, testTrackedContracts } from '../_test/blocks'
import { erc20Abi, uniswapV2PairAbi, wrappedNativeAbi } from '../abi/abis'
import type { SourceBlock } from '../block/types'
import { decodeBlockLogs } from '../decode/decodeBlockLogs'
import { toTransfers } from './toTransfers'

const E18 = 10n ** 18n
const tracked = testTrackedContracts()

function transfersOf(block: SourceBlock) {
  return toTransfers({ chainId: CHAIN_ID, block, events: decodeBlockLogs(block, tracked).events })
}

test('default: an ERC-20 Transfer', () => {
  const block = createTestBlock()
  const transaction = block.transaction({ from: ALICE, to: USDC })
  transaction.log(USDC, erc20Abi, 'Transfer', { from: ALICE, to: BOB, value: 25_000_000n })
  expect(transfersOf(block.build())).toEqual([
    {
      id: `43114:${transaction.hash}:0:transfer`,
      chainId: 43114,
      blockNumber: 63269916n,
      blockTimestamp: 1_733_000_000n,
      transactionHash: transaction.hash,
      transactionIndex: 0,
      logIndex: 0,
      kind: 'transfer',
      token: USDC,
      from: ALICE,
      to: BOB,
      amount: 25_000_000n,
      cause: 'transfer',
    },
  ])
})

describe('behavior', () => {
  test('mints and burns of a token', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: BLUB })
      .log(BLUB, erc20Abi, 'Transfer', { from: ZERO, to: ALICE, value: 10n ** 27n })
      .log(BLUB, erc20Abi, 'Transfer', { from: ALICE, to: ZERO, value: E18 })
    expect(
      transfersOf(block.build()).map(({ from, to, amount, cause }) => ({ from, to, amount, cause })),
    ).toEqual([
      { from: ZERO, to: ALICE, amount: 10n ** 27n, cause: 'mint' },
      { from: ALICE, to: ZERO, amount: E18, cause: 'burn' },
    ])
  })

  test('WAVAX: Deposit is a wrap from the zero address, Withdrawal an unwrap to it, Transfer a transfer', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: WAVAX })
      .log(WAVAX, wrappedNativeAbi, 'Deposit', { dst: ALICE, wad: 3n * E18 })
      .log(WAVAX, wrappedNativeAbi, 'Transfer', { from: ALICE, to: BOB, value: E18 })
      .log(WAVAX, wrappedNativeAbi, 'Withdrawal', { src: ALICE, wad: 2n * E18 })
    const transfers = transfersOf(block.build())
    expect(
      transfers.map(({ token, from, to, amount, cause }) => ({ token, from, to, amount, cause })),
    ).toEqual([
      { token: WAVAX, from: ZERO, to: ALICE, amount: 3n * E18, cause: 'wrap' },
      { token: WAVAX, from: ALICE, to: BOB, amount: E18, cause: 'transfer' },
      { token: WAVAX, from: ALICE, to: ZERO, amount: 2n * E18, cause: 'unwrap' },
    ])
    // Summing the transfers gives the balances: Alice wrapped 3, sent 1, unwrapped 2.
    const balance = (holder: string) =>
      transfers.reduce(
        (sum, t) => sum + (t.to === holder ? t.amount : 0n) - (t.from === holder ? t.amount : 0n),
        0n,
      )
    expect([balance(ALICE), balance(BOB)]).toEqual([0n, E18])
  })

  test('LP token transfers and approvals are not transfers', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE })
      .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Transfer', { from: ALICE, to: BOB, value: 1n })
      .log(BLUB, erc20Abi, 'Approval', { owner: ALICE, spender: BOB, value: 1n })
    expect(transfersOf(block.build())).toEqual([])
  })
})
