import { parseModelConfig, parseSharedConfig } from '@idx/config'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestkitClient } from './createTestkitClient'
import { deployMarket, type Market } from './deployMarket'
import { marketConfigFiles } from './marketConfig'
import { type Anvil, startAnvil } from './startAnvil'

let anvil: Anvil
let market: Market

beforeAll(async () => {
  anvil = await startAnvil()
  market = await deployMarket(createTestkitClient({ rpcUrl: anvil.rpcUrl }))
})
afterAll(() => anvil?.stop())

const lower = (address: string) => address.toLowerCase()

test('default: both files parse and describe the deployed market', () => {
  const files = marketConfigFiles(market)
  expect(files.names).toEqual({ shared: 'shared_v1_0.yaml', model: 'market_v1_0.yaml' })
  const shared = parseSharedConfig(files.shared, files.names.shared).config
  const model = parseModelConfig(files.model, files.names.model).config

  expect(shared.chain.id).toBe(anvil.chainId)
  expect(shared.tokens.map((token) => [token.symbol, lower(token.address)])).toEqual(
    expect.arrayContaining([
      ['WAVAX', lower(market.tokens.wavax)],
      ['BLUB', lower(market.tokens.blub)],
      ['USDC', lower(market.tokens.usdc)],
    ]),
  )
  expect(lower(shared.price_feeds.avax_usd.address)).toBe(lower(market.aggregator))
  expect(shared.price_feeds.avax_usd.decimals).toBe(8)
  expect(shared.price_feeds.avax_usd.heartbeat_seconds).toBe(86_400)
  expect(shared.sources).toEqual([{ name: 'anvil_rpc', type: 'rpc', url_env: 'IDX_ANVIL_RPC_URL' }])

  const pools = shared.contracts.filter((contract) => contract.type === 'uniswap_v2_pair')
  expect(pools.map((pool) => [lower(pool.address), pool.pool?.pricing?.method])).toEqual([
    [lower(market.pairs.blubWavax.address), 'direct_avax'],
    [lower(market.pairs.wavaxUsdc.address), 'direct_usd'],
  ])

  expect(model.model).toMatchObject({ name: 'market', database: 'idx_model_market' })
  expect(BigInt(model.model.start_block)).toBe(market.blocks.first)
  expect(model.sources).toEqual(['anvil_rpc'])
  expect(new Set(model.contracts.map(lower))).toEqual(
    new Set(shared.contracts.map((contract) => lower(contract.address))),
  )
  expect(model.pool_pricing.map((entry) => [lower(entry.pool), entry.method, entry.pricing_pool])).toEqual([
    [lower(market.pairs.blubWavax.address), 'direct_avax', true],
    [lower(market.pairs.wavaxUsdc.address), 'direct_usd', false],
  ])
})

test('options: names, sources, heartbeat, canonical pricing and a header', () => {
  const files = marketConfigFiles(market, {
    model: 'demo',
    database: 'idx_demo_db',
    description: 'A demo: "quoted" text',
    startBlock: market.blocks.last,
    pricingStartBlock: market.blocks.last,
    rpcSource: 'local',
    rpcEnv: 'IDX_DEMO_RPC_URL',
    rpc: { batch_size: 25 },
    storedBlocks: '/tmp/blocks folder',
    heartbeatSeconds: 3_600,
    canonicalPricing: { period_seconds: 30, min_volume_usd: '10' },
    header: ['Written by a test.', ''],
  })
  expect(files.names.model).toBe('demo_v1_0.yaml')
  expect(files.shared.startsWith('# Written by a test.\n#\n')).toBe(true)
  expect(files.model.startsWith('# Written by a test.\n#\n')).toBe(true)
  const shared = parseSharedConfig(files.shared, files.names.shared).config
  const model = parseModelConfig(files.model, files.names.model).config
  expect(shared.sources).toEqual([
    { name: 'local', type: 'rpc', url_env: 'IDX_DEMO_RPC_URL', batch_size: 25 },
    { name: 'stored', type: 'stored_blocks', path: '/tmp/blocks folder' },
  ])
  expect(shared.price_feeds.avax_usd.heartbeat_seconds).toBe(3_600)
  expect(model.model).toMatchObject({
    name: 'demo',
    database: 'idx_demo_db',
    description: 'A demo: "quoted" text',
  })
  expect(BigInt(model.model.start_block)).toBe(market.blocks.last)
  for (const entry of model.pool_pricing) expect(BigInt(entry.start_block)).toBe(market.blocks.last)
  for (const contract of shared.contracts.filter((contract) => contract.pool !== undefined))
    expect(BigInt(contract.pool?.pricing?.start_block ?? -1)).toBe(market.blocks.last)
  expect(model.sources).toEqual(['local'])
  expect(model.canonical_pricing).toMatchObject({ period_seconds: 30, min_volume_usd: '10' })
})

test('behavior: a split market adds its second BLUB pool and its router, labelled; targetAsset names the asset', async () => {
  const other = await startAnvil()
  try {
    const split = await deployMarket(createTestkitClient({ rpcUrl: other.rpcUrl }), { splitRouter: true })
    const files = marketConfigFiles(split, { targetAsset: 'BLUB' })
    const shared = parseSharedConfig(files.shared, files.names.shared).config
    const model = parseModelConfig(files.model, files.names.model).config
    const pairB = lower(split.pairs.blubWavaxB!.address)
    const router = lower(split.splitRouter!)
    expect(shared.contracts.map((contract) => [lower(contract.address), contract.type])).toEqual(
      expect.arrayContaining([
        [pairB, 'uniswap_v2_pair'],
        [router, 'dex_aggregator'],
      ]),
    )
    expect(shared.contracts.find((contract) => lower(contract.address) === pairB)?.pool).toMatchObject({
      base_token: lower(split.tokens.blub),
      quote_token: lower(split.tokens.wavax),
    })
    expect(shared.addresses.map((entry) => [lower(entry.address), entry.kind])).toEqual([
      [router, 'aggregator'],
    ])
    expect(model.contracts.map(lower)).toEqual(expect.arrayContaining([pairB, router]))
    expect(model.pool_pricing.map((entry) => [lower(entry.pool), entry.method])).toContainEqual([
      pairB,
      'direct_avax',
    ])
    expect(model.target_asset).toBe('BLUB')
    // Without the option, no asset; without a split router, none of it.
    expect(parseModelConfig(marketConfigFiles(split).model, 'm.yaml').config.target_asset).toBeUndefined()
    expect(marketConfigFiles(market).shared).not.toContain('dex_aggregator')
  } finally {
    await other.stop()
  }
})
