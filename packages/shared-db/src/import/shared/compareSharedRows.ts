// The shared file's rows compared with the database's, one kind at a time: what each import of a
// shared file creates, updates, leaves unchanged, or finds only in the database (`not_in_file`,
// kept: models may still use it). Each function builds the kind's comparable record the same way
// from the file and from the database, so that an unchanged row compares equal.

import type { SharedConfig } from '@idx/config'
import { blockValue, compareRows, type KindChanges, type PlanValue } from '../plan'
import type { SharedRows } from './readSharedRows'
import { sourceSettings } from './sourceSettings'

/** The file's chain (keyed by its id) against the database's chains. */
export function compareChain(config: SharedConfig, chains: SharedRows['chains']): KindChanges {
  return compareRows(
    'chain',
    [
      {
        key: String(config.chain.id),
        label: config.chain.name,
        record: { name: config.chain.name, native_symbol: config.chain.native_symbol },
        extra: undefined,
      },
    ],
    chains.map((row) => ({
      id: row.id,
      key: String(row.id),
      label: row.name,
      record: { name: row.name, native_symbol: row.nativeSymbol },
    })),
    'not_in_file',
  )
}

/** The file's tokens (keyed by address) against the database's tokens of the chain. */
export function compareTokens(config: SharedConfig, tokens: SharedRows['tokens']): KindChanges {
  return compareRows(
    'token',
    config.tokens.map((token) => ({
      key: token.address,
      label: token.symbol,
      record: {
        symbol: token.symbol,
        name: token.name,
        decimals: token.decimals,
        type: token.type,
        project: token.project ?? null,
      },
      extra: undefined,
    })),
    tokens.map((row) => ({
      id: row.id,
      key: row.address,
      label: row.symbol,
      record: {
        symbol: row.symbol,
        name: row.name,
        decimals: row.decimals,
        type: row.type,
        project: row.project,
      },
    })),
    'not_in_file',
  )
}

/** The file's contracts (keyed by address; a pool's tokens by address) against the database's. */
export function compareContracts(config: SharedConfig, contracts: SharedRows['contracts']): KindChanges {
  return compareRows(
    'contract',
    config.contracts.map((contract) => ({
      key: contract.address,
      label: contract.name,
      record: {
        name: contract.name,
        type: contract.type,
        project: contract.project ?? null,
        abi: contract.abi,
        transformer: (contract.transformer as PlanValue | undefined) ?? null,
        base_token: contract.pool?.base_token ?? null,
        quote_token: contract.pool?.quote_token ?? null,
        pricing_method: contract.pool?.pricing?.method ?? null,
        pricing_start_block: blockValue(contract.pool?.pricing?.start_block),
        pricing_end_block: blockValue(contract.pool?.pricing?.end_block),
      },
      extra: undefined,
    })),
    contracts.map((row) => ({
      id: row.id,
      key: row.address,
      label: row.name,
      record: {
        name: row.name,
        type: row.type,
        project: row.project,
        abi: row.abi,
        transformer: (row.transformer as PlanValue) ?? null,
        base_token: row.baseToken?.address ?? null,
        quote_token: row.quoteToken?.address ?? null,
        pricing_method: row.pricingMethod,
        pricing_start_block: blockValue(row.pricingStartBlock),
        pricing_end_block: blockValue(row.pricingEndBlock),
      },
    })),
    'not_in_file',
  )
}

/** The file's labelled addresses (keyed by address) against the database's. */
export function compareAddresses(config: SharedConfig, addresses: SharedRows['addresses']): KindChanges {
  return compareRows(
    'labelled_address',
    config.addresses.map((entry) => ({
      key: entry.address,
      label: entry.label,
      record: { label: entry.label, kind: entry.kind, project: entry.project ?? null },
      extra: undefined,
    })),
    addresses.map((row) => ({
      id: row.id,
      key: row.address,
      label: row.label,
      record: { label: row.label, kind: row.kind, project: row.project },
    })),
    'not_in_file',
  )
}

/**
 * The file's sources (keyed by name) against the database's; a stored-blocks path is compared
 * absolute, resolved against `baseDir` (the shared file's folder).
 */
export function compareSources(
  config: SharedConfig,
  sources: SharedRows['sources'],
  baseDir: string,
): KindChanges {
  return compareRows(
    'source',
    config.sources.map((source) => ({
      key: source.name,
      record: { type: source.type, settings: sourceSettings(source, baseDir) },
      extra: undefined,
    })),
    sources.map((row) => ({
      id: row.id,
      key: row.name,
      record: { type: row.type, settings: row.settings as PlanValue },
    })),
    'not_in_file',
  )
}

/** The file's AVAX/USD feed (keyed `avax_usd`) against the database's price feeds. */
export function compareFeeds(config: SharedConfig, feeds: SharedRows['feeds']): KindChanges {
  const feed = config.price_feeds.avax_usd
  return compareRows(
    'price_feed',
    [
      {
        key: 'avax_usd',
        label: 'AVAX/USD',
        record: {
          chain_id: config.chain.id,
          address: feed.address,
          decimals: feed.decimals,
          heartbeat_seconds: feed.heartbeat_seconds,
        },
        extra: undefined,
      },
    ],
    feeds.map((row) => ({
      id: row.id,
      key: row.name,
      record: {
        chain_id: row.chainId,
        address: row.address,
        decimals: row.decimals,
        heartbeat_seconds: row.heartbeatSeconds,
      },
    })),
    'not_in_file',
  )
}
