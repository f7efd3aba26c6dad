import path from 'node:path'
import { createConfigValidationError, type LoadedConfig, type SharedConfig } from '@idx/config'
import type { KindChanges } from '../plan'
import type { ImportTransaction } from '../transaction'
import { checkAgainstDatabase } from './checkAgainstDatabase'
import {
  compareAddresses,
  compareChain,
  compareContracts,
  compareFeeds,
  compareSources,
  compareTokens,
} from './compareSharedRows'
import { readSharedRows } from './readSharedRows'

/** What importing a shared file does, kind by kind, and what writing it needs. */
export type SharedWork = {
  chain: KindChanges
  tokens: KindChanges
  contracts: KindChanges
  addresses: KindChanges
  sources: KindChanges
  feeds: KindChanges
  /** Token ids by address, for the tokens the database already holds. */
  tokenIds: Map<string, number>
  /** The six kinds, in write order. */
  kinds: KindChanges[]
}

/**
 * Plans the import of a shared file: reads what the database holds, refuses what the file may not
 * do to it (a `ConfigValidationError` on the file, see {@link checkAgainstDatabase}), and compares
 * each kind's rows. Writes nothing.
 */
export async function planShared(
  tx: ImportTransaction,
  loaded: LoadedConfig<SharedConfig>,
  database: string,
): Promise<SharedWork> {
  const { config } = loaded
  const rows = await readSharedRows(tx, config.chain.id)

  const problems = checkAgainstDatabase(config, database, rows.chains, rows.pricingUses)
  if (problems.length > 0) throw createConfigValidationError(loaded, problems)

  const chain = compareChain(config, rows.chains)
  const tokens = compareTokens(config, rows.tokens)
  const contracts = compareContracts(config, rows.contracts)
  const addresses = compareAddresses(config, rows.addresses)
  const sources = compareSources(config, rows.sources, path.dirname(path.resolve(loaded.file)))
  const feeds = compareFeeds(config, rows.feeds)
  return {
    chain,
    tokens,
    contracts,
    addresses,
    sources,
    feeds,
    tokenIds: new Map(rows.tokens.map((token) => [token.address, token.id])),
    kinds: [chain, tokens, contracts, addresses, sources, feeds],
  }
}
