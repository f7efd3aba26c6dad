import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import {
  type DatabaseTarget,
  DEFAULT_DATA_DIR,
  describeTarget,
  type IdxSettings,
  type ModelConfig,
  modelDatabaseTarget,
  parseModelConfig,
  parseSharedConfig,
  resolveDatabaseServer,
  type SharedConfig,
  sharedDatabaseTarget,
} from '@idx/config'
import { dropModelDatabase, readDatabaseState } from '@idx/database'
import { createModelDb, failedBlocks, type ModelDb, migrateModelDb } from '@idx/model-db'
import { createModelSource, loadIndexerModel, runRange } from '@idx/pipeline'
import { writeReport } from '@idx/report'
import {
  createSharedDb,
  type ImportPlan,
  importModelConfig,
  importSharedConfig,
  listModelSources,
  migrateSharedDb,
} from '@idx/shared-db'
import { marketConfigFiles } from '@idx/testkit'
import { chainBlockHashes } from './chainBlockHashes'
import { DemoInterruptedError, DemoProcessingError, DemoServerConfiguredError } from './errors'
import { type DemoChain, openDemoChain } from './openDemoChain'
import {
  type ModelSummary,
  PRICING_TABLES,
  readSummary,
  type SummaryPool,
  type SummaryToken,
} from './readSummary'

/** The demo model's name (its database is `idx_model_demo`). */
export const DEMO_MODEL = 'demo'
/** The environment variable the demo's rpc source names; the main job sets it to its anvil node. */
export const DEMO_RPC_ENV = 'IDX_DEMO_RPC_URL'
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

/** What an import changed, per action. */
export type ImportCounts = { created: number; updated: number; unchanged: number; removed: number }

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
  const { settings } = parameters
  const log = parameters.log ?? (() => {})
  const blocks = parameters.blocks ?? DEFAULT_DEMO_BLOCKS
  const seed = parameters.seed ?? 1
  const { signal } = parameters
  const stopIfAborted = (where: string) => {
    if (signal?.aborted) throw new DemoInterruptedError(where)
  }

  const server = resolveDatabaseServer(settings)
  if (server.kind === 'postgres') throw new DemoServerConfiguredError(server.source)
  const dataDir = path.resolve(settings.cwd, settings.dataDir ?? DEFAULT_DATA_DIR)
  const demoDir = path.join(dataDir, 'demo')
  mkdirSync(demoDir, { recursive: true })

  const chain = await openDemoChain({ dir: demoDir, blocks, seed, log })
  const timings = { chainMs: Math.round(chain.durationMs), setupMs: 0, processMs: 0, summaryMs: 0 }
  let stepStarted = performance.now()
  const lap = () => {
    const ms = Math.round(performance.now() - stepStarted)
    stepStarted = performance.now()
    return ms
  }
  try {
    stopIfAborted('after its chain was ready')
    const { market } = chain.info
    const first = market.blocks.first
    const last = chain.info.head.number

    // 1. The configuration files that describe the chain.
    const files = marketConfigFiles(market, {
      model: DEMO_MODEL,
      description: `The main job's market on a local anvil chain: two BLUB/WAVAX V2 pools, a BLUB/WAVAX V3 pool with its position manager, a BLUB/WAVAX Solidly pair, WAVAX/USDC and an aggregator-style router, blocks ${first}–${last}.`,
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
    const sharedFile = path.join(demoDir, files.names.shared)
    const modelFile = path.join(demoDir, files.names.model)
    const written = {
      shared: writeIfChanged(sharedFile, files.shared),
      model: writeIfChanged(modelFile, files.model),
    }
    log(
      written.shared === 'unchanged' && written.model === 'unchanged'
        ? `Configuration files unchanged: ${sharedFile}, ${modelFile}.`
        : `Wrote the configuration: ${sharedFile}, ${modelFile}.`,
    )
    const sharedConfig = parseSharedConfig(files.shared, sharedFile)
    const modelConfig = parseModelConfig(files.model, modelFile)

    // 2. The shared database: migrated, both files imported.
    const sharedTarget = sharedDatabaseTarget(settings, server)
    const sharedMigrations = await migrateSharedDb({ target: sharedTarget })
    log(describeMigrations('shared', sharedTarget, sharedMigrations.applied))
    const shared = await createSharedDb({ target: sharedTarget })
    try {
      const sharedPlan = await importSharedConfig(shared, sharedConfig)
      const modelPlan = await importModelConfig(shared, modelConfig)
      log(describeImport(sharedPlan))
      log(describeImport(modelPlan))

      // 3. The model database: migrated, and emptied if it holds blocks of another chain.
      const modelTarget = modelDatabaseTarget(
        settings,
        { name: DEMO_MODEL, database: modelConfig.config.model.database },
        server,
      )
      // The job's own database from a run of an older idx records no deployment: the job adopts it.
      const before = await readDatabaseState(modelTarget)
      const legacy = before.exists && before.marker?.model === DEMO_MODEL && before.marker.deployment === null
      const modelMigrations = await migrateModelDb({
        target: modelTarget,
        shared: sharedTarget,
        adopt: legacy,
      })
      if (modelMigrations.adopted)
        log('Adopted the model database an older idx created (it recorded no deployment).')
      log(describeMigrations('model', modelTarget, modelMigrations.applied))
      let modelApplied = modelMigrations.applied
      let modelDb = await createModelDb({ target: modelTarget })
      try {
        const resetBecause = await modelDatabaseProblem(modelDb, chain)
        if (resetBecause !== undefined) {
          log(`Resetting the model database: ${resetBecause}.`)
          await modelDb.close()
          await dropModelDatabase({ target: modelTarget, shared: sharedTarget })
          modelApplied = (await migrateModelDb({ target: modelTarget, shared: sharedTarget })).applied
          modelDb = await createModelDb({ target: modelTarget })
        }

        // 4. Every block, through the model's rpc source (the anvil node).
        stopIfAborted('before it processed blocks')
        const created = createModelSource({
          sources: await listModelSources(shared.client, DEMO_MODEL),
          env: { [DEMO_RPC_ENV]: chain.anvil.rpcUrl },
        })
        try {
          const model = await loadIndexerModel({
            shared,
            model: DEMO_MODEL,
            readLbTokens: created.readLbTokens,
            readFeedRound: created.readFeedRound,
          })
          timings.setupMs = lap()
          const total = Number(last - first + 1n)
          log(`Processing blocks ${first}–${last} (${total} blocks) into model "${DEMO_MODEL}".`)
          const every = Math.max(1, Math.round(total / 4))
          let reported = 0
          const result = await runRange({
            model,
            db: modelDb,
            source: created.source,
            from: first,
            to: last,
            signal,
            onProgress: (progress) => {
              const done = progress.skipped + progress.processed
              if (done - reported >= every && done < total) {
                reported = done
                log(`  ${done} of ${total} blocks processed.`)
              }
            },
          })
          log(
            result.processed === 0
              ? `All ${result.skipped} blocks were processed already.`
              : `Processed ${result.processed} blocks${result.skipped > 0 ? ` (${result.skipped} were done already)` : ''}.`,
          )
          if (result.aborted)
            throw new DemoInterruptedError(
              `after ${result.skipped + result.processed} of the ${total} blocks were processed`,
            )
          if (result.failed > 0) {
            const failed = await failedBlocks(modelDb, 3)
            throw new DemoProcessingError(
              `${result.failed} of the demo chain's blocks could not be processed.`,
              {
                details: [
                  ...failed.map((block) => `Block ${block.number}: ${block.error}`),
                  `See them with: pnpm idx process status --model ${DEMO_MODEL}.`,
                ],
              },
            )
          }

          timings.processMs = lap()

          // 5. The summary, read back from the model database.
          const summary = await readSummary({
            db: modelDb,
            from: first,
            to: last,
            ...summaryInputs(sharedConfig.config, modelConfig.config),
          })
          // 6. The report: one HTML file that opens offline.
          const inputs = summaryInputs(sharedConfig.config, modelConfig.config)
          const report = await writeReport(modelDb, {
            model: DEMO_MODEL,
            tokens: inputs.tokens.map((token) => ({ ...token, address: token.address.toLowerCase() })),
            poolLabels: new Map(inputs.pools.map((pool) => [pool.address.toLowerCase(), pool.name])),
            out: path.join(demoDir, 'report.html'),
          })
          log(`Wrote the report: ${report.path}.`)
          timings.summaryMs = lap()
          const dataDirFlag =
            settings.dataDir === undefined ? '' : ` --data-dir ${quoteArgument(dataDir, settings.cwd)}`
          return {
            model: DEMO_MODEL,
            chain: {
              chainId: chain.info.chainId,
              reused: chain.reused,
              notReusedBecause: chain.notReusedBecause ?? null,
              firstBlock: first.toString(),
              lastBlock: last.toString(),
              tradingBlocks: chain.info.activity.blocks,
              seed: chain.info.activity.seed,
              tokens: sharedConfig.config.tokens.map((token) => ({
                symbol: token.symbol,
                address: token.address,
              })),
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
            },
            run: { processed: result.processed, skipped: result.skipped, failed: result.failed },
            ...summary,
            reused: {
              chain: chain.reused,
              files: written.shared === 'unchanged' && written.model === 'unchanged',
              sharedMigrations: sharedMigrations.applied.length === 0,
              modelMigrations: resetBecause === undefined && modelApplied.length === 0,
              sharedConfig: !sharedPlan.changes,
              modelConfig: !modelPlan.changes,
              blocks: result.skipped,
            },
            steps: {
              files: written,
              migrations: {
                shared: sharedMigrations.applied,
                model: modelApplied,
              },
              imports: { shared: importCounts(sharedPlan), model: importCounts(modelPlan) },
              modelDatabaseReset: resetBecause ?? null,
            },
            data: {
              dir: dataDir,
              sharedDatabase: describeTarget(sharedTarget),
              modelDatabase: describeTarget(modelTarget),
              sharedFile,
              modelFile,
              chainState: chain.files.state,
              chainInfo: chain.files.info,
              report: report.path,
            },
            commands: [
              {
                what: 'tables, row counts and blocks',
                command: `pnpm idx${dataDirFlag} db inspect --model ${DEMO_MODEL}`,
              },
              {
                what: "BLUB's canonical price",
                command: `pnpm idx${dataDirFlag} pricing show --model ${DEMO_MODEL} --token BLUB`,
              },
              {
                what: 'candles and volume per hour',
                command: `pnpm idx${dataDirFlag} stats --model ${DEMO_MODEL} --token BLUB --period 1h`,
              },
              {
                what: 'browse the rows',
                command: `pnpm idx${dataDirFlag} db studio --model ${DEMO_MODEL}`,
              },
              {
                what: 'processing status',
                command: `pnpm idx${dataDirFlag} process status --model ${DEMO_MODEL}`,
              },
              {
                what: 're-import the configuration',
                command: `pnpm idx${dataDirFlag} config import-shared ${quoteArgument(sharedFile, settings.cwd)} && pnpm idx${dataDirFlag} config import-model ${quoteArgument(modelFile, settings.cwd)}`,
              },
            ],
            timings,
            durationMs: Math.round(performance.now() - started),
          }
        } finally {
          await created.source.close?.()
        }
      } finally {
        await modelDb.close()
      }
    } finally {
      await shared.close()
    }
  } finally {
    await chain.stop()
  }
}

function writeIfChanged(file: string, text: string): 'written' | 'unchanged' {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return 'unchanged'
  writeFileSync(file, text)
  return 'written'
}

/** A path as the user would type it from `cwd`: relative when inside it, quoted when it needs it. */
function quoteArgument(file: string, cwd: string): string {
  const relative = path.relative(cwd, file)
  const shown = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file
  return /^[\w./@:+-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", `'\\''`)}'`
}

function describeMigrations(kind: string, target: DatabaseTarget, applied: readonly string[]): string {
  return applied.length === 0
    ? `The ${kind} database is up to date (${describeTarget(target)}).`
    : `Migrated the ${kind} database (${describeTarget(target)}): ${applied.join(', ')}.`
}

function importCounts(plan: ImportPlan): ImportCounts {
  return plan.summary.reduce(
    (counts, kind) => ({
      created: counts.created + kind.created,
      updated: counts.updated + kind.updated,
      unchanged: counts.unchanged + kind.unchanged,
      removed: counts.removed + kind.removed,
    }),
    { created: 0, updated: 0, unchanged: 0, removed: 0 },
  )
}

function describeImport(plan: ImportPlan): string {
  const counts = importCounts(plan)
  const what = plan.scope === 'shared' ? 'shared configuration' : `model "${plan.model ?? DEMO_MODEL}"`
  if (!plan.changes) return `Imported the ${what}: all ${counts.unchanged} rows unchanged.`
  const parts = [
    counts.created > 0 ? `${counts.created} created` : undefined,
    counts.updated > 0 ? `${counts.updated} updated` : undefined,
    counts.removed > 0 ? `${counts.removed} removed` : undefined,
    counts.unchanged > 0 ? `${counts.unchanged} unchanged` : undefined,
  ].filter((part) => part !== undefined)
  return `Imported the ${what}: ${parts.join(', ')} rows.`
}

/**
 * Why the model database cannot be kept for this chain, or `undefined`: a
 * block it holds that the chain does not have or has with another hash (the
 * chain was made again differently), or swaps indexed before the database
 * could value them (no valuation rows).
 */
async function modelDatabaseProblem(db: ModelDb, chain: DemoChain): Promise<string | undefined> {
  const stored = await db.query<{ number: string; hash: string }>(
    'select number::text, hash from processed_block order by processed_block.number',
  )
  if (stored.length > 0) {
    const hashes = await chainBlockHashes(
      chain.anvil.rpcUrl,
      stored.map((row) => BigInt(row.number)),
    )
    const differing = stored.filter((row) => hashes.get(BigInt(row.number)) !== row.hash)
    if (differing.length > 0) {
      const [firstDiffering] = differing
      return `${differing.length} of its ${stored.length} blocks are not on this chain (block ${firstDiffering?.number} has hash ${firstDiffering?.hash}, the chain ${hashes.get(BigInt(firstDiffering?.number ?? '0')) ?? 'has no such block'})`
    }
  }
  const [pricing] = await db.query<{ present: boolean }>(
    `select to_regclass('public.${PRICING_TABLES[0]}') is not null as present`,
  )
  if (pricing?.present) {
    const [unvalued] = await db.query<{ swaps: number }>(
      `select count(*)::int as swaps from pool_swap s
        where not exists (select 1 from ${PRICING_TABLES[0]} v
          where v.block_number = s.block_number and v.log_index = s.log_index)`,
    )
    if ((unvalued?.swaps ?? 0) > 0)
      return `${unvalued?.swaps} of its swaps were indexed before swaps were priced, and have no value`
  }
  return undefined
}

function summaryInputs(shared: SharedConfig, model: ModelConfig) {
  const tokens: SummaryToken[] = shared.tokens.map((token) => ({
    address: token.address,
    symbol: token.symbol,
    decimals: token.decimals,
  }))
  const token = (ref: string): SummaryToken => {
    const found = tokens.find(
      (candidate) => candidate.symbol === ref || candidate.address.toLowerCase() === ref.toLowerCase(),
    )
    if (found === undefined) throw new Error(`The demo's shared file has no token "${ref}".`)
    return found
  }
  const pools: SummaryPool[] = shared.contracts.flatMap((contract) =>
    contract.pool === undefined
      ? []
      : [
          {
            address: contract.address,
            name: contract.name,
            base: token(contract.pool.base_token),
            quote: token(contract.pool.quote_token),
          },
        ],
  )
  const pricingPool = model.pool_pricing.find((entry) => entry.pricing_pool)
  const pricedPool = pools.find((pool) => pool.address.toLowerCase() === pricingPool?.pool.toLowerCase())
  return {
    tokens,
    pools,
    priced: {
      token: pricedPool?.base ?? token('BLUB'),
      periodSeconds: model.canonical_pricing.period_seconds,
    },
    wavax: token('WAVAX').address,
  }
}
