import { describe, expect, test } from 'vitest'
import {
  AVAX_USD_AGGREGATOR,
  BLUB,
  BLUB_WAVAX_LB,
  BLUB_WAVAX_LFJ_V1,
  USDT,
  USDT_WAVAX_V2,
  WAVAX,
} from '../_test/avalanche'
import { createTrackedContracts } from './createTrackedContracts'

test('default', () => {
  const tracked = createTrackedContracts([
    { address: '0xB31f66AA3C1e785363F0875A1B74E27b85FD66c7', type: 'wrapped_native' },
    { address: BLUB_WAVAX_LFJ_V1, type: 'uniswap_v2_pair', pool: { baseToken: BLUB, quoteToken: WAVAX } },
    {
      address: BLUB_WAVAX_LB,
      type: 'lfj_lb_pair',
      pool: { baseToken: BLUB, quoteToken: WAVAX, token0: BLUB, token1: WAVAX },
    },
    { address: AVAX_USD_AGGREGATOR, type: 'chainlink_aggregator' },
  ])
  expect([...tracked.keys()]).toEqual([WAVAX, BLUB_WAVAX_LFJ_V1, BLUB_WAVAX_LB, AVAX_USD_AGGREGATOR])
  expect(tracked.get(WAVAX)).toEqual({ address: WAVAX, type: 'wrapped_native' })
  expect(tracked.get(BLUB_WAVAX_LB)?.pool).toEqual({
    baseToken: BLUB,
    quoteToken: WAVAX,
    token0: BLUB,
    token1: WAVAX,
  })
})

describe('behavior', () => {
  test('a V2 pair orders its tokens by address (BLUB/WAVAX: token0 BLUB)', () => {
    const tracked = createTrackedContracts([
      { address: BLUB_WAVAX_LFJ_V1, type: 'uniswap_v2_pair', pool: { baseToken: BLUB, quoteToken: WAVAX } },
    ])
    expect(tracked.get(BLUB_WAVAX_LFJ_V1)?.pool).toEqual({
      baseToken: BLUB,
      quoteToken: WAVAX,
      token0: BLUB,
      token1: WAVAX,
    })
  })

  test('a V2 pair whose base token is token1 (WAVAX/USDt: token0 USDt)', () => {
    const tracked = createTrackedContracts([
      { address: USDT_WAVAX_V2, type: 'uniswap_v2_pair', pool: { baseToken: WAVAX, quoteToken: USDT } },
    ])
    expect(tracked.get(USDT_WAVAX_V2)?.pool).toEqual({
      baseToken: WAVAX,
      quoteToken: USDT,
      token0: USDT,
      token1: WAVAX,
    })
  })

  test('addresses and tokens are lowercased', () => {
    const tracked = createTrackedContracts([
      {
        address: BLUB_WAVAX_LB.toUpperCase().replace('0X', '0x'),
        type: 'lfj_lb_pair',
        pool: {
          baseToken: BLUB.toUpperCase().replace('0X', '0x'),
          quoteToken: '0xB31f66AA3C1e785363F0875A1B74E27b85FD66c7',
          token0: BLUB.toUpperCase().replace('0X', '0x'),
          token1: '0xB31f66AA3C1e785363F0875A1B74E27b85FD66c7',
        },
      },
    ])
    expect(tracked.get(BLUB_WAVAX_LB)?.pool).toEqual({
      baseToken: BLUB,
      quoteToken: WAVAX,
      token0: BLUB,
      token1: WAVAX,
    })
  })
})

describe('error', () => {
  test('an unknown type', () => {
    expect(() =>
      createTrackedContracts([{ address: '0x3fc41c1ae339322ab87b6ba48e30781d88a304d4', type: 'curve_pool' }]),
    ).toThrowErrorMatchingInlineSnapshot(`
      [UnknownContractTypeError: The contract "0x3fc41c1ae339322ab87b6ba48e30781d88a304d4" has the type "curve_pool", which has no ABI in the registry.
      Known contract types: "erc20", "wrapped_native", "uniswap_v2_pair", "lfj_lb_pair", "uniswap_v3_pool", "solidly_pair", "uniswap_v3_position_manager", "chainlink_aggregator", "dex_aggregator".]
    `)
  })

  test('an LB pair without its token X and Y', () => {
    expect(() =>
      createTrackedContracts([
        { address: BLUB_WAVAX_LB, type: 'lfj_lb_pair', pool: { baseToken: BLUB, quoteToken: WAVAX } },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[InvalidTrackedContractError: The tracked contract "0xcb4c6fdcfb7d868df5f1e3d0018438205b243fd6" (lfj_lb_pair) needs its token X and token Y (pool.token0 and pool.token1): an LB pair keeps its creation order.]`,
    )
  })

  test('a pool without tokens', () => {
    expect(() =>
      createTrackedContracts([{ address: BLUB_WAVAX_LFJ_V1, type: 'uniswap_v2_pair' }]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[InvalidTrackedContractError: The tracked contract "0x39888258d60fed9228f89e13eb57a92f1fa832eb" (uniswap_v2_pair) is a pool, so it needs its base and quote tokens.]`,
    )
  })

  test('token0 and token1 that are not the base and quote tokens', () => {
    expect(() =>
      createTrackedContracts([
        {
          address: BLUB_WAVAX_LB,
          type: 'lfj_lb_pair',
          pool: { baseToken: BLUB, quoteToken: WAVAX, token0: BLUB, token1: USDT },
        },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[InvalidTrackedContractError: The tracked contract "0xcb4c6fdcfb7d868df5f1e3d0018438205b243fd6" (lfj_lb_pair) has token0 "0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd" and token1 "0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7", which are not its base and quote tokens "0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd" and "0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7".]`,
    )
  })

  test('the same base and quote token', () => {
    expect(() =>
      createTrackedContracts([
        { address: BLUB_WAVAX_LFJ_V1, type: 'uniswap_v2_pair', pool: { baseToken: BLUB, quoteToken: BLUB } },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[InvalidTrackedContractError: The tracked contract "0x39888258d60fed9228f89e13eb57a92f1fa832eb" (uniswap_v2_pair) has the same base and quote token "0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd".]`,
    )
  })

  test('a bad token address', () => {
    expect(() =>
      createTrackedContracts([
        {
          address: BLUB_WAVAX_LFJ_V1,
          type: 'uniswap_v2_pair',
          pool: { baseToken: 'BLUB', quoteToken: WAVAX },
        },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[InvalidTrackedContractError: The tracked contract "0x39888258d60fed9228f89e13eb57a92f1fa832eb" (uniswap_v2_pair) has an invalid base token "BLUB": expected an address.]`,
    )
  })

  test('pool tokens on a token contract', () => {
    expect(() =>
      createTrackedContracts([
        { address: BLUB, type: 'erc20', pool: { baseToken: BLUB, quoteToken: WAVAX } },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[InvalidTrackedContractError: The tracked contract "0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd" (erc20) has pool tokens, but a contract of type "erc20" is not a pool.]`,
    )
  })

  test('a contract listed twice', () => {
    expect(() =>
      createTrackedContracts([
        { address: BLUB, type: 'erc20' },
        { address: BLUB.toUpperCase().replace('0X', '0x'), type: 'erc20' },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[InvalidTrackedContractError: The tracked contract "0x0F669808D88B2B0B3D23214DCD2A1CC6A8B1B5CD" (erc20) is listed twice.]`,
    )
  })

  test('a bad address', () => {
    expect(() =>
      createTrackedContracts([{ address: '0x1234', type: 'erc20' }]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[InvalidTrackedContractError: The tracked contract "0x1234" (erc20) has an invalid address: expected 0x followed by 40 hex digits.]`,
    )
  })
})
