import { decodeEventLog, encodeAbiParameters, parseAbi, parseAbiParameters } from 'viem'
import { describe, expect, test } from 'vitest'
import {
  ALICE,
  AVAX_USD_AGGREGATOR,
  BLUB,
  BLUB_WAVAX_LB,
  BLUB_WAVAX_LFJ_V1,
  BLUB_WAVAX_PHARAOH_V1,
  BOB,
  LB_ROUTER_V2_2,
  LFJ_V1_ROUTER,
  USDC,
  WAVAX,
  ZERO,
} from '../_test/avalanche'
import { createTestBlock, encodeLog, hashOf, packAmounts, testTrackedContracts } from '../_test/blocks'
import {
  adminEventsAbi,
  chainlinkAggregatorAbi,
  contractAbis,
  erc20Abi,
  lfjLbPairAbi,
  uniswapV2PairAbi,
  wrappedNativeAbi,
} from '../abi/abis'
import { transformBlock } from '../transform/transformBlock'
import { createTrackedContracts } from './createTrackedContracts'
import { decodeBlockLogs } from './decodeBlockLogs'

const tracked = testTrackedContracts()

/** [contractType, eventName, args] of each decoded event. */
const summary = (events: ReturnType<typeof decodeBlockLogs>['events']) =>
  events.map((event) => [event.contractType, event.eventName, event.args])

test('default', () => {
  const block = createTestBlock()
  block
    .transaction({ from: ALICE, to: LFJ_V1_ROUTER })
    .log(WAVAX, wrappedNativeAbi, 'Transfer', { from: ALICE, to: BLUB_WAVAX_LFJ_V1, value: 10n ** 18n })
    .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', {
      sender: LFJ_V1_ROUTER,
      amount0In: 0n,
      amount1In: 10n ** 18n,
      amount0Out: 5_000n * 10n ** 18n,
      amount1Out: 0n,
      to: ALICE,
    })
  const { events, undecodable } = decodeBlockLogs(block.build(), tracked)
  expect(undecodable).toEqual([])
  expect(summary(events)).toEqual([
    ['wrapped_native', 'Transfer', { from: ALICE, to: BLUB_WAVAX_LFJ_V1, value: 10n ** 18n }],
    [
      'uniswap_v2_pair',
      'Swap',
      {
        sender: LFJ_V1_ROUTER,
        amount0In: 0n,
        amount1In: 10n ** 18n,
        amount0Out: 5_000n * 10n ** 18n,
        amount1Out: 0n,
        to: ALICE,
      },
    ],
  ])
  expect(events[1]?.contract).toBe(tracked.get(BLUB_WAVAX_LFJ_V1))
  expect(events[1]?.log.logIndex).toBe(1)
})

describe('behavior: every event type decodes', () => {
  test('erc20: Transfer, Approval', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: USDC })
      .log(USDC, erc20Abi, 'Transfer', { from: ALICE, to: BOB, value: 25_000_000n })
      .log(USDC, erc20Abi, 'Approval', { owner: ALICE, spender: LFJ_V1_ROUTER, value: 2n ** 256n - 1n })
    expect(summary(decodeBlockLogs(block.build(), tracked).events)).toEqual([
      ['erc20', 'Transfer', { from: ALICE, to: BOB, value: 25_000_000n }],
      ['erc20', 'Approval', { owner: ALICE, spender: LFJ_V1_ROUTER, value: 2n ** 256n - 1n }],
    ])
  })

  test('every type: administration events (ownership, pausing, roles, proxies, initialisation) decode and make no row', () => {
    const role = `0x${'ab'.repeat(32)}` as const
    const block = createTestBlock()
    const tx = block.transaction({ from: ALICE })
    for (const address of [BLUB, WAVAX, BLUB_WAVAX_LFJ_V1, BLUB_WAVAX_LB, AVAX_USD_AGGREGATOR])
      tx.log(address, adminEventsAbi, 'OwnershipTransferred', { previousOwner: ZERO, newOwner: ALICE })
        .log(address, adminEventsAbi, 'OwnershipTransferStarted', { previousOwner: ALICE, newOwner: BOB })
        .log(address, adminEventsAbi, 'OwnershipTransferRequested', { from: ALICE, to: BOB })
        .log(address, adminEventsAbi, 'Paused', { account: ALICE })
        .log(address, adminEventsAbi, 'Unpaused', { account: ALICE })
        .log(address, adminEventsAbi, 'RoleGranted', { role, account: BOB, sender: ALICE })
        .log(address, adminEventsAbi, 'RoleRevoked', { role, account: BOB, sender: ALICE })
        .log(address, adminEventsAbi, 'RoleAdminChanged', {
          role,
          previousAdminRole: role,
          newAdminRole: role,
        })
        .log(address, adminEventsAbi, 'Upgraded', { implementation: BOB })
        .log(address, adminEventsAbi, 'AdminChanged', { previousAdmin: ALICE, newAdmin: BOB })
        .log(address, adminEventsAbi, 'BeaconUpgraded', { beacon: BOB })
        .raw(
          address,
          encodeLog(parseAbi(['event Initialized(uint8 version)']), 'Initialized', { version: 1 }),
        )
        .raw(
          address,
          encodeLog(parseAbi(['event Initialized(uint64 version)']), 'Initialized', { version: 2n }),
        )
    const built = block.build()
    const { events, undecodable } = decodeBlockLogs(built, tracked)
    expect(undecodable).toEqual([])
    expect(events).toHaveLength(built.logs.length)
    expect(summary(events.slice(0, 3))).toEqual([
      ['erc20', 'OwnershipTransferred', { previousOwner: ZERO, newOwner: ALICE }],
      ['erc20', 'OwnershipTransferStarted', { previousOwner: ALICE, newOwner: BOB }],
      ['erc20', 'OwnershipTransferRequested', { from: ALICE, to: BOB }],
    ])
    expect(events.map((event) => event.contractType)).toEqual(
      ['erc20', 'wrapped_native', 'uniswap_v2_pair', 'lfj_lb_pair', 'chainlink_aggregator'].flatMap((type) =>
        Array(13).fill(type),
      ),
    )
    // Recognised, and nothing idx stores comes from them.
    const rows = transformBlock({ chainId: 43114, block: built, trackedContracts: tracked })
    expect(rows).toMatchObject({
      transfers: [],
      poolSwaps: [],
      liquidityEvents: [],
      positions: [],
      feedAnswers: [],
      undecodable: [],
      issues: [],
    })
  })

  test('erc20: what Circle’s USDC emits besides transfers decodes; a mint is one transfer (its Transfer), not two', () => {
    const nonce = `0x${'cd'.repeat(32)}` as const
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: USDC })
      .log(USDC, erc20Abi, 'Mint', { minter: ALICE, to: BOB, amount: 5_000_000n })
      .log(USDC, erc20Abi, 'Transfer', { from: ZERO, to: BOB, value: 5_000_000n })
      .log(USDC, erc20Abi, 'Burn', { burner: ALICE, amount: 1n })
      .log(USDC, erc20Abi, 'AuthorizationUsed', { authorizer: ALICE, nonce })
      .log(USDC, erc20Abi, 'AuthorizationCanceled', { authorizer: ALICE, nonce })
      .log(USDC, erc20Abi, 'MinterConfigured', { minter: ALICE, minterAllowedAmount: 10n ** 12n })
      .log(USDC, erc20Abi, 'MinterRemoved', { oldMinter: ALICE })
      .log(USDC, erc20Abi, 'MasterMinterChanged', { newMasterMinter: BOB })
      .log(USDC, erc20Abi, 'Blacklisted', { _account: BOB })
      .log(USDC, erc20Abi, 'UnBlacklisted', { _account: BOB })
      .log(USDC, erc20Abi, 'BlacklisterChanged', { newBlacklister: BOB })
      .log(USDC, erc20Abi, 'Pause', [])
      .log(USDC, erc20Abi, 'Unpause', [])
      .log(USDC, erc20Abi, 'PauserChanged', { newAddress: BOB })
      .log(USDC, erc20Abi, 'RescuerChanged', { newRescuer: BOB })
    const built = block.build()
    const { events, undecodable } = decodeBlockLogs(built, tracked)
    expect(undecodable).toEqual([])
    expect(events.map((event) => event.eventName)).toEqual([
      'Mint',
      'Transfer',
      'Burn',
      'AuthorizationUsed',
      'AuthorizationCanceled',
      'MinterConfigured',
      'MinterRemoved',
      'MasterMinterChanged',
      'Blacklisted',
      'UnBlacklisted',
      'BlacklisterChanged',
      'Pause',
      'Unpause',
      'PauserChanged',
      'RescuerChanged',
    ])
    expect(summary(events.slice(0, 1))).toEqual([
      ['erc20', 'Mint', { minter: ALICE, to: BOB, amount: 5_000_000n }],
    ])
    const { transfers } = transformBlock({ chainId: 43114, block: built, trackedContracts: tracked })
    expect(transfers.map((t) => [t.token, t.from, t.to, t.amount, t.cause])).toEqual([
      [USDC, ZERO, BOB, 5_000_000n, 'mint'],
    ])
  })

  test('wrapped_native: Deposit, Withdrawal, Transfer', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: WAVAX })
      .log(WAVAX, wrappedNativeAbi, 'Deposit', { dst: ALICE, wad: 3n * 10n ** 18n })
      .log(WAVAX, wrappedNativeAbi, 'Transfer', { from: ALICE, to: BOB, value: 10n ** 18n })
      .log(WAVAX, wrappedNativeAbi, 'Withdrawal', { src: ALICE, wad: 2n * 10n ** 18n })
    expect(summary(decodeBlockLogs(block.build(), tracked).events)).toEqual([
      ['wrapped_native', 'Deposit', { dst: ALICE, wad: 3n * 10n ** 18n }],
      ['wrapped_native', 'Transfer', { from: ALICE, to: BOB, value: 10n ** 18n }],
      ['wrapped_native', 'Withdrawal', { src: ALICE, wad: 2n * 10n ** 18n }],
    ])
  })

  test('uniswap_v2_pair: Swap, Mint, Burn, Sync, Transfer', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: LFJ_V1_ROUTER })
      .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Transfer', { from: ZERO, to: ALICE, value: 1_000n })
      .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Sync', { reserve0: 2n ** 112n - 1n, reserve1: 7n })
      .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Mint', { sender: LFJ_V1_ROUTER, amount0: 10n, amount1: 20n })
      .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Burn', {
        sender: LFJ_V1_ROUTER,
        amount0: 1n,
        amount1: 2n,
        to: BOB,
      })
      .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Swap', {
        sender: LFJ_V1_ROUTER,
        amount0In: 1n,
        amount1In: 0n,
        amount0Out: 0n,
        amount1Out: 3n,
        to: BOB,
      })
    expect(summary(decodeBlockLogs(block.build(), tracked).events)).toEqual([
      ['uniswap_v2_pair', 'Transfer', { from: ZERO, to: ALICE, value: 1_000n }],
      ['uniswap_v2_pair', 'Sync', { reserve0: 2n ** 112n - 1n, reserve1: 7n }],
      ['uniswap_v2_pair', 'Mint', { sender: LFJ_V1_ROUTER, amount0: 10n, amount1: 20n }],
      ['uniswap_v2_pair', 'Burn', { sender: LFJ_V1_ROUTER, amount0: 1n, amount1: 2n, to: BOB }],
      [
        'uniswap_v2_pair',
        'Swap',
        { sender: LFJ_V1_ROUTER, amount0In: 1n, amount1In: 0n, amount0Out: 0n, amount1Out: 3n, to: BOB },
      ],
    ])
  })

  test('lfj_lb_pair: Swap, DepositedToBins, WithdrawnFromBins, TransferBatch', () => {
    const block = createTestBlock()
    const swap = {
      sender: LB_ROUTER_V2_2,
      to: ALICE,
      id: 8_388_608,
      amountsIn: packAmounts(0n, 10n ** 18n),
      amountsOut: packAmounts(4_990n * 10n ** 18n, 0n),
      volatilityAccumulator: 12_345,
      totalFees: packAmounts(0n, 3n * 10n ** 15n),
      protocolFees: packAmounts(0n, 10n ** 15n),
    } as const
    const bins = {
      sender: LB_ROUTER_V2_2,
      to: ALICE,
      ids: [8_388_607n, 8_388_608n],
      amounts: [packAmounts(0n, 5n), packAmounts(7n, 0n)],
    }
    block
      .transaction({ from: ALICE, to: LB_ROUTER_V2_2 })
      .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', swap)
      .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'TransferBatch', {
        sender: LB_ROUTER_V2_2,
        from: ZERO,
        to: ALICE,
        ids: [8_388_607n, 8_388_608n],
        amounts: [100n, 200n],
      })
      .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'DepositedToBins', bins)
      .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'WithdrawnFromBins', bins)
    expect(summary(decodeBlockLogs(block.build(), tracked).events)).toEqual([
      ['lfj_lb_pair', 'Swap', swap],
      [
        'lfj_lb_pair',
        'TransferBatch',
        {
          sender: LB_ROUTER_V2_2,
          from: ZERO,
          to: ALICE,
          ids: [8_388_607n, 8_388_608n],
          amounts: [100n, 200n],
        },
      ],
      ['lfj_lb_pair', 'DepositedToBins', bins],
      ['lfj_lb_pair', 'WithdrawnFromBins', bins],
    ])
  })

  test('chainlink_aggregator: AnswerUpdated (a negative answer too), NewRound', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: AVAX_USD_AGGREGATOR })
      .log(AVAX_USD_AGGREGATOR, chainlinkAggregatorAbi, 'NewRound', {
        roundId: 7n,
        startedBy: ALICE,
        startedAt: 1_733_000_000n,
      })
      .log(AVAX_USD_AGGREGATOR, chainlinkAggregatorAbi, 'AnswerUpdated', {
        current: 2_512_345_678n,
        roundId: 7n,
        updatedAt: 1_733_000_000n,
      })
      .log(AVAX_USD_AGGREGATOR, chainlinkAggregatorAbi, 'AnswerUpdated', {
        current: -5n,
        roundId: 8n,
        updatedAt: 1_733_000_001n,
      })
    expect(summary(decodeBlockLogs(block.build(), tracked).events)).toEqual([
      ['chainlink_aggregator', 'NewRound', { roundId: 7n, startedBy: ALICE, startedAt: 1_733_000_000n }],
      [
        'chainlink_aggregator',
        'AnswerUpdated',
        { current: 2_512_345_678n, roundId: 7n, updatedAt: 1_733_000_000n },
      ],
      ['chainlink_aggregator', 'AnswerUpdated', { current: -5n, roundId: 8n, updatedAt: 1_733_000_001n }],
    ])
  })
})

test("behavior: the same arguments as viem's decodeEventLog, addresses lowercase", () => {
  const block = createTestBlock()
  block
    .transaction({ from: ALICE, to: LB_ROUTER_V2_2 })
    .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', {
      sender: LB_ROUTER_V2_2,
      to: ALICE,
      id: 2 ** 24 - 1,
      amountsIn: packAmounts(2n ** 128n - 1n, 1n),
      amountsOut: packAmounts(0n, 2n ** 128n - 1n),
      volatilityAccumulator: 123_456,
      totalFees: packAmounts(3n, 0n),
      protocolFees: packAmounts(1n, 0n),
    })
    .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'ApprovalForAll', {
      account: ALICE,
      sender: LB_ROUTER_V2_2,
      approved: true,
    })
    .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'HooksParametersSet', {
      sender: ALICE,
      hooksParameters: hashOf('hooks'),
    })
    .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'StaticFeeParametersSet', {
      sender: ALICE,
      baseFactor: 5_000,
      filterPeriod: 30,
      decayPeriod: 600,
      reductionFactor: 5_000,
      variableFeeControl: 2_000_000,
      protocolShare: 1_000,
      maxVolatilityAccumulator: 350_000,
    })
    .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'WithdrawnFromBins', {
      sender: LB_ROUTER_V2_2,
      to: BOB,
      ids: [1n, 2n ** 24n - 1n],
      amounts: [packAmounts(1n, 2n), packAmounts(3n, 4n)],
    })
    .log(AVAX_USD_AGGREGATOR, chainlinkAggregatorAbi, 'AnswerUpdated', {
      current: -(2n ** 255n),
      roundId: 2n ** 256n - 1n,
      updatedAt: 0n,
    })
    .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Sync', { reserve0: 2n ** 112n - 1n, reserve1: 0n })
    .log(WAVAX, wrappedNativeAbi, 'Withdrawal', { src: LFJ_V1_ROUTER, wad: 1n })
  const built = block.build()
  const lowercase = (value: unknown): unknown =>
    typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value) ? value.toLowerCase() : value
  const { events, undecodable } = decodeBlockLogs(built, tracked)
  expect(undecodable).toEqual([])
  expect(events).toHaveLength(built.logs.length)
  for (const event of events) {
    const viem = decodeEventLog({
      abi: contractAbis[event.contractType],
      topics: event.log.topics as never,
      data: event.log.data,
    })
    expect(event.eventName).toBe(viem.eventName)
    expect(event.args).toEqual(
      Object.fromEntries(Object.entries(viem.args as object).map(([key, value]) => [key, lowercase(value)])),
    )
    expect(Object.keys(event.args)).toEqual(Object.keys(viem.args as object))
  }
})

describe('behavior', () => {
  test('logs of untracked contracts are skipped', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE, to: LFJ_V1_ROUTER })
      // Pharaoh's pool is not tracked here, nor is this token.
      .log(BLUB_WAVAX_PHARAOH_V1, uniswapV2PairAbi, 'Sync', { reserve0: 1n, reserve1: 2n })
      .log('0x00000000000000000000000000000000000000aa', erc20Abi, 'Transfer', {
        from: ALICE,
        to: BOB,
        value: 1n,
      })
      .log(BLUB, erc20Abi, 'Transfer', { from: ALICE, to: BOB, value: 1n })
    const { events, undecodable } = decodeBlockLogs(block.build(), tracked)
    expect(events.map((event) => [event.contract.address, event.log.logIndex])).toEqual([[BLUB, 2]])
    expect(undecodable).toEqual([])
  })

  test('a log address in any case matches its tracked contract', () => {
    const block = createTestBlock()
    block.transaction({ from: ALICE }).log(BLUB, erc20Abi, 'Transfer', { from: ALICE, to: BOB, value: 1n })
    const built = block.build()
    const shouting = built.logs.map((log) => ({
      ...log,
      address: `0x${BLUB.slice(2).toUpperCase()}` as const,
    }))
    expect(decodeBlockLogs({ logs: shouting }, tracked).events).toHaveLength(1)
  })

  test('the same selector decodes by the contract type (a pair Transfer vs a token Transfer)', () => {
    const block = createTestBlock()
    block
      .transaction({ from: ALICE })
      .log(BLUB, erc20Abi, 'Transfer', { from: ALICE, to: BOB, value: 1n })
      .log(BLUB_WAVAX_LFJ_V1, erc20Abi, 'Transfer', { from: ALICE, to: BOB, value: 1n })
    expect(decodeBlockLogs(block.build(), tracked).events.map((event) => event.contractType)).toEqual([
      'erc20',
      'uniswap_v2_pair',
    ])
  })

  test('a block without tracked logs', () => {
    expect(decodeBlockLogs({ logs: [] }, tracked)).toEqual({ events: [], undecodable: [] })
  })
})

describe('behavior: undecodable logs are recorded, never thrown', () => {
  const cases = () => {
    const block = createTestBlock()
    const transaction = block.transaction({ from: ALICE, to: LFJ_V1_ROUTER })
    // 0: an event the V2 ABI does not have (Solidly-style pairs, e.g. Pharaoh, emit Fees).
    transaction.raw(
      BLUB_WAVAX_LFJ_V1,
      encodeLog(parseAbi(['event Fees(address indexed sender, uint256 amount0, uint256 amount1)']), 'Fees', {
        sender: ALICE,
        amount0: 1n,
        amount1: 2n,
      }),
    )
    // 1: an anonymous event: no topics.
    transaction.raw(BLUB, { topics: [], data: encodeAbiParameters(parseAbiParameters('uint256'), [1n]) })
    // 2: an ERC-721-style Transfer (tokenId indexed: four topics, no data) on an ERC-20 contract.
    transaction.raw(
      BLUB,
      encodeLog(
        parseAbi(['event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)']),
        'Transfer',
        { from: ALICE, to: BOB, tokenId: 1n },
      ),
    )
    // 3: a Swap whose data was cut short.
    const swap = encodeLog(uniswapV2PairAbi, 'Swap', {
      sender: LFJ_V1_ROUTER,
      amount0In: 1n,
      amount1In: 0n,
      amount0Out: 0n,
      amount1Out: 3n,
      to: BOB,
    })
    transaction.raw(BLUB_WAVAX_LFJ_V1, { topics: swap.topics, data: `0x${swap.data.slice(2, 2 + 64 * 3)}` })
    // 4: a Transfer without data.
    const transfer = encodeLog(erc20Abi, 'Transfer', { from: ALICE, to: BOB, value: 1n })
    transaction.raw(USDC, { topics: transfer.topics, data: '0x' })
    // 5: an address topic with its high bytes set.
    transaction.raw(USDC, {
      topics: [transfer.topics[0]!, hashOf('not an address'), transfer.topics[2]!],
      data: transfer.data,
    })
    // 6: a good log after the bad ones.
    transaction.log(USDC, erc20Abi, 'Transfer', { from: ALICE, to: BOB, value: 1n })
    return block.build()
  }

  test('with the reason', () => {
    const { events, undecodable } = decodeBlockLogs(cases(), tracked)
    expect(events.map((event) => event.log.logIndex)).toEqual([6])
    expect(
      undecodable.map(({ log, contract, reason }) => [log.logIndex, contract.type, reason]),
    ).toMatchInlineSnapshot(`
        [
          [
            0,
            "uniswap_v2_pair",
            "The event selector "0x112c256902bf554b6ed882d2936687aaeb4225e8cd5b51303c90ca6cf43a8602" is not an event of the contract type "uniswap_v2_pair".",
          ],
          [
            1,
            "erc20",
            "The log has no topics (an anonymous event), so its event cannot be identified.",
          ],
          [
            2,
            "erc20",
            "The log has 4 topics, but "Transfer(address,address,uint256)" has 3 topics (its selector and 2 indexed parameters).",
          ],
          [
            3,
            "uniswap_v2_pair",
            "The data of "Swap(address,uint256,uint256,uint256,uint256,address)" is too short for its parameters (96 bytes).",
          ],
          [
            4,
            "erc20",
            "The log has no data, but "Transfer(address,address,uint256)" has non-indexed parameters.",
          ],
          [
            5,
            "erc20",
            "The topic of "from" of "Transfer(address,address,uint256)" is not an address: "0x55c66d54fbe6adae60c1e7dd9492b9bc5f6df53ac0ca53ae329e9fb5903fbe37".",
          ],
        ]
      `)
  })
})

describe('error', () => {
  test('a tracked contract whose type has no ABI', () => {
    const handBuilt = new Map([[BLUB, { address: BLUB, type: 'curve_pool' }]] as const)
    const block = createTestBlock()
    block.transaction({ from: ALICE }).log(BLUB, erc20Abi, 'Transfer', { from: ALICE, to: BOB, value: 1n })
    expect(() => decodeBlockLogs(block.build(), handBuilt)).toThrowErrorMatchingInlineSnapshot(`
      [UnknownContractTypeError: The contract "0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd" has the type "curve_pool", which has no ABI in the registry.
      Known contract types: "erc20", "wrapped_native", "uniswap_v2_pair", "lfj_lb_pair", "uniswap_v3_pool", "solidly_pair", "uniswap_v3_position_manager", "chainlink_aggregator", "dex_aggregator".]
    `)
  })
})

// createTrackedContracts is what builds the map in practice.
test('behavior: with createTrackedContracts', () => {
  const block = createTestBlock()
  block.transaction({ from: ALICE }).log(BLUB, erc20Abi, 'Transfer', { from: ALICE, to: BOB, value: 1n })
  const only = createTrackedContracts([{ address: BLUB, type: 'erc20' }])
  expect(decodeBlockLogs(block.build(), only).events).toHaveLength(1)
})
