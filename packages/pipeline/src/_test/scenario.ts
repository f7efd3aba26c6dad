// Test-only: a real chain with a DeFi market and reproducible activity (anvil +
// @idx/testkit), the shared and model YAML files that describe it, and
// migrated shared and model databases with both files imported.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseModelConfig, parseSharedConfig } from '@idx/config'
import { testDatabase } from '@idx/migrator/testing'
import { createModelDb, type ModelDb, migrateModelDb } from '@idx/model-db'
import {
  createSharedDb,
  importModelConfig,
  importSharedConfig,
  migrateSharedDb,
  type SharedDb,
} from '@idx/shared-db'
import {
  type Anvil,
  createTestkitClient,
  deployMarket,
  type GenerateActivityParameters,
  type GenerateActivityReturnType,
  generateActivity,
  type Market,
  startAnvil,
  type TestkitClient,
} from '@idx/testkit'
import type { Address } from 'viem'

export type DbKind = 'postgres' | 'pglite'
export const DB_KINDS = ['postgres', 'pglite'] as const

/** The environment variable the scenario's rpc source names (`url_env`). */
export const RPC_ENV = 'IDX_TEST_RPC_URL'

export type Scenario = {
  anvil: Anvil
  client: TestkitClient
  market: Market
  activity: GenerateActivityReturnType
  /** The environment the rpc source reads its URL from. */
  env: Record<string, string>
  /** Each pool with its configured base and quote token (lowercase). */
  pools: { address: Address; base: Address; quote: Address }[]
  /** Every contract the model tracks (lowercase). */
  addresses: Address[]
  /** The first block of the deployment: the model's start block. */
  firstBlock: bigint
  /** The last block of the activity. */
  lastBlock: bigint
  stop: () => Promise<void>
}

export type StartScenarioParameters = Omit<GenerateActivityParameters, 'market'> & {
  /** Further anvil arguments. */
  anvilArgs?: readonly string[] | undefined
}

/**
 * Starts anvil (chain id 43114), deploys the testkit market (WAVAX, BLUB,
 * USDC, BLUB/WAVAX and WAVAX/USDC V2 pairs, a router, the AVAX/USD feed) and
 * mines `blocks` blocks of reproducible activity.
 */
export async function startScenario(parameters: StartScenarioParameters): Promise<Scenario> {
  const { anvilArgs, ...activityParameters } = parameters
  const anvil = await startAnvil({ args: anvilArgs })
  try {
    const client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
    const market = await deployMarket(client)
    const activity = await generateActivity(client, { market, ...activityParameters })
    const lower = (address: Address) => address.toLowerCase() as Address
    const { blub, wavax, usdc } = market.tokens
    const pools = [
      { address: lower(market.pairs.blubWavax.address), base: lower(blub), quote: lower(wavax) },
      { address: lower(market.pairs.wavaxUsdc.address), base: lower(wavax), quote: lower(usdc) },
    ]
    return {
      anvil,
      client,
      market,
      activity,
      env: { [RPC_ENV]: anvil.rpcUrl },
      pools,
      addresses: [blub, wavax, usdc, market.aggregator, ...pools.map((pool) => pool.address)].map(lower),
      firstBlock: market.blocks.first,
      lastBlock: activity.toBlock,
      stop: () => anvil.stop(),
    }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}

export type ScenarioConfigParameters = {
  /** The model's name (default `scenario`). */
  model?: string | undefined
  /** The model database's name (default `idx_model_<model>`). */
  database?: string | undefined
  /** Also list a stored_blocks source with this folder (the model uses only the rpc source unless `modelSources` says). */
  storedBlocks?: string | undefined
  /** The sources the model file lists (default: the rpc source). */
  modelSources?: readonly string[] | undefined
  /** The model's start block (default the deployment's first block). */
  startBlock?: bigint | undefined
  /** Settings of the rpc source (`batch_size`, `max_retries`, …). */
  rpc?: Record<string, number> | undefined
}

/** The shared and model YAML files describing a scenario's chain (texts). */
export function scenarioConfig(
  scenario: Pick<Scenario, 'market' | 'firstBlock'>,
  parameters: ScenarioConfigParameters = {},
): { shared: string; model: string } {
  const { market } = scenario
  const model = parameters.model ?? 'scenario'
  const { blub, wavax, usdc } = market.tokens
  const rpcSettings = Object.entries(parameters.rpc ?? {})
    .map(([key, value]) => `\n    ${key}: ${value}`)
    .join('')
  const shared = `config_version: "1.0"
chain:
  id: 43114
  name: Avalanche C-Chain (anvil)
  native_symbol: AVAX
tokens:
  - { address: "${wavax}", symbol: WAVAX, name: Wrapped AVAX, decimals: 18, type: wrapped_native }
  - { address: "${blub}", symbol: BLUB, name: Blub, decimals: 18, type: erc20 }
  - { address: "${usdc}", symbol: USDC, name: USD Coin, decimals: 6, type: stable }
contracts:
  - { address: "${wavax}", name: WAVAX, type: wrapped_native }
  - { address: "${blub}", name: BLUB, type: erc20 }
  - { address: "${usdc}", name: USDC, type: erc20 }
  - { address: "${market.aggregator}", name: AVAX/USD feed, type: chainlink_aggregator }
  - address: "${market.pairs.blubWavax.address}"
    name: BLUB/WAVAX V2
    type: uniswap_v2_pair
    pool:
      base_token: BLUB
      quote_token: WAVAX
      pricing: { method: direct_avax, start_block: 0 }
  - address: "${market.pairs.wavaxUsdc.address}"
    name: WAVAX/USDC V2
    type: uniswap_v2_pair
    pool:
      base_token: WAVAX
      quote_token: USDC
      pricing: { method: direct_usd, start_block: 0 }
sources:
  - name: anvil_rpc
    type: rpc
    url_env: ${RPC_ENV}${rpcSettings}
${parameters.storedBlocks === undefined ? '' : `  - name: stored\n    type: stored_blocks\n    path: "${parameters.storedBlocks}"\n`}price_feeds:
  avax_usd:
    address: "${market.aggregator}"
    heartbeat_seconds: 86400
`
  const modelFile = `config_version: "1.0"
model:
  name: ${model}
  version: "1.0"
  database: ${parameters.database ?? `idx_model_${model}`}
  start_block: ${parameters.startBlock ?? scenario.firstBlock}
sources: [${(parameters.modelSources ?? ['anvil_rpc']).join(', ')}]
tokens: [BLUB, WAVAX, USDC]
contracts:
  - "${wavax}"
  - "${blub}"
  - "${usdc}"
  - "${market.aggregator}"
  - "${market.pairs.blubWavax.address}"
  - "${market.pairs.wavaxUsdc.address}"
pool_pricing:
  - { pool: "${market.pairs.blubWavax.address}", method: direct_avax, start_block: 0, pricing_pool: true }
  - { pool: "${market.pairs.wavaxUsdc.address}", method: direct_usd, start_block: 0 }
`
  return { shared, model: modelFile }
}

/** Writes the two files into a new temporary folder; `remove()` deletes it. */
export function writeConfigFiles(config: { shared: string; model: string }, modelName = 'scenario') {
  const dir = mkdtempSync(path.join(tmpdir(), 'idx-scenario-'))
  const shared = path.join(dir, 'shared_v1_0.yaml')
  const model = path.join(dir, `${modelName}_v1_0.yaml`)
  writeFileSync(shared, config.shared)
  writeFileSync(model, config.model)
  return { dir, shared, model, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export type ScenarioDatabases = {
  shared: SharedDb
  model: ModelDb
  /** The model's name in the shared database. */
  modelName: string
  /** Empties the model database (every processed block, its rows and the jobs). */
  reset: () => Promise<void>
  /** Imports another version of the shared file. */
  importShared: (text: string) => Promise<void>
  close: () => Promise<void>
}

/**
 * A fresh shared database (migrated, both files imported) and a fresh model
 * database (migrated), on PostgreSQL or PGlite; `close()` drops both.
 */
export async function createScenarioDatabases(
  kind: DbKind,
  config: { shared: string; model: string },
  modelName = 'scenario',
): Promise<ScenarioDatabases> {
  const sharedTest = testDatabase(kind)
  const modelTest = testDatabase(kind, { kind: 'model', model: modelName })
  await migrateSharedDb({ target: sharedTest.target })
  const shared = await createSharedDb({ target: sharedTest.target })
  await importSharedConfig(shared, parseSharedConfig(config.shared, 'shared_v1_0.yaml'))
  await importModelConfig(shared, parseModelConfig(config.model, `${modelName}_v1_0.yaml`))
  await migrateModelDb({ target: modelTest.target })
  const model = await createModelDb({ target: modelTest.target })
  return {
    shared,
    model,
    modelName,
    reset: async () => {
      await model.query('delete from processed_block')
      await model.query('delete from block_job')
    },
    importShared: async (text) => {
      await importSharedConfig(shared, parseSharedConfig(text, 'shared_v1_0.yaml'))
    },
    close: async () => {
      await shared.close()
      await model.close()
      await sharedTest.drop()
      await modelTest.drop()
    },
  }
}
