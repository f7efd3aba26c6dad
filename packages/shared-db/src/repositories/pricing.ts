import type { SharedDbClient } from '../client'
import { NotAPoolError, UnknownContractError } from '../errors'
import { findAvaxUsdFeed } from './avaxUsd'
import { type ContractRef, contractWhere, type ModelRef, modelIdOf } from './lookup'

/** A method that values a swap (`use_global_default` is never the answer: it defers to the next tier). */
export type EffectivePricingMethod = 'direct_avax' | 'direct_usd' | 'global'

/** Which of the three tiers decided. */
export type PricingTier = 'model_config' | 'contract_default' | 'global'

/** The method that values a pool's swaps at a block, and what decided it. */
export type PricingDecision = {
  method: EffectivePricingMethod
  tier: PricingTier
  /**
   * The model's pool pricing config whose range holds the block (the latest
   * start when several do): the one that decided (tier `model_config`), or the
   * one that deferred with `use_global_default`. Absent when none holds it.
   */
  configId?: number | undefined
  /** The pool contract whose shared-file default decided (tier `contract_default`). */
  contractId?: number | undefined
}

/** A pool pricing config row, as {@link decidePricingMethod} reads it. */
export type PricingConfigRow = {
  id: number
  startBlock: bigint
  endBlock: bigint | null
  method: EffectivePricingMethod | 'use_global_default'
}

/** A pool contract's default pricing, as {@link decidePricingMethod} reads it. */
export type PoolDefaultRow = {
  id: number
  pricingMethod: EffectivePricingMethod | null
  pricingStartBlock: bigint | null
  pricingEndBlock: bigint | null
}

const holds = (start: bigint, end: bigint | null, block: bigint) =>
  start <= block && (end === null || block < end)

/**
 * The three tiers of DESIGN.md ("Pricing"), on rows already in memory:
 * 1. the model's config for the pool whose `[start_block, end_block)` holds
 *    the block — the latest start when several do — unless it says
 *    `use_global_default`;
 * 2. else the pool's default from the shared file, inside its pricing range;
 * 3. else `global`.
 *
 * @param configs - The model's configs for this pool (any order; those not holding the block are ignored).
 *
 * @example
 * ```ts
 * decidePricingMethod({ configs: [], pool: { id: 7, pricingMethod: 'direct_avax', pricingStartBlock: 100n, pricingEndBlock: null }, block: 150n })
 * // { method: 'direct_avax', tier: 'contract_default', contractId: 7 }
 * ```
 */
export function decidePricingMethod({
  configs,
  pool,
  block,
}: {
  configs: readonly PricingConfigRow[]
  pool: PoolDefaultRow
  block: bigint
}): PricingDecision {
  const config = effectivePricingConfig(configs, block)
  if (config !== undefined && config.method !== 'use_global_default')
    return { method: config.method, tier: 'model_config', configId: config.id }
  const configId = config?.id
  if (
    pool.pricingMethod !== null &&
    pool.pricingStartBlock !== null &&
    holds(pool.pricingStartBlock, pool.pricingEndBlock, block)
  )
    return { method: pool.pricingMethod, tier: 'contract_default', configId, contractId: pool.id }
  return { method: 'global', tier: 'global', configId }
}

export type ResolvePricingMethodParameters = {
  /** The model, by name or id. */
  model: ModelRef
  /** The pool, by address (any case) or contract id. */
  pool: ContractRef
  block: bigint | number
}

/**
 * The method that values `pool`'s swaps at `block` for `model`, and which tier
 * (and which row) decided it — see {@link decidePricingMethod}. Three small
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

/** A model's canonical-price settings (the model file's `canonical_pricing`, defaults applied at import). */
export type CanonicalPricingSettings = {
  periodSeconds: number
  trailingPeriods: number
  /** A decimal string. */
  minVolumeUsd: string
  /** A decimal string (`'0.5'`). */
  maxDeviation: string
}

/** One pool a model tracks, with everything that prices its swaps. */
export type PricingSetupPool = PoolDefaultRow & {
  address: string
  name: string
  baseToken: string
  quoteToken: string
  /** The model's configs for this pool, latest start first. */
  configs: (PricingConfigRow & { pricingPool: boolean })[]
}

/** Everything pricing needs from the shared database about one model, read once. */
export type ModelPricingSetup = {
  modelId: number
  chainId: number
  /** The AVAX/USD feed; `undefined` when the shared file names none. */
  feed: { address: string; decimals: number; heartbeatSeconds: number } | undefined
  /** Every token of the chain, by lowercase address. */
  tokens: Map<
    string,
    {
      id: number
      symbol: string
      decimals: number
      type: 'erc20' | 'wrapped_native' | 'stable' | 'lp_receipt'
    }
  >
  /** The model's pools, by lowercase address. */
  pools: Map<string, PricingSetupPool>
  canonical: CanonicalPricingSettings
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

/**
 * The config of a pool's that holds `block` (the latest start among those
 * whose range holds it), or `undefined`: what says whether the pool is a
 * pricing pool at that block.
 */
export function effectivePricingConfig<config extends PricingConfigRow>(
  configs: readonly config[],
  block: bigint,
): config | undefined {
  let best: config | undefined
  for (const config of configs)
    if (
      holds(config.startBlock, config.endBlock, block) &&
      (best === undefined || config.startBlock > best.startBlock)
    )
      best = config
  return best
}
