import type { ModelPricingSetup, ReadFeedRound } from '@idx/pricing'
import type { ModelRecord, SharedDb } from '@idx/shared-db'
import {
  findModel,
  listModelContracts,
  listModelSources,
  listRouterLabels,
  loadModelPricingSetup,
  readModelGeneration,
  type TrackedSource,
} from '@idx/shared-db'
import type { Address } from 'viem'
import { CONTRACT_TYPES } from '../abi/abis'
import { createTrackedContracts, POOL_CONTRACT_TYPES } from '../decode/createTrackedContracts'
import type { TrackedContracts } from '../decode/types'
import { ModelSetupError } from './errors'

/** Everything the block processor needs to know about one model. */
export type IndexerModel = {
  model: ModelRecord
  chainId: number
  trackedContracts: TrackedContracts
  /** The model's asset (`target_asset`, lowercase): trades are the wallets' net flows of it. Undefined: trades are routes. */
  targetAsset: Address | undefined
  /** The shared database's routers and aggregators by lowercase address: a trade sent to one records it. */
  routers: ReadonlyMap<string, { label: string }>
  /** The addresses whose logs are fetched (lowercase). */
  addresses: Address[]
  /** Contracts the model lists whose type idx cannot decode yet, with the reason (not fatal). */
  skipped: { address: string; type: string; reason: string }[]
  sources: TrackedSource[]
  /** What prices the model's swaps: its setup (read once), the shared database's stored AVAX/USD prices, the feed reader. */
  pricing: {
    setup: ModelPricingSetup
    shared: Pick<SharedDb, 'query'>
    readFeedRound: ReadFeedRound | undefined
  }
}

export type LoadIndexerModelParameters = {
  shared: Pick<SharedDb, 'client' | 'query'>
  model: string
  /**
   * Reads an LFJ Liquidity Book pair's token X and Y when the configuration
   * does not give them (`transformer: { token_x, token_y }`): the pair's own
   * `getTokenX()` / `getTokenY()`, through an RPC source.
   */
  readLbTokens?: ((pair: Address) => Promise<{ tokenX: Address; tokenY: Address }>) | undefined
  /**
   * Reads the AVAX/USD feed's `latestRoundData` at a block, through an RPC
   * source (`createModelSource(…).readFeedRound`). Without it, swaps are
   * priced from stored AVAX/USD prices and the feed's events only.
   */
  readFeedRound?: ReadFeedRound | undefined
}

/** The ABI registry type that decodes a configured contract type (token types all decode as ERC-20). */
export function decoderType(type: string): string | undefined {
  if (type === 'stable' || type === 'lp_receipt') return 'erc20'
  return (CONTRACT_TYPES as readonly string[]).includes(type) ? type : undefined
}

/**
 * Loads a registered model's tracked contracts (with their pool orientation),
 * Loads a registered model's tracked contracts (with their pool orientation),
 * asset, sources and chain, and the labelled routers, from the shared
 * database — all of one configuration generation (`model.generation`): the
 * reads are repeated if an import changed the model meanwhile.
 *
 * @example
 * ```ts
 * const model = await loadIndexerModel({ shared, model: 'blub_test' })
 * model.addresses // the contracts whose logs are fetched
 * ```
 */
export async function loadIndexerModel(parameters: LoadIndexerModelParameters): Promise<IndexerModel> {
  // One configuration, whole: an import committed between the reads (its generation moved) is read again.
  for (let attempt = 1; ; attempt++) {
    const model = await loadOnce(parameters)
    const now = await readModelGeneration(parameters.shared, model.model.id)
    if (now === model.model.generation || attempt === 5) return model
  }
}

async function loadOnce(parameters: LoadIndexerModelParameters): Promise<IndexerModel> {
  const { client } = parameters.shared
  const model = await findModel(client, parameters.model)
  if (model === undefined)
    throw new ModelSetupError(`The model "${parameters.model}" is not registered in the shared database.`, {
      details: ['Import its file first: idx config import-model FILE.'],
    })
  const chain = await client.chain.findFirst({ select: { id: true } })
  if (chain === null)
    throw new ModelSetupError('The shared database has no chain: import the shared file first.')
  const contracts = await listModelContracts(client, model.id)
  const skipped: IndexerModel['skipped'] = []
  const entries = []
  for (const contract of contracts) {
    const type = decoderType(contract.type)
    if (type === undefined) {
      skipped.push({
        address: contract.address,
        type: contract.type,
        reason: `idx cannot decode contracts of type "${contract.type}" yet.`,
      })
      continue
    }
    if ((POOL_CONTRACT_TYPES as readonly string[]).includes(type)) {
      if (contract.baseToken === null || contract.quoteToken === null) {
        throw new ModelSetupError(
          `The pool "${contract.name}" (${contract.address}) has no base and quote token in the shared database.`,
        )
      }
      const pool = {
        baseToken: contract.baseToken.address,
        quoteToken: contract.quoteToken.address,
        // A concentrated-liquidity pool's swaps store its price in whole tokens.
        ...(type === 'uniswap_v3_pool'
          ? { baseDecimals: contract.baseToken.decimals, quoteDecimals: contract.quoteToken.decimals }
          : {}),
      }
      if (type === 'lfj_lb_pair') {
        const settings = (contract.transformer ?? {}) as { token_x?: unknown; token_y?: unknown }
        for (const key of ['token_x', 'token_y'] as const) {
          const value = settings[key]
          if (value !== undefined && (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)))
            throw new ModelSetupError(
              `The Liquidity Book pair "${contract.name}" (${contract.address}) has transformer.${key} ${JSON.stringify(value)} in the shared database, which is not an address.`,
              {
                details: [
                  'Files imported before idx resolved token symbols there kept the symbol: import the shared file again (idx config import-shared FILE).',
                ],
              },
            )
        }
        let tokens: { tokenX: string; tokenY: string } | undefined =
          typeof settings.token_x === 'string' && typeof settings.token_y === 'string'
            ? { tokenX: settings.token_x.toLowerCase(), tokenY: settings.token_y.toLowerCase() }
            : undefined
        tokens ??= await parameters.readLbTokens?.(contract.address as Address)
        if (tokens === undefined) {
          skipped.push({
            address: contract.address,
            type: contract.type,
            reason:
              'Its token X and Y are unknown: set transformer.token_x and token_y, or use an RPC source.',
          })
          continue
        }
        entries.push({
          address: contract.address,
          type,
          pool: { ...pool, token0: tokens.tokenX, token1: tokens.tokenY },
        })
        continue
      }
      entries.push({ address: contract.address, type, pool })
      continue
    }
    entries.push({ address: contract.address, type })
  }
  const trackedContracts = createTrackedContracts(entries)
  const routers = new Map(
    (await listRouterLabels(client)).map((router) => [router.address, { label: router.label }]),
  )
  return {
    model,
    chainId: chain.id,
    trackedContracts,
    targetAsset: (model.targetAsset ?? undefined) as Address | undefined,
    routers,
    addresses: [...trackedContracts.keys()],
    skipped,
    sources: await listModelSources(client, model.id),
    pricing: {
      setup: await loadModelPricingSetup(client, model.id),
      shared: parameters.shared,
      readFeedRound: parameters.readFeedRound,
    },
  }
}
