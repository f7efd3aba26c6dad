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

/** A model's pool pricing config, as {@link decidePricingMethod} reads it. */
export type PricingConfigRow = {
  id: number
  startBlock: bigint
  endBlock: bigint | null
  method: EffectivePricingMethod | 'use_global_default'
}

/** A pool contract's default pricing from the shared file, as {@link decidePricingMethod} reads it. */
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
