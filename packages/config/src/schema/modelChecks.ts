import type { ConfigProblem } from '../issues'
import { address, blockNumber, name, tokenRef } from './primitives'
import { duplicates, formatRange, listEntries, listItems, rangesOverlap, valid } from './raw'

/**
 * The checks of a model file that span several entries: duplicate sources,
 * tokens and contracts; pool pricing entries with an empty range, for a pool
 * the model does not track, overlapping another entry of the same pool, or
 * marking a `global` entry as a pricing pool.
 */
export function checkModelConfig(raw: unknown): ConfigProblem[] {
  const items = (key: string, makeSchema: typeof address | typeof tokenRef | typeof name) => {
    const schema = makeSchema() // once per list: building one per item is slow on large files
    return listItems(raw, key).map(([index, item]) => ({
      path: [key, index],
      value: valid(schema, item),
      raw: item,
    }))
  }

  const contracts = items('contracts', address)
  return [
    ...duplicates(items('sources', name), 'source'),
    ...duplicates(items('tokens', tokenRef), 'token'),
    ...duplicates(contracts, 'contract'),
    ...checkPoolPricing(raw, new Set(contracts.flatMap((contract) => contract.value ?? []))),
  ]
}

type Entry = { index: number; pool: string; start: number; end: number | undefined }

function checkPoolPricing(raw: unknown, tracked: ReadonlySet<string>): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  const ranges = new Map<string, Entry[]>() // by pool
  const addressSchema = address()
  const blockSchema = blockNumber()
  for (const [index, entry] of listEntries(raw, 'pool_pricing')) {
    const at = ['pool_pricing', index]
    const pool = valid(addressSchema, entry.pool)
    const start = valid(blockSchema, entry.start_block)
    const end = entry.end_block === undefined ? undefined : valid(blockSchema, entry.end_block)

    if (pool !== undefined && !tracked.has(pool))
      problems.push({
        path: [...at, 'pool'],
        message: `the pool ${JSON.stringify(entry.pool)} is not in this model's contracts list; add it there to price it`,
      })
    if (entry.pricing_pool === true && entry.method === 'global')
      problems.push({
        path: [...at, 'pricing_pool'],
        message:
          'a pricing pool cannot use the method "global": its swaps set the canonical price that "global" reads',
      })

    const endValid = entry.end_block === undefined || end !== undefined
    if (start !== undefined && end !== undefined && end <= start) {
      problems.push({
        path: [...at, 'end_block'],
        message: `end_block ${end} must be greater than start_block ${start}: the range ${formatRange(start, end)} holds no block`,
      })
    } else if (pool !== undefined && start !== undefined && endValid) {
      const current = { index, pool, start, end }
      const earlier = ranges.get(pool)?.find((other) => rangesOverlap(other, current))
      if (earlier !== undefined)
        problems.push({
          path: at,
          message:
            `the range ${formatRange(start, end)} overlaps the range ${formatRange(earlier.start, earlier.end)} ` +
            `of pool_pricing[${earlier.index}] for the same pool; give each block of a pool one entry (close the earlier range with end_block)`,
        })
      const list = ranges.get(pool) ?? []
      list.push(current)
      ranges.set(pool, list)
    }
  }
  return problems
}
