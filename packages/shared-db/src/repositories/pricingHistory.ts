import type { PricingSetupPool } from '@idx/pricing'
import type { SharedDbClient } from '../client'
import { type ContractRef, contractWhere, type ModelRef, modelIdOf } from './lookup'

/** One version of a pool pricing config: the row as it is now, or as it was before an import. */
export type PricingConfigVersion = {
  id: number
  startBlock: bigint
  endBlock: bigint | null
  method: 'direct_avax' | 'direct_usd' | 'global' | 'use_global_default'
  pricingPool: boolean
  /** The model generation from which the version applied. */
  generation: number
  /** The generation an import changed or removed it at; null while it is the row's current version. */
  retiredGeneration: number | null
}

/** A pool with the model's configs for it as they were at one generation (see {@link loadPoolPricingAt}). */
export type PoolPricingAt = PricingSetupPool & {
  /** The configs' versions in force at that generation (latest start first). */
  versions: PricingConfigVersion[]
  /** Whether the model tracks the pool now (its model_contract row). */
  trackedNow: boolean
}

/**
 * A pool and the model's pricing configs for it as they were at configuration
 * `generation` — the current rows not newer than it, and the versions an
 * import retired after it — so that a block processed at that generation is
 * explained with the configuration that priced it, after the model moved on
 * (a pool dropped, a method changed). Without a generation, the current
 * configs. The pool's default from the shared file is as it is now.
 * `undefined` when the contract is unknown or not a pool.
 *
 * @example
 * ```ts
 * const pool = await loadPoolPricingAt(db.client, { model: 'blub_test', pool: '0x3988…', generation: 3 })
 * decidePricingMethod({ configs: pool.configs, pool, block: 58221000n })
 * ```
 */
export async function loadPoolPricingAt(
  client: SharedDbClient,
  { model, pool, generation }: { model: ModelRef; pool: ContractRef; generation?: number | undefined },
): Promise<PoolPricingAt | undefined> {
  const modelId = await modelIdOf(client, model)
  const contract = await client.contract.findFirst({
    where: contractWhere(pool),
    select: {
      id: true,
      address: true,
      name: true,
      pricingMethod: true,
      pricingStartBlock: true,
      pricingEndBlock: true,
      baseToken: { select: { address: true } },
      quoteToken: { select: { address: true } },
    },
  })
  if (contract === null || contract.baseToken === null || contract.quoteToken === null) return undefined
  const select = {
    id: true,
    startBlock: true,
    endBlock: true,
    method: true,
    pricingPool: true,
    generation: true,
  } as const
  const current = await client.poolPricingConfig.findMany({
    where: {
      modelId,
      poolId: contract.id,
      ...(generation === undefined ? {} : { generation: { lte: generation } }),
    },
    select,
  })
  const retired =
    generation === undefined
      ? []
      : await client.poolPricingConfigHistory.findMany({
          where: {
            modelId,
            poolId: contract.id,
            generation: { lte: generation },
            retiredGeneration: { gt: generation },
          },
          select: { ...select, retiredGeneration: true },
        })
  const versions: PricingConfigVersion[] = [
    ...current.map((row) => ({ ...row, retiredGeneration: null })),
    ...retired,
  ].sort((a, b) => (a.startBlock === b.startBlock ? b.id - a.id : a.startBlock > b.startBlock ? -1 : 1))
  const trackedNow = (await client.modelContract.count({ where: { modelId, contractId: contract.id } })) > 0
  return {
    id: contract.id,
    address: contract.address.toLowerCase(),
    name: contract.name,
    pricingMethod: contract.pricingMethod,
    pricingStartBlock: contract.pricingStartBlock,
    pricingEndBlock: contract.pricingEndBlock,
    baseToken: contract.baseToken.address.toLowerCase(),
    quoteToken: contract.quoteToken.address.toLowerCase(),
    configs: versions.map(({ id, startBlock, endBlock, method, pricingPool }) => ({
      id,
      startBlock,
      endBlock,
      method,
      pricingPool,
    })),
    versions,
    trackedNow,
  }
}

/**
 * Every version of the given config ids (current rows and retired ones), by
 * id: what a stored valuation's `config_id` names, even after an import
 * removed or changed that config.
 */
export async function findPricingConfigVersions(
  client: SharedDbClient,
  ids: readonly number[],
): Promise<Map<number, PricingConfigVersion[]>> {
  const select = {
    id: true,
    startBlock: true,
    endBlock: true,
    method: true,
    pricingPool: true,
    generation: true,
  } as const
  const unique = [...new Set(ids)]
  const current = await client.poolPricingConfig.findMany({ where: { id: { in: unique } }, select })
  const retired = await client.poolPricingConfigHistory.findMany({
    where: { id: { in: unique } },
    select: { ...select, retiredGeneration: true },
    orderBy: { retiredGeneration: 'asc' },
  })
  const byId = new Map<number, PricingConfigVersion[]>()
  for (const row of [...retired, ...current.map((row) => ({ ...row, retiredGeneration: null }))])
    byId.set(row.id, [...(byId.get(row.id) ?? []), row])
  return byId
}
