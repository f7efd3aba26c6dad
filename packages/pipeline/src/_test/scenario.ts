// Test-only: a real chain with a DeFi market and reproducible activity (anvil +
// @idx/testkit), the shared and model YAML files that describe it, and
// migrated shared and model databases with both files imported.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseModelConfig, parseSharedConfig } from '@idx/config'
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
  type MarketConfigFilesParameters,
  marketConfigFiles,
  startAnvil,
  type TestkitClient,
  testDatabase,
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
  /** The genesis block's number (default 0): the deployment starts at the next one. */
  genesisBlockNumber?: bigint | undefined
  /**
   * The activity in parts, each with its own seconds between blocks (default:
   * all `blocks` 2 seconds apart). Each part's `blocks` replaces `blocks`.
   */
  parts?: readonly { blocks: number; secondsApart: number }[] | undefined
  /**
   * Deploy the split market too (a second BLUB/WAVAX pair and the aggregator-style split router,
   * tracked by the model as a `dex_aggregator`); `splitShare` then sends trades through it.
   */
  splitRouter?: boolean | undefined
  /**
   * Run the testkit's CL scenario after the deployment (a BLUB/WAVAX Uniswap V3 pool with positions,
   * its position manager and a Solidly pair, all tracked by the model); `clShare` then trades on the V3 pool.
   */
  concentratedLiquidity?: boolean | undefined
}

/**
 * Starts anvil (chain id 43114), deploys the testkit market (WAVAX, BLUB,
 * USDC, BLUB/WAVAX and WAVAX/USDC V2 pairs, a router, the AVAX/USD feed; with
 * `splitRouter`, a second BLUB/WAVAX pair and the split router) and mines
 * `blocks` blocks of reproducible activity.
 */
export async function startScenario(parameters: StartScenarioParameters): Promise<Scenario> {
  const { anvilArgs, genesisBlockNumber, parts, splitRouter, concentratedLiquidity, ...activityParameters } =
    parameters
  const anvil = await startAnvil({ args: anvilArgs, genesisBlockNumber })
  try {
    const client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
    const market = await deployMarket(client, { splitRouter, concentratedLiquidity })
    const activity = await generateActivityInParts(client, market, activityParameters, parts)
    const lower = (address: Address) => address.toLowerCase() as Address
    const { blub, wavax, usdc } = market.tokens
    const pools = [
      { address: lower(market.pairs.blubWavax.address), base: lower(blub), quote: lower(wavax) },
      { address: lower(market.pairs.wavaxUsdc.address), base: lower(wavax), quote: lower(usdc) },
      ...(market.pairs.blubWavaxB === undefined
        ? []
        : [{ address: lower(market.pairs.blubWavaxB.address), base: lower(blub), quote: lower(wavax) }]),
      ...(market.cl === undefined
        ? []
        : [
            { address: lower(market.cl.pool.address), base: lower(blub), quote: lower(wavax) },
            { address: lower(market.cl.solidly.pair.address), base: lower(blub), quote: lower(wavax) },
          ]),
    ]
    return {
      anvil,
      client,
      market,
      activity,
      env: { [RPC_ENV]: anvil.rpcUrl },
      pools,
      addresses: [
        blub,
        wavax,
        usdc,
        market.aggregator,
        ...pools.map((pool) => pool.address),
        ...(market.splitRouter === undefined ? [] : [market.splitRouter]),
        ...(market.cl === undefined ? [] : [market.cl.uniswapV3.positionManager]),
      ].map(lower),
      firstBlock: market.blocks.first,
      lastBlock: activity.toBlock,
      stop: () => anvil.stop(),
    }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}

/** `generateActivity` once per part, each part's blocks `secondsApart` apart; one result for all. */
async function generateActivityInParts(
  client: TestkitClient,
  market: Market,
  parameters: Omit<GenerateActivityParameters, 'market'>,
  parts: StartScenarioParameters['parts'],
): Promise<GenerateActivityReturnType> {
  if (parts === undefined) return generateActivity(client, { market, ...parameters })
  const results: GenerateActivityReturnType[] = []
  for (const [index, part] of parts.entries()) {
    await client.request({ method: 'anvil_setBlockTimestampInterval', params: [part.secondsApart] } as never)
    results.push(
      await generateActivity(client, {
        market,
        ...parameters,
        blocks: part.blocks,
        seed: (parameters.seed ?? 1) * 100 + index,
      }),
    )
  }
  await client.request({ method: 'anvil_setBlockTimestampInterval', params: [2] } as never)
  const sum = (pick: (counts: GenerateActivityReturnType['counts']) => number) =>
    results.reduce((total, result) => total + pick(result.counts), 0)
  return {
    fromBlock: results[0]!.fromBlock,
    toBlock: results.at(-1)!.toBlock,
    blocks: results.flatMap((result) => result.blocks),
    actions: results.flatMap((result) => result.actions),
    counts: {
      transactions: sum((c) => c.transactions),
      swaps: sum((c) => c.swaps),
      trades: sum((c) => c.trades),
      transfers: sum((c) => c.transfers),
      priceUpdates: sum((c) => c.priceUpdates),
      liquidityChanges: sum((c) => c.liquidityChanges),
      wraps: sum((c) => c.wraps),
    },
    durationMs: results.reduce((total, result) => total + result.durationMs, 0),
  }
}

export type ScenarioConfigParameters = Pick<
  MarketConfigFilesParameters,
  | 'model'
  | 'database'
  | 'storedBlocks'
  | 'storedSettings'
  | 'modelSources'
  | 'startBlock'
  | 'rpc'
  | 'heartbeatSeconds'
  | 'canonicalPricing'
  | 'pricingStartBlock'
  | 'targetAsset'
>

/**
 * The shared and model YAML files describing a scenario's chain (texts):
 * `marketConfigFiles` of `@idx/testkit` with the scenario's defaults (model
 * `scenario`, the rpc source's URL in {@link RPC_ENV}, the deployment's first
 * block as the start block).
 */
export function scenarioConfig(
  scenario: Pick<Scenario, 'market' | 'firstBlock'>,
  parameters: ScenarioConfigParameters = {},
): { shared: string; model: string } {
  const { shared, model } = marketConfigFiles(scenario.market, {
    model: 'scenario',
    rpcEnv: RPC_ENV,
    ...parameters,
    startBlock: parameters.startBlock ?? scenario.firstBlock,
  })
  return { shared, model }
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
      await model.query('delete from processed_range')
      await model.query('delete from block_job')
      await model.query('delete from canonical_price')
      await model.query('delete from token_period_stat')
      await model.query('delete from pool_period_stat')
      await model.query('delete from router_period_stat')
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
