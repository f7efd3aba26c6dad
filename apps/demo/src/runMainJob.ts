import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { DEFAULT_DATA_DIR, describeTarget, type IdxSettings, resolveDatabaseServer } from '@idx/config'
import { writeReport } from '@idx/report'
import { demoCommands } from './demoCommands'
import { type ImportCounts, importCounts } from './describeSetup'
import { DemoInterruptedError, DemoServerConfiguredError } from './errors'
import { type DemoChain, openDemoChain } from './openDemoChain'
import { openDemoDatabases } from './openDemoDatabases'
import { processDemoBlocks } from './processDemoBlocks'
import { type ModelSummary, readSummary } from './readSummary'
import { summaryInputs } from './summaryInputs'
import { DEMO_MODEL, writeDemoConfig } from './writeDemoConfig'

export { DEMO_MODEL, DEMO_RPC_ENV } from './writeDemoConfig'
export type { ImportCounts }

/** Blocks of trading by default. */
export const DEFAULT_DEMO_BLOCKS = 300

export type RunMainJobParameters = {
  /** idx's settings (`readSettings`): where the data goes (`IDX_DATA_DIR`, default `.idx/`). */
  settings: IdxSettings
  /** Blocks of trading on the chain (default 300). */
  blocks?: number | undefined
  /** Seed of the trading (default 1). */
  seed?: number | undefined
  /** Progress lines (stderr). */
  log?: ((line: string) => void) | undefined
  /** Stops the job: between steps, or after the batch of blocks in progress. */
  signal?: AbortSignal | undefined
}

export type MainJobSummary = ModelSummary & {
  model: string
  chain: {
    chainId: number
    reused: boolean
    /** Why a saved chain was not reused (null when it was, or when there was none). */
    notReusedBecause: string | null
    firstBlock: string
    lastBlock: string
    tradingBlocks: number
    seed: number
    tokens: { symbol: string; address: string }[]
    pools: { name: string; address: string }[]
    /** The Uniswap V3 position manager whose positions the model tracks (null on a chain without CL). */
    positionManager: string | null
    /** The testkit's plain router (not labelled) and the aggregator-style split router (labelled "Split router"). */
    router: string
    splitRouter: string | null
    feed: string
  }
  /** This run's processing: blocks written now, and blocks already done before it. */
  run: { processed: number; skipped: number; failed: number }
  /** What this run found already in place. */
  reused: {
    chain: boolean
    files: boolean
    sharedMigrations: boolean
    modelMigrations: boolean
    sharedConfig: boolean
    modelConfig: boolean
    blocks: number
  }
  /** What this run did. */
  steps: {
    files: { shared: 'written' | 'unchanged'; model: 'written' | 'unchanged' }
    migrations: { shared: string[]; model: string[] }
    imports: { shared: ImportCounts; model: ImportCounts }
    /** Why the model database was emptied and migrated afresh (null when it was kept). */
    modelDatabaseReset: string | null
  }
  data: {
    dir: string
    sharedDatabase: string
    modelDatabase: string
    sharedFile: string
    modelFile: string
    chainState: string
    chainInfo: string
    /** The HTML report (`idx report`) the job wrote. */
    report: string
  }
  commands: { what: string; command: string }[]
  /** Milliseconds per step: the chain (made or reloaded), migrations and imports, blocks, the summary. */
  timings: { chainMs: number; setupMs: number; processMs: number; summaryMs: number }
  durationMs: number
}

/**
 * The main job, in this process: a local anvil chain with the testkit's
 * BLUB/WAVAX/USDC market (V2 pools, a BLUB/WAVAX Uniswap V3 pool with
 * positions, a Solidly pair) and an AVAX/USD feed, traded on for `blocks` blocks
 * (or the one saved by an earlier run, reloaded); the shared and model YAML
 * files that describe it, written under the data directory; both databases
 * migrated in PGlite; both files imported; every block processed (blocks
 * already done are skipped) with its swaps priced; and a summary read back
 * from the model database.
 *
 * @example
 * ```ts
 * const summary = await withPgliteSession(() => runMainJob({ settings: readSettings() }))
 * summary.swaps // pool swaps indexed
 * ```
 */
export async function runMainJob(parameters: RunMainJobParameters): Promise<MainJobSummary> {
  const started = performance.now()
  const { settings, signal } = parameters
  const log = parameters.log ?? (() => {})
  const stopIfAborted = (where: string) => {
    if (signal?.aborted) throw new DemoInterruptedError(where)
  }

  const server = resolveDatabaseServer(settings)
  if (server.kind === 'postgres') throw new DemoServerConfiguredError(server.source)
  const dataDir = path.resolve(settings.cwd, settings.dataDir ?? DEFAULT_DATA_DIR)
  const demoDir = path.join(dataDir, 'demo')
  mkdirSync(demoDir, { recursive: true })

  const chain = await openDemoChain({
    dir: demoDir,
    blocks: parameters.blocks ?? DEFAULT_DEMO_BLOCKS,
    seed: parameters.seed ?? 1,
    log,
  })
  const timings = { chainMs: Math.round(chain.durationMs), setupMs: 0, processMs: 0, summaryMs: 0 }
  let stepStarted = performance.now()
  const lap = () => {
    const ms = Math.round(performance.now() - stepStarted)
    stepStarted = performance.now()
    return ms
  }
  try {
    stopIfAborted('after its chain was ready')
    const first = chain.info.market.blocks.first
    const last = chain.info.head.number

    // 1. The configuration files that describe the chain.
    const config = writeDemoConfig(chain, demoDir)
    log(
      config.written.shared === 'unchanged' && config.written.model === 'unchanged'
        ? `Configuration files unchanged: ${config.sharedFile}, ${config.modelFile}.`
        : `Wrote the configuration: ${config.sharedFile}, ${config.modelFile}.`,
    )

    // 2. Both databases: migrated, both files imported, the model database emptied if it holds another chain's blocks.
    const databases = await openDemoDatabases({ settings, server, config, chain, log })
    try {
      // 3. Every block, through the model's rpc source (the anvil node).
      stopIfAborted('before it processed blocks')
      const run = await processDemoBlocks({
        shared: databases.shared,
        db: databases.model,
        rpcUrl: chain.anvil.rpcUrl,
        from: first,
        to: last,
        signal,
        log,
        onReady: () => {
          timings.setupMs = lap()
        },
      })
      timings.processMs = lap()

      // 4. The summary, read back from the model database.
      const inputs = summaryInputs(config.shared.config, config.model.config)
      const summary = await readSummary({ db: databases.model, from: first, to: last, ...inputs })
      // 5. The report: one HTML file that opens offline.
      const report = await writeReport(databases.model, {
        model: DEMO_MODEL,
        tokens: inputs.tokens.map((token) => ({ ...token, address: token.address.toLowerCase() })),
        poolLabels: new Map(inputs.pools.map((pool) => [pool.address.toLowerCase(), pool.name])),
        out: path.join(demoDir, 'report.html'),
      })
      log(`Wrote the report: ${report.path}.`)
      timings.summaryMs = lap()
      const { migrations, imports } = databases
      return {
        model: DEMO_MODEL,
        chain: describeChain(chain, config.shared.config.tokens),
        run,
        ...summary,
        reused: {
          chain: chain.reused,
          files: config.written.shared === 'unchanged' && config.written.model === 'unchanged',
          sharedMigrations: migrations.shared.length === 0,
          modelMigrations: databases.modelDatabaseReset === undefined && migrations.model.length === 0,
          sharedConfig: !imports.shared.changes,
          modelConfig: !imports.model.changes,
          blocks: run.skipped,
        },
        steps: {
          files: config.written,
          migrations,
          imports: { shared: importCounts(imports.shared), model: importCounts(imports.model) },
          modelDatabaseReset: databases.modelDatabaseReset ?? null,
        },
        data: {
          dir: dataDir,
          sharedDatabase: describeTarget(databases.sharedTarget),
          modelDatabase: describeTarget(databases.modelTarget),
          sharedFile: config.sharedFile,
          modelFile: config.modelFile,
          chainState: chain.files.state,
          chainInfo: chain.files.info,
          report: report.path,
        },
        commands: demoCommands({
          dataDir,
          dataDirGiven: settings.dataDir !== undefined,
          cwd: settings.cwd,
          sharedFile: config.sharedFile,
          modelFile: config.modelFile,
        }),
        timings,
        durationMs: Math.round(performance.now() - started),
      }
    } finally {
      await databases.close()
    }
  } finally {
    await chain.stop()
  }
}

/** The summary's account of the chain: its blocks, tokens, pools and contracts. */
function describeChain(
  chain: DemoChain,
  tokens: readonly { symbol: string; address: string }[],
): MainJobSummary['chain'] {
  const { market } = chain.info
  return {
    chainId: chain.info.chainId,
    reused: chain.reused,
    notReusedBecause: chain.notReusedBecause ?? null,
    firstBlock: market.blocks.first.toString(),
    lastBlock: chain.info.head.number.toString(),
    tradingBlocks: chain.info.activity.blocks,
    seed: chain.info.activity.seed,
    tokens: tokens.map((token) => ({ symbol: token.symbol, address: token.address })),
    pools: [
      { name: 'BLUB/WAVAX', address: market.pairs.blubWavax.address },
      { name: 'WAVAX/USDC', address: market.pairs.wavaxUsdc.address },
      ...(market.pairs.blubWavaxB === undefined
        ? []
        : [{ name: 'BLUB/WAVAX (second)', address: market.pairs.blubWavaxB.address }]),
      ...(market.cl === undefined
        ? []
        : [
            { name: 'BLUB/WAVAX V3', address: market.cl.pool.address },
            { name: 'BLUB/WAVAX Solidly', address: market.cl.solidly.pair.address },
          ]),
    ],
    positionManager: market.cl?.uniswapV3.positionManager ?? null,
    router: market.router,
    splitRouter: market.splitRouter ?? null,
    feed: market.aggregator,
  }
}
