import { describe, expect, test } from 'vitest'
import { KINDS, useSharedTestDb } from '../_test/db'
import { AGGREGATORS, BLUB, FEED, POOLS, sampleModel, sampleShared, USDC, WAVAX } from '../_test/fixtures'
import type { SharedDb } from '../client'
import { NotAPoolError, UnknownContractError, UnknownModelError } from '../errors'
import { importModelConfig } from '../import/model'
import { importSharedConfig } from '../import/shared'
import { listPricingPools, resolvePricingMethod } from './pricing'
import { listModelContracts, listModelSources, listModelTokens } from './tracked'

describe.each(KINDS)('repositories (%s)', (kind) => {
  const t = useSharedTestDb(kind)

  const setUp = async () => {
    await importSharedConfig(t.db, sampleShared())
    await importModelConfig(t.db, sampleModel())
  }
  const configIdOf = async (db: SharedDb, pool: string, startBlock: bigint) =>
    (await db.client.poolPricingConfig.findFirstOrThrow({ where: { pool: { address: pool }, startBlock } }))
      .id
  const contractIdOf = async (db: SharedDb, address: string) =>
    (await db.client.contract.findFirstOrThrow({ where: { address } })).id
  const resolve = (pool: string | number, block: bigint | number, model: string | number = 'blub_test') =>
    resolvePricingMethod(t.db.client, { model, pool, block })

  test('resolvePricingMethod: a config inside its range decides (tier model_config, its row)', async () => {
    await setUp()
    const configId = await configIdOf(t.db, POOLS.lfjV1, 58220057n)
    expect(await resolve(POOLS.lfjV1, 58220057n)).toEqual({
      method: 'direct_avax',
      tier: 'model_config',
      configId,
    })
    expect(await resolve(POOLS.lfjV1, 61090576)).toEqual({
      method: 'direct_avax',
      tier: 'model_config',
      configId,
    })
    // The launch pool's config says global: that is the model's decision, not the fallback.
    const launch = await configIdOf(t.db, POOLS.launch, 58299144n)
    expect(await resolve(POOLS.launch, 58300000n)).toEqual({
      method: 'global',
      tier: 'model_config',
      configId: launch,
    })
  })

  test('resolvePricingMethod: use_global_default falls to the contract default', async () => {
    await setUp()
    const configId = await configIdOf(t.db, POOLS.pharaohV1, 58220990n)
    const contractId = await contractIdOf(t.db, POOLS.pharaohV1)
    expect(await resolve(POOLS.pharaohV1, 58221000n)).toEqual({
      method: 'direct_avax',
      tier: 'contract_default',
      configId,
      contractId,
    })
  })

  test('resolvePricingMethod: outside every range falls to global', async () => {
    await setUp()
    // Before the model's config and before the pool's default range.
    expect(await resolve(POOLS.lfjV1, 58220056n)).toEqual({ method: 'global', tier: 'global' })
    // A default range that ended: the contract's default no longer applies.
    await t.db.client.contract.update({
      where: { id: await contractIdOf(t.db, POOLS.pharaohCl) },
      data: { pricingEndBlock: 59000000n },
    })
    const configId = await configIdOf(t.db, POOLS.pharaohCl, 58220991n)
    expect(await resolve(POOLS.pharaohCl, 58999999n)).toMatchObject({ tier: 'contract_default' })
    expect(await resolve(POOLS.pharaohCl, 59000000n)).toEqual({ method: 'global', tier: 'global', configId })
  })

  test('resolvePricingMethod: overlapping configs inserted directly pick the latest start', async () => {
    await setUp()
    const modelId = (await t.db.client.model.findUniqueOrThrow({ where: { name: 'blub_test' } })).id
    const poolId = await contractIdOf(t.db, POOLS.lfjLb)
    // The importer refuses overlaps; the database holds whatever is written, and resolution stays defined.
    const a = await t.db.client.poolPricingConfig.create({
      data: { modelId, poolId, startBlock: 58500000n, endBlock: 58600000n, method: 'global' },
    })
    const b = await t.db.client.poolPricingConfig.create({
      data: { modelId, poolId, startBlock: 58550000n, method: 'direct_usd' },
    })
    const c = await t.db.client.poolPricingConfig.create({
      data: { modelId, poolId, startBlock: 58700000n, endBlock: 58800000n, method: 'use_global_default' },
    })
    const first = await configIdOf(t.db, POOLS.lfjLb, 58220284n)
    expect(await resolve(POOLS.lfjLb, 58400000n)).toEqual({
      method: 'direct_avax',
      tier: 'model_config',
      configId: first,
    })
    expect(await resolve(POOLS.lfjLb, 58510000n)).toEqual({
      method: 'global',
      tier: 'model_config',
      configId: a.id,
    })
    expect(await resolve(POOLS.lfjLb, 58560000n)).toEqual({
      method: 'direct_usd',
      tier: 'model_config',
      configId: b.id,
    })
    expect(await resolve(POOLS.lfjLb, 58650000n)).toEqual({
      method: 'direct_usd',
      tier: 'model_config',
      configId: b.id,
    })
    // The latest start says use_global_default: the contract default decides, not an earlier config.
    expect(await resolve(POOLS.lfjLb, 58750000n)).toEqual({
      method: 'direct_avax',
      tier: 'contract_default',
      configId: c.id,
      contractId: poolId,
    })
  })

  test('resolvePricingMethod: the model and pool by id or by address in any case', async () => {
    await setUp()
    const modelId = (await t.db.client.model.findUniqueOrThrow({ where: { name: 'blub_test' } })).id
    const poolId = await contractIdOf(t.db, POOLS.lfjV1)
    const byName = await resolve(POOLS.lfjV1, 60000000n)
    expect(await resolve(poolId, 60000000n, modelId)).toEqual(byName)
    expect(await resolve(POOLS.lfjV1.toUpperCase().replace('0X', '0x'), 60000000n)).toEqual(byName)
  })

  test('resolvePricingMethod: errors', async () => {
    await setUp()
    await expect(resolve(POOLS.lfjV1, 1n, 'nope')).rejects.toThrow(new UnknownModelError('nope').message)
    await expect(resolve(POOLS.lfjV1, 1n, 'nope')).rejects.toThrow(
      'The model "nope" is not registered in the shared database.',
    )
    await expect(resolve('0x1111111111111111111111111111111111111111', 1n)).rejects.toThrow(
      'The contract "0x1111111111111111111111111111111111111111" is not in the shared database.',
    )
    await expect(resolve('0x1111111111111111111111111111111111111111', 1n)).rejects.toBeInstanceOf(
      UnknownContractError,
    )
    await expect(resolve(FEED, 1n)).rejects.toThrow(
      `The contract "${FEED}" (Chainlink AVAX/USD) is not a pool: it has no base and quote token.`,
    )
    await expect(resolve(FEED, 1n)).rejects.toBeInstanceOf(NotAPoolError)
  })

  test('listPricingPools: the pools whose effective config at the block is a pricing pool', async () => {
    await setUp()
    expect(await listPricingPools(t.db.client, { model: 'blub_test', block: 58220056n })).toEqual([])
    const pools = await listPricingPools(t.db.client, { model: 'blub_test', block: 61090576n })
    expect(pools).toEqual([
      {
        configId: await configIdOf(t.db, POOLS.lfjV1, 58220057n),
        method: 'direct_avax',
        startBlock: 58220057n,
        endBlock: null,
        pool: {
          id: await contractIdOf(t.db, POOLS.lfjV1),
          address: POOLS.lfjV1,
          name: 'BLUB/WAVAX LFJ v1',
          type: 'uniswap_v2_pair',
        },
        baseToken: { id: expect.any(Number), address: BLUB, symbol: 'BLUB', decimals: 18 },
        quoteToken: {
          id: expect.any(Number),
          address: WAVAX,
          symbol: 'WAVAX',
          decimals: 18,
          type: 'wrapped_native',
        },
      },
    ])
    // A later config of the same pool that is not a pricing pool takes it out from its start.
    const modelId = (await t.db.client.model.findUniqueOrThrow({ where: { name: 'blub_test' } })).id
    await t.db.client.poolPricingConfig.create({
      data: {
        modelId,
        poolId: pools[0]!.pool.id,
        startBlock: 62000000n,
        method: 'direct_avax',
        pricingPool: false,
      },
    })
    expect(await listPricingPools(t.db.client, { model: 'blub_test', block: 61999999n })).toHaveLength(1)
    expect(await listPricingPools(t.db.client, { model: 'blub_test', block: 62000000n })).toEqual([])
  })

  test('listModelContracts / listModelTokens / listModelSources: what the model tracks', async () => {
    await setUp()
    const contracts = await listModelContracts(t.db.client, 'blub_test')
    expect(contracts.map((c) => c.address)).toEqual(
      [BLUB, WAVAX, USDC, FEED, ...Object.values(POOLS), ...Object.values(AGGREGATORS)].sort(),
    )
    const lfj = contracts.find((c) => c.address === POOLS.lfjV1)
    expect(lfj).toMatchObject({
      name: 'BLUB/WAVAX LFJ v1',
      type: 'uniswap_v2_pair',
      abi: 'uniswap_v2_pair',
      baseToken: { address: BLUB, symbol: 'BLUB', decimals: 18 },
      quoteToken: { address: WAVAX, symbol: 'WAVAX', decimals: 18 },
      pricingMethod: 'direct_avax',
      pricingStartBlock: 58220057n,
      pricingEndBlock: null,
    })
    expect(contracts.find((c) => c.address === FEED)).toMatchObject({
      baseToken: null,
      quoteToken: null,
      pricingMethod: null,
    })

    expect(
      (await listModelTokens(t.db.client, 'blub_test')).map((token) => [token.symbol, token.type]),
    ).toEqual([
      ['BLUB', 'erc20'],
      ['WAVAX', 'wrapped_native'],
      ['USDC', 'stable'],
    ])
    expect(await listModelSources(t.db.client, 'blub_test')).toEqual([
      {
        id: expect.any(Number),
        name: 'avalanche_rpc',
        type: 'rpc',
        settings: {
          url_env: 'IDX_AVALANCHE_RPC_URL',
          batch_size: 50,
          requests_per_second: 10,
          max_retries: 5,
          timeout_ms: 30000,
        },
      },
      {
        id: expect.any(Number),
        name: 'stored_blocks',
        type: 'stored_blocks',
        // The sample's relative path, resolved against the file at import.
        settings: { path: expect.stringMatching(/\/packages\/testkit\/fixtures\/avalanche\/blocks$/) },
      },
    ])
    await expect(listModelTokens(t.db.client, 'nope')).rejects.toBeInstanceOf(UnknownModelError)
  })
})
