import type { ConfigProblem, SharedConfig, Token } from '@idx/config'

/** A model's pool pricing config, as far as the check needs it. */
export type PricingUse = {
  method: string
  pricingPool: boolean
  startBlock: bigint
  pool: { address: string; chainId: number }
  model: { name: string }
}

/**
 * What the file may not do to the database: switch the database to another
 * chain, or take from a pool what a model's pricing of it needs (its pool
 * section, a quote token that fits a direct method, a default that is not
 * `global` for a pricing pool left to `use_global_default`).
 */
export function checkAgainstDatabase(
  config: SharedConfig,
  database: string,
  chains: readonly { id: number; name: string }[],
  configs: readonly PricingUse[],
): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  const other = chains.find((chain) => chain.id !== config.chain.id)
  if (other !== undefined)
    problems.push({
      path: ['chain', 'id'],
      message: `the shared database "${database}" holds chain ${other.id} (${other.name}); one shared database serves one chain`,
    })

  const tokens = new Map<string, Token>(config.tokens.map((token) => [token.address, token]))
  const contractIndex = new Map<string, number>(
    config.contracts.map((contract, index) => [contract.address, index]),
  )
  const needs = { direct_avax: 'wrapped_native', direct_usd: 'stable' } as const
  const seen = new Set<string>()
  const add = (problem: ConfigProblem) => {
    const key = `${problem.path.join('.')}|${problem.message}`
    if (seen.has(key)) return
    seen.add(key)
    problems.push(problem)
  }

  for (const use of configs) {
    if (use.pool.chainId !== config.chain.id) continue
    const index = contractIndex.get(use.pool.address)
    if (index === undefined) continue // not in the file: the row is kept as it is
    const contract = config.contracts[index]!
    const by = `the model "${use.model.name}" prices this contract with "${use.method}" from block ${use.startBlock}`
    const pool = contract.pool
    if (pool === undefined) {
      add({
        path: ['contracts', index],
        message: `${by}; it must keep its pool section (base_token and quote_token)`,
      })
      continue
    }
    if (use.method === 'direct_avax' || use.method === 'direct_usd') {
      const wanted = needs[use.method]
      const quote = tokens.get(pool.quote_token)
      if (quote !== undefined && quote.type !== wanted)
        add({
          path: ['contracts', index, 'pool', 'quote_token'],
          message: `${by}, which needs a quote token of type "${wanted}", but ${quote.symbol} is of type "${quote.type}"`,
        })
    }
    if (
      use.method === 'use_global_default' &&
      use.pricingPool &&
      (pool.pricing?.method ?? 'global') === 'global'
    )
      add({
        path:
          pool.pricing === undefined
            ? ['contracts', index, 'pool']
            : ['contracts', index, 'pool', 'pricing', 'method'],
        message: `${by} as a pricing pool, so its default here must be a direct method, not ${pool.pricing === undefined ? 'absent (global)' : '"global"'}`,
      })
  }
  return problems
}
