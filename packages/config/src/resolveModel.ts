import { type ConfigProblem, createConfigValidationError } from './issues'
import type { LoadedConfig } from './parse'
import type { ModelConfig } from './schema/model'
import type { Address } from './schema/primitives'
import type { SharedConfig } from './schema/shared'

/** A model file whose references were checked against a shared file: tokens (and the target asset) are addresses. */
export type ResolvedModelConfig = Omit<ModelConfig, 'tokens' | 'target_asset'> & {
  tokens: Address[]
  target_asset?: Address | undefined
}

/**
 * Checks a model file against the shared file it builds on, and resolves its
 * token references to addresses. Every source, token, contract and priced pool
 * the model names must exist in the shared file; a pool priced `direct_avax`
 * must be quoted in a `wrapped_native` token and one priced `direct_usd` in a
 * `stable` token; a pricing pool left to `use_global_default` needs a default
 * that is not `global`; the target asset must be one of the model's tokens. Throws a {@link ConfigValidationError} on the model
 * file, listing every problem.
 *
 * @example
 * ```ts
 * const shared = await loadSharedConfig('prisma/shared_v1_0.yaml')
 * const model = await loadModelConfig('prisma/blub_test_v1_0.yaml')
 * const resolved = resolveModelConfig(model, shared.config)
 * resolved.tokens // ['0x0f66…', '0xb31f…', '0xb97e…']
 * ```
 */
export function resolveModelConfig(
  model: LoadedConfig<ModelConfig>,
  shared: SharedConfig,
): ResolvedModelConfig {
  const { config } = model
  const problems: ConfigProblem[] = []
  const sourceNames = new Set(shared.sources.map((source) => source.name))
  const contracts = new Map(shared.contracts.map((contract) => [contract.address, contract]))
  const tokensByAddress = new Map(shared.tokens.map((token) => [token.address, token]))
  const tokensBySymbol = new Map(shared.tokens.map((token) => [token.symbol, token]))

  config.sources.forEach((source, index) => {
    if (!sourceNames.has(source))
      problems.push({
        path: ['sources', index],
        message: `the source "${source}" is not in the shared file's sources`,
      })
  })

  const tokens: Address[] = []
  config.tokens.forEach((ref, index) => {
    const token = ref.startsWith('0x') ? tokensByAddress.get(ref as Address) : tokensBySymbol.get(ref)
    if (token === undefined)
      problems.push({
        path: ['tokens', index],
        message: `the token "${ref}" is not in the shared file's tokens`,
      })
    else tokens.push(token.address)
  })

  let targetAsset: Address | undefined
  if (config.target_asset !== undefined) {
    const ref = config.target_asset
    const token = ref.startsWith('0x') ? tokensByAddress.get(ref as Address) : tokensBySymbol.get(ref)
    if (token === undefined)
      problems.push({
        path: ['target_asset'],
        message: `the token "${ref}" is not in the shared file's tokens`,
      })
    else if (!tokens.includes(token.address))
      problems.push({
        path: ['target_asset'],
        message: `the target asset ${token.symbol} (${token.address}) is not one of this model's tokens; add it to tokens`,
      })
    else targetAsset = token.address
  }

  config.contracts.forEach((address, index) => {
    if (!contracts.has(address))
      problems.push({
        path: ['contracts', index],
        message: `the contract "${address}" is not in the shared file's contracts`,
      })
  })

  const needs = { direct_avax: 'wrapped_native', direct_usd: 'stable' } as const
  config.pool_pricing.forEach((entry, index) => {
    const contract = contracts.get(entry.pool)
    if (contract === undefined) return // reported with the model's contracts
    const pool = contract.pool
    if (pool === undefined) {
      problems.push({
        path: ['pool_pricing', index, 'pool'],
        message: `the contract "${entry.pool}" (${contract.name}) has no pool section in the shared file`,
      })
      return
    }
    if (entry.method === 'direct_avax' || entry.method === 'direct_usd') {
      const quote = tokensByAddress.get(pool.quote_token)
      const wanted = needs[entry.method]
      if (quote !== undefined && quote.type !== wanted)
        problems.push({
          path: ['pool_pricing', index, 'method'],
          message: `the method "${entry.method}" needs a quote token of type "${wanted}", but the pool's quote token ${quote.symbol} is of type "${quote.type}"`,
        })
    }
    if (
      entry.method === 'use_global_default' &&
      entry.pricing_pool &&
      (pool.pricing?.method ?? 'global') === 'global'
    )
      problems.push({
        path: ['pool_pricing', index, 'pricing_pool'],
        message: `a pricing pool cannot be priced with "global", and the default of "${entry.pool}" in the shared file is ${pool.pricing === undefined ? 'absent (so global)' : '"global"'}`,
      })
  })

  if (problems.length > 0) throw createConfigValidationError(model, problems)
  const { target_asset: _, ...rest } = config
  return targetAsset === undefined ? { ...rest, tokens } : { ...rest, tokens, target_asset: targetAsset }
}
