// Test-only configuration fixtures: the sample files, and small files built from plain data.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  type LoadedConfig,
  type ModelConfig,
  parseModelConfig,
  parseSharedConfig,
  type SharedConfig,
} from '@idx/config'

/** The path of a sample file in the repository's top-level prisma/ folder. */
export const samplePath = (file: string) =>
  fileURLToPath(new URL(`../../../../prisma/${file}`, import.meta.url))
export const SHARED_SAMPLE = samplePath('shared_v1_0.yaml')
export const MODEL_SAMPLE = samplePath('blub_test_v1_0.yaml')

export const sampleText = (file: string) => readFileSync(file, 'utf8')

/** The sample shared file, loaded (optionally edited as text first). */
export function sampleShared(edit: (text: string) => string = (t) => t): LoadedConfig<SharedConfig> {
  return parseSharedConfig(edit(sampleText(SHARED_SAMPLE)), SHARED_SAMPLE)
}

/** The sample model file, loaded (optionally edited as text first). */
export function sampleModel(edit: (text: string) => string = (t) => t): LoadedConfig<ModelConfig> {
  return parseModelConfig(edit(sampleText(MODEL_SAMPLE)), MODEL_SAMPLE)
}

/** Replaces exactly one occurrence of `from` (fails loudly when there is none or several). */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from)
  if (at === -1 || text.indexOf(from, at + 1) !== -1)
    throw new Error(`expected exactly one ${JSON.stringify(from)} in the text`)
  return text.slice(0, at) + to + text.slice(at + from.length)
}

export const WAVAX = '0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7'
export const USDC = '0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e'
export const USDT = '0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7'
export const BLUB = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
export const FEED = '0x0a77230d17318075983913bc2145db16c7366156'
export const POOLS = {
  lfjV1: '0x39888258d60fed9228f89e13eb57a92f1fa832eb',
  lfjLb: '0xcb4c6fdcfb7d868df5f1e3d0018438205b243fd6',
  pharaohV1: '0xa87866ba0d82155d0ff36ad06e555aebc98595ca',
  pharaohCl: '0x3fc41c1ae339322ab87b6ba48e30781d88a304d4',
  launch: '0x819fe65a885d40493f4b91e8a10e242018758432',
} as const

/** The sample's DEX aggregators (contracts of type dex_aggregator), in file order. */
export const AGGREGATORS = {
  lfj: '0x45a62b090df48243f12a21897e7ed91863e2c86b',
  odos: '0x88de50b233052e4fb783d4f6db78cc34fea3e9fc',
  kyber: '0x6131b5fae19ea4f9d964eac0408e4408b66337b5',
} as const

type Json = Record<string, unknown>

/** A small valid shared file as plain data: tokens WAVAX, USDC, BLUB; contracts the feed, the LFJ pool, a USDC pool. */
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
        address: POOLS.lfjV1,
        name: 'BLUB/WAVAX LFJ v1',
        type: 'uniswap_v2_pair',
        project: 'lfj',
        pool: {
          base_token: 'BLUB',
          quote_token: 'WAVAX',
          pricing: { method: 'direct_avax', start_block: 100 },
        },
      },
      {
        address: POOLS.lfjLb,
        name: 'BLUB/USDC',
        type: 'lfj_lb_pair',
        pool: { base_token: 'BLUB', quote_token: 'USDC' },
      },
    ],
    addresses: [],
    sources: [{ name: 'avalanche_rpc', type: 'rpc', url_env: 'IDX_AVALANCHE_RPC_URL' }],
    price_feeds: { avax_usd: { address: FEED, heartbeat_seconds: 86400 } },
  }
}

/** A small valid model file as plain data that fits {@link sharedData}. */
export function modelData(): Json {
  return {
    config_version: '1.0',
    model: { name: 'small', version: '1.0', start_block: 50 },
    sources: ['avalanche_rpc'],
    tokens: ['BLUB', WAVAX],
    contracts: [FEED, POOLS.lfjV1, POOLS.lfjLb],
    pool_pricing: [{ pool: POOLS.lfjV1, method: 'direct_avax', start_block: 100, pricing_pool: true }],
  }
}

/** YAML text of plain data (JSON is YAML; lines and columns still locate every path). */
export const yamlOf = (data: unknown) => `${JSON.stringify(data, null, 2)}\n`

export const parseShared = (data: unknown, file = 'shared.yaml') => parseSharedConfig(yamlOf(data), file)
export const parseModel = (data: unknown, file = 'model.yaml') => parseModelConfig(yamlOf(data), file)
