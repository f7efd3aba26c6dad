import { countSwapsWithoutValuation, listProcessedBlockHashes, type ModelDb } from '@idx/model-db'
import { chainBlockHashes } from './chainBlockHashes'
import type { DemoChain } from './openDemoChain'

/**
 * Why the model database cannot be kept for this chain, or `undefined`: a
 * block it holds that the chain does not have or has with another hash (the
 * chain was made again differently), or swaps indexed before the database
 * could value them (no valuation rows).
 */
export async function modelDatabaseProblem(
  db: Pick<ModelDb, 'query'>,
  chain: DemoChain,
): Promise<string | undefined> {
  const stored = await listProcessedBlockHashes(db)
  if (stored.length > 0) {
    const hashes = await chainBlockHashes(
      chain.anvil.rpcUrl,
      stored.map((block) => block.number),
    )
    const differing = stored.filter((block) => hashes.get(block.number) !== block.hash)
    if (differing.length > 0) {
      const [firstDiffering] = differing
      return `${differing.length} of its ${stored.length} blocks are not on this chain (block ${firstDiffering?.number} has hash ${firstDiffering?.hash}, the chain ${hashes.get(firstDiffering?.number ?? 0n) ?? 'has no such block'})`
    }
  }
  const unvalued = await countSwapsWithoutValuation(db)
  if ((unvalued ?? 0) > 0)
    return `${unvalued} of its swaps were indexed before swaps were priced, and have no value`
  return undefined
}
