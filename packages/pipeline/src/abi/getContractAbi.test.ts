import { type AbiEvent, toEventSelector } from 'viem'
import { formatAbiItem } from 'viem/utils'
import { describe, expect, test } from 'vitest'
import {
  adminEventsAbi,
  CONTRACT_TYPES,
  contractAbis,
  erc20Abi,
  lfjLbPairAbi,
  tokenAdminEventsAbi,
} from './abis'
import { getContractAbi } from './getContractAbi'

const signatures = (abi: readonly AbiEvent[]) => abi.map((item) => formatAbiItem(item))

test('default', () => {
  expect(getContractAbi('erc20')).toBe(erc20Abi)
  expect(getContractAbi('lfj_lb_pair')).toBe(lfjLbPairAbi)
})

test('behavior: every contract type has an ABI', () => {
  expect(CONTRACT_TYPES).toEqual([
    'erc20',
    'wrapped_native',
    'uniswap_v2_pair',
    'lfj_lb_pair',
    'uniswap_v3_pool',
    'solidly_pair',
    'uniswap_v3_position_manager',
    'chainlink_aggregator',
    'dex_aggregator',
  ])
  for (const type of CONTRACT_TYPES) expect(getContractAbi(type)).toBe(contractAbis[type])
})

test('behavior: event signatures', () => {
  // Each type's own events; the administration events every type (and every token) also lists are below.
  const shared = new Set(signatures([...adminEventsAbi, ...tokenAdminEventsAbi]))
  const own = (type: (typeof CONTRACT_TYPES)[number]) =>
    signatures(contractAbis[type]).filter((signature) => !shared.has(signature))
  expect(Object.fromEntries(CONTRACT_TYPES.map((type) => [type, own(type)]))).toMatchInlineSnapshot(`
    {
      "chainlink_aggregator": [
        "AnswerUpdated(int256,uint256,uint256)",
        "NewRound(uint256,address,uint256)",
      ],
      "dex_aggregator": [
        "Swap(address,uint256,address,uint256,address,int256,uint32)",
        "SwapMulti(address,uint256[],address[],uint256[],address[],uint32)",
        "SwapExactIn(address,address,address,address,uint256,uint256)",
        "SwapExactOut(address,address,address,address,uint256,uint256)",
        "RouterLogicUpdated(address,bool)",
        "Swapped(address,address,address,address,uint256,uint256)",
        "Exchange(address,uint256,address)",
        "Fee(address,uint256,uint256,address[],uint256[],bool)",
        "ClientData(bytes)",
        "Error(string)",
      ],
      "erc20": [
        "Transfer(address,address,uint256)",
        "Approval(address,address,uint256)",
      ],
      "lfj_lb_pair": [
        "Swap(address,address,uint24,bytes32,bytes32,uint24,bytes32,bytes32)",
        "DepositedToBins(address,address,uint256[],bytes32[])",
        "WithdrawnFromBins(address,address,uint256[],bytes32[])",
        "TransferBatch(address,address,address,uint256[],uint256[])",
        "ApprovalForAll(address,address,bool)",
        "CompositionFees(address,uint24,bytes32,bytes32)",
        "CollectedProtocolFees(address,bytes32)",
        "FlashLoan(address,address,uint24,bytes32,bytes32,bytes32)",
        "StaticFeeParametersSet(address,uint16,uint16,uint16,uint16,uint24,uint16,uint24)",
        "HooksParametersSet(address,bytes32)",
        "OracleLengthIncreased(address,uint16)",
        "ForcedDecay(address,uint24,uint24)",
      ],
      "solidly_pair": [
        "Swap(address,uint256,uint256,uint256,uint256,address)",
        "Mint(address,uint256,uint256)",
        "Burn(address,uint256,uint256,address)",
        "Sync(uint256,uint256)",
        "Fees(address,uint256,uint256)",
        "Claim(address,address,uint256,uint256)",
        "Transfer(address,address,uint256)",
        "Approval(address,address,uint256)",
      ],
      "uniswap_v2_pair": [
        "Swap(address,uint256,uint256,uint256,uint256,address)",
        "Mint(address,uint256,uint256)",
        "Burn(address,uint256,uint256,address)",
        "Sync(uint112,uint112)",
        "Transfer(address,address,uint256)",
        "Approval(address,address,uint256)",
      ],
      "uniswap_v3_pool": [
        "Swap(address,address,int256,int256,uint160,uint128,int24)",
        "Mint(address,address,int24,int24,uint128,uint256,uint256)",
        "Burn(address,int24,int24,uint128,uint256,uint256)",
        "Collect(address,address,int24,int24,uint128,uint128)",
        "Flash(address,address,uint256,uint256,uint256,uint256)",
        "CollectProtocol(address,address,uint128,uint128)",
        "Initialize(uint160,int24)",
        "IncreaseObservationCardinalityNext(uint16,uint16)",
        "SetFeeProtocol(uint8,uint8,uint8,uint8)",
        "SetFeeProtocol(uint8,uint8)",
      ],
      "uniswap_v3_position_manager": [
        "IncreaseLiquidity(uint256,uint128,uint256,uint256)",
        "DecreaseLiquidity(uint256,uint128,uint256,uint256)",
        "Collect(uint256,address,uint256,uint256)",
        "Transfer(address,address,uint256)",
        "Approval(address,address,uint256)",
        "ApprovalForAll(address,address,bool)",
      ],
      "wrapped_native": [
        "Transfer(address,address,uint256)",
        "Approval(address,address,uint256)",
        "Deposit(address,uint256)",
        "Withdrawal(address,uint256)",
      ],
    }
  `)
})

test('behavior: administration events: every type lists them, tokens also what USDC emits; no selector twice', () => {
  expect(signatures(adminEventsAbi)).toMatchInlineSnapshot(`
    [
      "OwnershipTransferred(address,address)",
      "OwnershipTransferStarted(address,address)",
      "OwnershipTransferRequested(address,address)",
      "Paused(address)",
      "Unpaused(address)",
      "RoleGranted(bytes32,address,address)",
      "RoleRevoked(bytes32,address,address)",
      "RoleAdminChanged(bytes32,bytes32,bytes32)",
      "Upgraded(address)",
      "AdminChanged(address,address)",
      "BeaconUpgraded(address)",
      "Initialized(uint8)",
      "Initialized(uint64)",
    ]
  `)
  expect(signatures(tokenAdminEventsAbi)).toMatchInlineSnapshot(`
    [
      "Mint(address,address,uint256)",
      "Burn(address,uint256)",
      "MinterConfigured(address,uint256)",
      "MinterRemoved(address)",
      "MasterMinterChanged(address)",
      "Blacklisted(address)",
      "UnBlacklisted(address)",
      "BlacklisterChanged(address)",
      "Pause()",
      "Unpause()",
      "PauserChanged(address)",
      "RescuerChanged(address)",
      "AuthorizationUsed(address,bytes32)",
      "AuthorizationCanceled(address,bytes32)",
    ]
  `)
  for (const type of CONTRACT_TYPES) {
    const all = signatures(contractAbis[type])
    expect(all, type).toEqual(expect.arrayContaining(signatures(adminEventsAbi)))
    const selectors = (contractAbis[type] as readonly AbiEvent[]).map((item) => toEventSelector(item))
    expect(new Set(selectors).size, type).toBe(selectors.length)
  }
  expect(signatures(erc20Abi)).toEqual(expect.arrayContaining(signatures(tokenAdminEventsAbi)))
})

test('behavior: the well-known selectors', () => {
  // topic0 values as seen on chain explorers for these standard events.
  const selector = (type: keyof typeof contractAbis, name: string) =>
    toEventSelector((contractAbis[type] as readonly AbiEvent[]).find((item) => item.name === name)!)
  expect(selector('erc20', 'Transfer')).toBe(
    '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef',
  )
  expect(selector('uniswap_v2_pair', 'Swap')).toBe(
    '0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822',
  )
  expect(selector('uniswap_v2_pair', 'Sync')).toBe(
    '0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1',
  )
  expect(selector('uniswap_v2_pair', 'Mint')).toBe(
    '0x4c209b5fc8ad50758f13e2e1088ba56a560dff690a1c6fef26394f4c03821c4f',
  )
  expect(selector('uniswap_v2_pair', 'Burn')).toBe(
    '0xdccd412f0b1252819cb1fd330b93224ca42612892bb3f4f789976e6d81936496',
  )
  expect(selector('wrapped_native', 'Deposit')).toBe(
    '0xe1fffcc4923d04b559f4d29a8bfc6cda04eb5b0d3c460751c2402c5c5cc9109c',
  )
  expect(selector('wrapped_native', 'Withdrawal')).toBe(
    '0x7fcf532c15f0a6db0bd6d0e038bea71d30d808c7d98cb3bf7268a95bf5081b65',
  )
  expect(selector('chainlink_aggregator', 'AnswerUpdated')).toBe(
    '0x0559884fd3a460db3073b7fc896cc77986f16e378210ded43186175bf646fc5f',
  )
  expect(selector('erc20', 'OwnershipTransferred')).toBe(
    '0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0',
  )
})

test('behavior: indexed parameters of the LB events', () => {
  const indexed = (name: string) =>
    (lfjLbPairAbi as readonly AbiEvent[])
      .find((item) => item.name === name)!
      .inputs.filter((input) => input.indexed)
      .map((input) => input.name)
  expect(indexed('Swap')).toEqual(['sender', 'to'])
  expect(indexed('DepositedToBins')).toEqual(['sender', 'to'])
  expect(indexed('WithdrawnFromBins')).toEqual(['sender', 'to'])
  expect(indexed('TransferBatch')).toEqual(['sender', 'from', 'to'])
})

describe('error', () => {
  test('an unknown type', () => {
    expect(() => getContractAbi('curve_pool')).toThrowErrorMatchingInlineSnapshot(`
      [UnknownContractTypeError: The contract type "curve_pool" has no ABI in the registry.
      Known contract types: "erc20", "wrapped_native", "uniswap_v2_pair", "lfj_lb_pair", "uniswap_v3_pool", "solidly_pair", "uniswap_v3_position_manager", "chainlink_aggregator", "dex_aggregator".]
    `)
  })

  test('an unknown type of a contract', () => {
    expect(() =>
      getContractAbi('router', { address: '0x60ae616a2155ee3d9a68541ba4544862310933d4' }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [UnknownContractTypeError: The contract "0x60ae616a2155ee3d9a68541ba4544862310933d4" has the type "router", which has no ABI in the registry.
      Known contract types: "erc20", "wrapped_native", "uniswap_v2_pair", "lfj_lb_pair", "uniswap_v3_pool", "solidly_pair", "uniswap_v3_position_manager", "chainlink_aggregator", "dex_aggregator".]
    `)
  })

  test('not an inherited property', () => {
    expect(() => getContractAbi('toString')).toThrow(
      'The contract type "toString" has no ABI in the registry.',
    )
  })
})
