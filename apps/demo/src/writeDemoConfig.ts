import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import {
  type LoadedConfig,
  type ModelConfig,
  parseModelConfig,
  parseSharedConfig,
  type SharedConfig,
} from '@idx/config'
import { marketConfigFiles } from '@idx/testkit'
import type { DemoChain } from './openDemoChain'

/** The demo model's name (its database is `idx_model_demo`). */
export const DEMO_MODEL = 'demo'
/** The environment variable the demo's rpc source names; the main job sets it to its anvil node. */
export const DEMO_RPC_ENV = 'IDX_DEMO_RPC_URL'

export type DemoConfig = {
  sharedFile: string
  modelFile: string
  /** Whether each file was written now or already held the same text. */
  written: { shared: 'written' | 'unchanged'; model: 'written' | 'unchanged' }
  shared: LoadedConfig<SharedConfig>
  model: LoadedConfig<ModelConfig>
}

/**
 * The shared and model YAML files that describe the demo chain's market,
 * written into `dir` (a file that already holds the same text is left alone)
 * and parsed.
 */
export function writeDemoConfig(chain: DemoChain, dir: string): DemoConfig {
  const { market } = chain.info
  const files = marketConfigFiles(market, {
    model: DEMO_MODEL,
    description: `The main job's market on a local anvil chain: two BLUB/WAVAX V2 pools, a BLUB/WAVAX V3 pool with its position manager, a BLUB/WAVAX Solidly pair, WAVAX/USDC and an aggregator-style router, blocks ${market.blocks.first}–${chain.info.head.number}.`,
    targetAsset: 'BLUB',
    // The block that seeded the V2 pools (the CL scenario starts after it).
    pricingStartBlock: market.cl === undefined ? market.blocks.last : market.cl.fromBlock - 1n,
    rpcSource: 'anvil',
    rpcEnv: DEMO_RPC_ENV,
    canonicalPricing: {
      period_seconds: 60,
      trailing_periods: 5,
      min_volume_usd: '100',
      max_deviation: '0.5',
    },
    header: [
      'Written by `pnpm main-job` for its local anvil chain (chain.json and chain-state.json.gz',
      'beside this file). Its rpc source reads the node URL from IDX_DEMO_RPC_URL, which the main',
      'job sets to the anvil node it starts. Import it again by hand with `pnpm idx config import-shared`',
      'and `pnpm idx config import-model`.',
    ],
  })
  const sharedFile = path.join(dir, files.names.shared)
  const modelFile = path.join(dir, files.names.model)
  return {
    sharedFile,
    modelFile,
    written: {
      shared: writeIfChanged(sharedFile, files.shared),
      model: writeIfChanged(modelFile, files.model),
    },
    shared: parseSharedConfig(files.shared, sharedFile),
    model: parseModelConfig(files.model, modelFile),
  }
}

function writeIfChanged(file: string, text: string): 'written' | 'unchanged' {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return 'unchanged'
  writeFileSync(file, text)
  return 'written'
}
