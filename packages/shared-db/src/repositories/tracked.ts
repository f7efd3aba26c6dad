import type { SharedDbClient } from '../client'
import { type ModelRef, modelIdOf } from './lookup'

/** A contract a model tracks, with its pool tokens and default pricing when it is a pool. */
export type TrackedContract = {
  id: number
  address: string
  name: string
  type: string
  project: string | null
  abi: string
  transformer: unknown
  /** For pools: the token priced and the token it is priced in. */
  baseToken: { id: number; address: string; symbol: string; decimals: number } | null
  quoteToken: { id: number; address: string; symbol: string; decimals: number } | null
  pricingMethod: 'direct_avax' | 'direct_usd' | 'global' | null
  pricingStartBlock: bigint | null
  pricingEndBlock: bigint | null
}

/** A token a model tracks. */
export type TrackedToken = {
  id: number
  address: string
  symbol: string
  name: string
  decimals: number
  type: 'erc20' | 'wrapped_native' | 'stable' | 'lp_receipt'
  project: string | null
}

/** A block source a model reads. `settings` never hold a secret (an RPC URL is named by `url_env`). */
export type TrackedSource = {
  id: number
  name: string
  type: 'rpc' | 'stored_blocks'
  settings: unknown
}

const tokenFields = { select: { id: true, address: true, symbol: true, decimals: true } } as const

/**
 * The contracts whose logs a model decodes, by address.
 *
 * @example
 * ```ts
 * const contracts = await listModelContracts(db.client, 'blub_test')
 * contracts.filter((c) => c.baseToken !== null).length // 5 pools
 * ```
 */
export async function listModelContracts(
  client: SharedDbClient,
  model: ModelRef,
): Promise<TrackedContract[]> {
  const modelId = await modelIdOf(client, model)
  const rows = await client.contract.findMany({
    where: { models: { some: { modelId } } },
    orderBy: { address: 'asc' },
    select: {
      id: true,
      address: true,
      name: true,
      type: true,
      project: true,
      abi: true,
      transformer: true,
      pricingMethod: true,
      pricingStartBlock: true,
      pricingEndBlock: true,
      baseToken: tokenFields,
      quoteToken: tokenFields,
    },
  })
  return rows
}

/**
 * The tokens a model tracks, by address.
 *
 * @example
 * ```ts
 * (await listModelTokens(db.client, 'blub_test')).map((t) => t.symbol) // ['BLUB', 'WAVAX', 'USDC']
 * ```
 */
export async function listModelTokens(client: SharedDbClient, model: ModelRef): Promise<TrackedToken[]> {
  const modelId = await modelIdOf(client, model)
  return client.token.findMany({
    where: { models: { some: { modelId } } },
    orderBy: { address: 'asc' },
    select: { id: true, address: true, symbol: true, name: true, decimals: true, type: true, project: true },
  })
}

/**
 * The block sources a model reads, by name.
 *
 * @example
 * ```ts
 * (await listModelSources(db.client, 'blub_test')).map((s) => s.name) // ['avalanche_rpc']
 * ```
 */
export async function listModelSources(client: SharedDbClient, model: ModelRef): Promise<TrackedSource[]> {
  const modelId = await modelIdOf(client, model)
  return client.source.findMany({
    where: { models: { some: { modelId } } },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, type: true, settings: true },
  })
}
