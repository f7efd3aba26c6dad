import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { loadModelConfig, loadSharedConfig } from './load'
import { resolveModelConfig } from './resolveModel'

const prisma = (file: string) => fileURLToPath(new URL(`../../../prisma/${file}`, import.meta.url))

const WAVAX = '0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7'
const USDC = '0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e'
const USDT = '0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7'
const BLUB = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
const FEED = '0x0a77230d17318075983913bc2145db16c7366156'
const POOLS = {
  lfjV1: '0x39888258d60fed9228f89e13eb57a92f1fa832eb',
  lfjLb: '0xcb4c6fdcfb7d868df5f1e3d0018438205b243fd6',
  pharaohV1: '0xa87866ba0d82155d0ff36ad06e555aebc98595ca',
  pharaohCl: '0x3fc41c1ae339322ab87b6ba48e30781d88a304d4',
  launch: '0x819fe65a885d40493f4b91e8a10e242018758432',
}
const AGGREGATORS = {
  lfj: '0x45a62b090df48243f12a21897e7ed91863e2c86b',
  odos: '0x88de50b233052e4fb783d4f6db78cc34fea3e9fc',
  kyber: '0x6131b5fae19ea4f9d964eac0408e4408b66337b5',
}

describe('prisma/shared_v1_0.yaml', async () => {
  const { config } = await loadSharedConfig(prisma('shared_v1_0.yaml'))

  test('chain and tokens', () => {
    expect(config.chain).toEqual({ id: 43114, name: 'Avalanche C-Chain', native_symbol: 'AVAX' })
    expect(
      config.tokens.map(({ symbol, address, decimals, type }) => [symbol, address, decimals, type]),
    ).toEqual([
      ['WAVAX', WAVAX, 18, 'wrapped_native'],
      ['USDC', USDC, 6, 'stable'],
      ['USDt', USDT, 6, 'stable'],
      ['BLUB', BLUB, 18, 'erc20'],
    ])
  })

  test('the five BLUB/WAVAX pools: types, tokens and default pricing', () => {
    const pools = config.contracts.filter((contract) => contract.pool !== undefined)
    expect(
      pools.map(({ address, type, project, pool }) => [address, type, project, pool?.pricing?.start_block]),
    ).toEqual([
      [POOLS.lfjV1, 'uniswap_v2_pair', 'lfj', 58220057],
      [POOLS.lfjLb, 'lfj_lb_pair', 'lfj', 58220284],
      [POOLS.pharaohV1, 'solidly_pair', 'pharaoh', 58220990],
      [POOLS.pharaohCl, 'uniswap_v3_pool', 'pharaoh', 58220991],
      [POOLS.launch, 'uniswap_v2_pair', undefined, 58299144],
    ])
    for (const { pool } of pools) {
      expect(pool?.base_token).toBe(BLUB)
      expect(pool?.quote_token).toBe(WAVAX)
      expect(pool?.pricing?.method).toBe('direct_avax')
      expect(pool?.pricing?.end_block).toBeUndefined()
    }
  })

  test('token and feed contracts', () => {
    const byAddress = new Map(config.contracts.map((contract) => [contract.address, contract]))
    expect(byAddress.get(WAVAX)?.type).toBe('wrapped_native')
    expect(([USDC, USDT, BLUB] as const).map((address) => byAddress.get(address)?.type)).toEqual([
      'erc20',
      'erc20',
      'erc20',
    ])
    expect(byAddress.get(FEED)).toMatchObject({ type: 'chainlink_aggregator', abi: 'chainlink_aggregator' })
    expect(config.price_feeds.avax_usd).toEqual({ address: FEED, decimals: 8, heartbeat_seconds: 86400 })
  })

  test('the DEX aggregators, whose swap events name what the wallet paid and got', () => {
    const aggregators = config.contracts.filter((contract) => contract.type === 'dex_aggregator')
    expect(aggregators.map(({ address, name, abi }) => [address, name, abi])).toEqual([
      [AGGREGATORS.lfj, 'LFJ aggregator', 'dex_aggregator'],
      [AGGREGATORS.odos, 'Odos v2 router', 'dex_aggregator'],
      [AGGREGATORS.kyber, 'KyberSwap aggregator', 'dex_aggregator'],
    ])
    // Each is labelled an aggregator too: the label a trade through it is stored with.
    const labels = new Map<string, string>(config.addresses.map((entry) => [entry.address, entry.kind]))
    for (const address of Object.values(AGGREGATORS)) expect(labels.get(address)).toBe('aggregator')
  })

  test('labelled addresses', () => {
    expect(config.addresses.map(({ address, kind }) => [address, kind])).toEqual([
      ['0x60ae616a2155ee3d9a68541ba4544862310933d4', 'router'],
      ['0x18556da13313f3532c54711497a8fedac273220e', 'router'],
      ['0x45a62b090df48243f12a21897e7ed91863e2c86b', 'aggregator'],
      ['0x88de50b233052e4fb783d4f6db78cc34fea3e9fc', 'aggregator'],
      ['0x6131b5fae19ea4f9d964eac0408e4408b66337b5', 'aggregator'],
      ['0x9ad6c38be94206ca50bb0d90783181662f0cfa10', 'factory'],
      ['0x8e42f2f4101563bf679975178e880fd87d3efd4e', 'factory'],
      ['0xb43120c4745967fa9b93e79c149e66b0f2d6fe0c', 'factory'],
    ])
  })

  test('sources: an RPC endpoint named by env var, and stored blocks', () => {
    expect(config.sources).toEqual([
      {
        name: 'avalanche_rpc',
        type: 'rpc',
        url_env: 'IDX_AVALANCHE_RPC_URL',
        batch_size: 50,
        requests_per_second: 10,
        max_retries: 5,
        timeout_ms: 30000,
      },
      { name: 'stored_blocks', type: 'stored_blocks', path: '../packages/testkit/fixtures/avalanche/blocks' },
    ])
  })

  test('sources: the stored blocks are the real blocks in the repository (a model runs without a node)', () => {
    const folder = fileURLToPath(new URL('../../testkit/fixtures/avalanche/blocks/', import.meta.url))
    expect(readdirSync(folder).filter((name) => /^[0-9]+\.json$/.test(name)).length).toBeGreaterThan(0)
  })
})

describe('prisma/blub_test_v1_0.yaml', async () => {
  const model = await loadModelConfig(prisma('blub_test_v1_0.yaml'))
  const { config } = model

  test('the model', () => {
    expect(config.model).toEqual({
      name: 'blub_test',
      version: '1.0',
      description: "BLUB trading on its five BLUB/WAVAX pools, from the token's creation.",
      database: 'idx_model_blub_test',
      start_block: 58219691,
      status: 'active',
    })
    expect(config.sources).toEqual(['avalanche_rpc', 'stored_blocks'])
    expect(config.tokens).toEqual(['BLUB', 'WAVAX', 'USDC'])
    expect(config.contracts).toEqual([
      BLUB,
      WAVAX,
      USDC,
      FEED,
      ...Object.values(POOLS),
      ...Object.values(AGGREGATORS),
    ])
    expect(config.target_asset).toBe('BLUB')
  })

  test('pool pricing: the LFJ v1 pool prices BLUB; two pools follow the shared default', () => {
    expect(config.pool_pricing).toEqual([
      { pool: POOLS.lfjV1, method: 'direct_avax', start_block: 58220057, pricing_pool: true },
      { pool: POOLS.lfjLb, method: 'direct_avax', start_block: 58220284, pricing_pool: false },
      { pool: POOLS.pharaohV1, method: 'use_global_default', start_block: 58220990, pricing_pool: false },
      { pool: POOLS.pharaohCl, method: 'use_global_default', start_block: 58220991, pricing_pool: false },
      { pool: POOLS.launch, method: 'global', start_block: 58299144, pricing_pool: false },
    ])
    expect(config.canonical_pricing).toEqual({
      period_seconds: 60,
      trailing_periods: 5,
      min_volume_usd: '100',
      max_deviation: '0.5',
    })
  })

  test('every reference resolves in the shared file', async () => {
    const shared = await loadSharedConfig(prisma('shared_v1_0.yaml'))
    const resolved = resolveModelConfig(model, shared.config)
    expect(resolved.tokens).toEqual([BLUB, WAVAX, USDC])
    expect(resolved.target_asset).toBe(BLUB)
  })
})
