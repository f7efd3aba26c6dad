import {
  decidePricingMethod,
  type EffectivePricingMethod,
  type ModelPricingSetup,
  type PricingDecision,
} from '@idx/pricing'
import type { SharedDbClient } from '../client'
import { NotAPoolError, UnknownContractError } from '../errors'
import { findAvaxUsdFeed } from './avaxUsd'
import { type ContractRef, contractWhere, type ModelRef, modelIdOf } from './lookup'

export type ResolvePricingMethodParameters = {
  /** The model, by name or id. */
  model: ModelRef
  /** The pool, by address (any case) or contract id. */
  pool: ContractRef
  block: bigint | number
}

/**
 * The method that values `pool`'s swaps at `block` for `model`, and which tier
 * (and which row) decided it — `@idx/pricing`'s `decidePricingMethod` on the
 * rows read here. Three small
 * indexed queries. Throws `UnknownModelError`, `UnknownContractError`, or
 * `NotAPoolError` for a contract with no base and quote token.
 *
 * @example
 * ```ts
 * const decision = await resolvePricingMethod(db.client, {
 *   model: 'blub_test',
 *   pool: '0x39888258d60fed9228f89e13eb57a92f1fa832eb',
 *   block: 61090576n,
 * })
 * // { method: 'direct_avax', tier: 'model_config', configId: 1 }
 * ```
 */
export async function resolvePricingMethod(
  client: SharedDbClient,
  { model, pool, block }: ResolvePricingMethodParameters,
): Promise<PricingDecision> {
  const at = BigInt(block)
  const modelId = await modelIdOf(client, model)
  const contract = await client.contract.findFirst({
    where: contractWhere(pool),
    select: {
      id: true,
      address: true,
      name: true,
      baseTokenId: true,
      pricingMethod: true,
      pricingStartBlock: true,
      pricingEndBlock: true,
    },
  })
  if (contract === null) throw new UnknownContractError(pool)
  if (contract.baseTokenId === null) throw new NotAPoolError(contract.address, contract.name)
  const configs = await client.poolPricingConfig.findMany({
    where: {
      modelId,
      poolId: contract.id,
      startBlock: { lte: at },
      OR: [{ endBlock: null }, { endBlock: { gt: at } }],
    },
    select: { id: true, startBlock: true, endBlock: true, method: true },
    orderBy: [{ startBlock: 'desc' }, { id: 'desc' }],
    take: 1,
  })
  return decidePricingMethod({ configs, pool: contract, block: at })
}

/** A pool whose swaps set a model's canonical price of its base token at a block. */
export type PricingPool = {
  /** The config that makes it a pricing pool at this block. */
  configId: number
  method: EffectivePricingMethod | 'use_global_default'
  startBlock: bigint
  endBlock: bigint | null
  pool: { id: number; address: string; name: string; type: string }
  baseToken: { id: number; address: string; symbol: string; decimals: number }
  quoteToken: { id: number; address: string; symbol: string; decimals: number; type: string }
}

/**
 * The model's pricing pools at `block`: the pools whose effective config at
 * that block (the latest start among those whose range holds it) has
 * `pricing_pool: true`. Ordered by base token, then pool address.
 *
 * @example
 * ```ts
 * const pools = await listPricingPools(db.client, { model: 'blub_test', block: 61090576n })
 * pools.map((p) => `${p.baseToken.symbol} ← ${p.pool.name}`) // ['BLUB ← BLUB/WAVAX LFJ v1']
 * ```
 */
export async function listPricingPools(
  client: SharedDbClient,
  { model, block }: { model: ModelRef; block: bigint | number },
): Promise<PricingPool[]> {
  const at = BigInt(block)
  const modelId = await modelIdOf(client, model)
  const token = { select: { id: true, address: true, symbol: true, decimals: true, type: true } } as const
  const rows = await client.poolPricingConfig.findMany({
    where: { modelId, startBlock: { lte: at }, OR: [{ endBlock: null }, { endBlock: { gt: at } }] },
    orderBy: [{ startBlock: 'desc' }, { id: 'desc' }],
    select: {
      id: true,
      method: true,
      startBlock: true,
      endBlock: true,
      pricingPool: true,
      pool: {
        select: { id: true, address: true, name: true, type: true, baseToken: token, quoteToken: token },
      },
    },
  })
  const effective = new Map<number, (typeof rows)[number]>()
  for (const row of rows) if (!effective.has(row.pool.id)) effective.set(row.pool.id, row)
  const pools: PricingPool[] = []
  for (const row of effective.values()) {
    const { baseToken, quoteToken, ...pool } = row.pool
    if (!row.pricingPool || baseToken === null || quoteToken === null) continue
    pools.push({
      configId: row.id,
      method: row.method,
      startBlock: row.startBlock,
      endBlock: row.endBlock,
      pool,
      baseToken: {
        id: baseToken.id,
        address: baseToken.address,
        symbol: baseToken.symbol,
        decimals: baseToken.decimals,
      },
      quoteToken,
    })
  }
  return pools.sort(
    (a, b) =>
      a.baseToken.address.localeCompare(b.baseToken.address) || a.pool.address.localeCompare(b.pool.address),
  )
}

const DEFAULT_CANONICAL = {
  period_seconds: 60,
  trailing_periods: 5,
  min_volume_usd: '100',
  max_deviation: '0.5',
}

/**
 * Reads a model's pricing setup: its pools with their defaults and the model's
 * pricing configs, every token's decimals and type, the AVAX/USD feed and the
 * canonical-price settings.
 *
 * @example
 * ```ts
 * const setup = await loadModelPricingSetup(db.client, 'blub_test')
 * setup.pools.get('0x3988…')?.configs[0]?.method // 'direct_avax'
 * ```
 */
export async function loadModelPricingSetup(
  client: SharedDbClient,
  model: ModelRef,
): Promise<ModelPricingSetup> {
  const modelId = await modelIdOf(client, model)
  const row = await client.model.findUniqueOrThrow({
    where: { id: modelId },
    select: { canonicalPricing: true },
  })
  const contracts = await client.modelContract.findMany({
    where: { modelId, contract: { baseTokenId: { not: null } } },
    select: {
      contract: {
        select: {
          id: true,
          chainId: true,
          address: true,
          name: true,
          pricingMethod: true,
          pricingStartBlock: true,
          pricingEndBlock: true,
          baseToken: { select: { address: true } },
          quoteToken: { select: { address: true } },
        },
      },
    },
  })
  const configs = await client.poolPricingConfig.findMany({
    where: { modelId },
    orderBy: [{ startBlock: 'desc' }, { id: 'desc' }],
    select: { id: true, poolId: true, startBlock: true, endBlock: true, method: true, pricingPool: true },
  })
  const { chainId, feed } = await findAvaxUsdFeed(client)
  const tokens: ModelPricingSetup['tokens'] = new Map()
  for (const token of await client.token.findMany({
    where: { chainId },
    select: { id: true, address: true, symbol: true, decimals: true, type: true },
  }))
    tokens.set(token.address.toLowerCase(), token)
  const pools: ModelPricingSetup['pools'] = new Map()
  for (const { contract } of contracts) {
    if (contract.baseToken === null || contract.quoteToken === null) continue
    pools.set(contract.address.toLowerCase(), {
      id: contract.id,
      address: contract.address.toLowerCase(),
      name: contract.name,
      pricingMethod: contract.pricingMethod,
      pricingStartBlock: contract.pricingStartBlock,
      pricingEndBlock: contract.pricingEndBlock,
      baseToken: contract.baseToken.address.toLowerCase(),
      quoteToken: contract.quoteToken.address.toLowerCase(),
      configs: configs
        .filter((config) => config.poolId === contract.id)
        .map(({ poolId: _, ...config }) => config),
    })
  }
  const settings = {
    ...DEFAULT_CANONICAL,
    ...((row.canonicalPricing ?? {}) as Partial<typeof DEFAULT_CANONICAL>),
  }
  return {
    modelId,
    chainId,
    feed,
    tokens,
    pools,
    canonical: {
      periodSeconds: settings.period_seconds,
      trailingPeriods: settings.trailing_periods,
      minVolumeUsd: settings.min_volume_usd,
      maxDeviation: settings.max_deviation,
    },
  }
}
