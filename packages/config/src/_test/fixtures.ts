// Test-only helpers for the configuration tests (never exported by the package).

import { expect } from 'vitest'
import { stringify } from 'yaml'
import { type ConfigIssue, ConfigValidationError } from '../issues'

export const WAVAX = '0xB31f66AA3C1e785363F0875A1B74E27b85FD66c7'
export const USDC = '0xB97EF9Ef8734C71904D8002F8b6Bc66Dd9c48a6E'
export const BLUB = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
export const FEED = '0x0A77230d17318075983913bC2145DB16C7366156'
export const LFJ_POOL = '0x39888258d60fed9228f89e13eb57a92f1fa832eb'
export const LB_POOL = '0xcb4c6fdcfb7d868df5f1e3d0018438205b243fd6'
export const ROUTER = '0x60ae616a2155ee3d9a68541ba4544862310933d4'

type Json = Record<string, unknown>

/** A small valid shared file, as plain data: tokens[0..2] WAVAX, USDC, BLUB; contracts[0] the feed, [1] the LFJ pool. */
export function sharedData(): Json {
  return {
    config_version: '1.0',
    chain: { id: 43114, name: 'Avalanche C-Chain', native_symbol: 'AVAX' },
    tokens: [
      { address: WAVAX, symbol: 'WAVAX', name: 'Wrapped AVAX', decimals: 18, type: 'wrapped_native' },
      { address: USDC, symbol: 'USDC', name: 'USD Coin', decimals: 6, type: 'stable' },
      { address: BLUB, symbol: 'BLUB', name: 'BLUB', decimals: 18, type: 'erc20' },
    ],
    contracts: [
      { address: FEED, name: 'Chainlink AVAX/USD', type: 'chainlink_aggregator' },
      {
        address: LFJ_POOL,
        name: 'BLUB/WAVAX LFJ v1',
        type: 'uniswap_v2_pair',
        project: 'lfj',
        pool: {
          base_token: 'BLUB',
          quote_token: 'WAVAX',
          pricing: { method: 'direct_avax', start_block: 58220057 },
        },
      },
    ],
    addresses: [{ address: ROUTER, label: 'LFJ v1 router', kind: 'router', project: 'lfj' }],
    sources: [
      { name: 'avalanche_rpc', type: 'rpc', url_env: 'IDX_AVALANCHE_RPC_URL' },
      { name: 'stored', type: 'stored_blocks', path: './blocks' },
    ],
    price_feeds: { avax_usd: { address: FEED, heartbeat_seconds: 86400 } },
  }
}

/** A small valid model file, as plain data, that fits {@link sharedData}. */
export function modelData(): Json {
  return {
    config_version: '1.0',
    model: { name: 'blub_test', version: '1.0', start_block: 58219691 },
    sources: ['avalanche_rpc'],
    tokens: ['BLUB', WAVAX],
    contracts: [FEED, LFJ_POOL],
    pool_pricing: [{ pool: LFJ_POOL, method: 'direct_avax', start_block: 58220057, pricing_pool: true }],
  }
}

/** YAML text of plain data. */
export function yamlText(data: unknown): string {
  return stringify(data)
}

/** Runs `parse` and returns the issues of the ConfigValidationError it throws (failing the test otherwise). */
export function issuesOf(parse: () => unknown): readonly ConfigIssue[] {
  try {
    parse()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError)
    return (error as ConfigValidationError).issues
  }
  throw new Error('expected a ConfigValidationError, but the file was accepted')
}

/** `path: message` of each issue, the shape most assertions compare. */
export function problemsOf(parse: () => unknown): string[] {
  return issuesOf(parse).map((issue) => `${issue.path}: ${issue.message}`)
}

/** Sets `value` at `path` inside `data` (creating nothing: the path's parent must exist); `undefined` deletes. */
export function setIn(data: Json, path: readonly (string | number)[], value: unknown): Json {
  let node: unknown = data
  for (const segment of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[segment]
  const last = path[path.length - 1]!
  const parent = node as Record<string | number, unknown>
  if (value === undefined) {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1)
    else delete parent[last]
  } else parent[last] = value
  return data
}
