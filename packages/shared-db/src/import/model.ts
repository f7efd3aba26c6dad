import {
  type ConfigProblem,
  createConfigValidationError,
  type LoadedConfig,
  type ModelConfig,
} from '@idx/config'
import type { SharedDb } from '../client'
import { SharedConfigMissingError } from '../errors'
import {
  blockValue,
  type Current,
  compareRows,
  type Desired,
  hasChanges,
  type ImportKind,
  type ImportPlan,
  type KindChanges,
  summarize,
} from './plan'
import type { ImportConfigOptions } from './shared'
import { type Column, deleteRows, insertImportRows, updateRowsById } from './sql'
import { type ImportTransaction, inImportTransaction } from './transaction'

const MODEL_KINDS: ImportKind[] = [
  'model',
  'model_source',
  'model_token',
  'model_contract',
  'pool_pricing_config',
]

/**
 * Imports a model file into the shared database, in one transaction: the
 * model's row, the sources, tokens and contracts it tracks (junction rows) and
 * its pool pricing configs are made to match the file exactly — rows the file
 * no longer lists are deleted (`removed`). Importing the same file again
 * changes nothing.
 *
 * Every reference is checked against what the shared DATABASE holds (import
 * the shared file first): an unknown source, token, contract or pool, a direct
 * method the pool's quote token cannot serve, or a database name another model
 * (or the shared database) already has is thrown as a `ConfigValidationError`
 * naming the YAML path of each bad reference.
 *
 * @example
 * ```ts
 * const model = await loadModelConfig('prisma/blub_test_v1_0.yaml')
 * const plan = await importModelConfig(db, model)
 * plan.summary.find((kind) => kind.kind === 'pool_pricing_config') // { created: 5, … }
 * ```
 */
export async function importModelConfig(
  db: SharedDb,
  loaded: LoadedConfig<ModelConfig>,
  options: ImportConfigOptions = {},
): Promise<ImportPlan> {
  const dryRun = options.dryRun ?? false
  return inImportTransaction(db, { file: loaded.file, dryRun }, async (tx) => {
    const work = await planModel(tx, loaded, db.target.database)
    const entries = work.kinds.flatMap((kind) => kind.entries)
    const changes = hasChanges(entries)
    const plan: ImportPlan = {
      scope: 'model',
      file: loaded.file,
      database: db.target.database,
      model: loaded.config.model.name,
      dryRun,
      applied: false,
      changes,
      summary: summarize(MODEL_KINDS, entries),
      entries,
      generation: {
        from: work.generation ?? null,
        to: changes ? (work.generation ?? 0) + 1 : (work.generation ?? 1),
      },
    }
    if (dryRun || !plan.changes) return plan
    await applyModel(tx, loaded.config, work, plan.generation!.to)
    return { ...plan, applied: true }
  })
}

/** What a junction row points at: the referenced row's id. */
type Ref = { id: number }
/** What a config row is written with beyond its compared fields: its pool's id and start block. */
type ConfigRef = { id: number; startBlock: string }

type ModelWork = {
  modelId: number | undefined
  /** The model's generation before the import (undefined for a new model). */
  generation: number | undefined
  model: KindChanges
  sources: KindChanges<Ref>
  tokens: KindChanges<Ref>
  contracts: KindChanges<Ref>
  configs: KindChanges<ConfigRef>
  /** The asset's token row id (null without one). */
  targetAssetId: number | null
  kinds: KindChanges<unknown>[]
}

/** The shared rows a model file names, looked up in the database. */
type Lookups = {
  sources: Map<string, { id: number; name: string }>
  tokensByAddress: Map<string, { id: number; address: string; symbol: string }>
  tokensBySymbol: Map<string, { id: number; address: string; symbol: string }[]>
  contracts: Map<string, LookedUpContract>
}

type LookedUpContract = {
  id: number
  address: string
  name: string
  baseTokenId: number | null
  pricingMethod: string | null
  quoteToken: { symbol: string; type: string } | null
}

async function lookUp(tx: ImportTransaction, config: ModelConfig, chainId: number): Promise<Lookups> {
  const refs = config.target_asset === undefined ? config.tokens : [...config.tokens, config.target_asset]
  const addresses = refs.filter((ref) => ref.startsWith('0x'))
  const symbols = refs.filter((ref) => !ref.startsWith('0x'))
  const contractAddresses = [
    ...new Set([...config.contracts, ...config.pool_pricing.map((entry) => entry.pool)]),
  ]
  const sources = await tx.source.findMany({
    where: { name: { in: config.sources } },
    select: { id: true, name: true },
  })
  const tokens = await tx.token.findMany({
    where: { chainId, OR: [{ address: { in: addresses } }, { symbol: { in: symbols } }] },
    select: { id: true, address: true, symbol: true },
    orderBy: { id: 'asc' },
  })
  const contracts = await tx.contract.findMany({
    where: { chainId, address: { in: contractAddresses } },
    select: {
      id: true,
      address: true,
      name: true,
      baseTokenId: true,
      pricingMethod: true,
      quoteToken: { select: { symbol: true, type: true } },
    },
  })
  const tokensBySymbol = new Map<string, { id: number; address: string; symbol: string }[]>()
  for (const token of tokens)
    tokensBySymbol.set(token.symbol, [...(tokensBySymbol.get(token.symbol) ?? []), token])
  return {
    sources: new Map(sources.map((source) => [source.name, source])),
    tokensByAddress: new Map(tokens.map((token) => [token.address, token])),
    tokensBySymbol,
    contracts: new Map(contracts.map((contract) => [contract.address, contract])),
  }
}

async function planModel(
  tx: ImportTransaction,
  loaded: LoadedConfig<ModelConfig>,
  database: string,
): Promise<ModelWork> {
  const { config } = loaded
  const chain = await tx.chain.findFirst({ orderBy: { id: 'asc' }, select: { id: true } })
  if (chain === null) throw new SharedConfigMissingError(loaded.file, database)
  const found = await lookUp(tx, config, chain.id)
  const existing = await tx.model.findUnique({
    where: { name: config.model.name },
    include: { targetAsset: { select: { address: true } } },
  })
  const sameDatabase = await tx.model.findFirst({
    where: { databaseName: config.model.database, NOT: { name: config.model.name } },
    select: { name: true },
  })

  const problems: ConfigProblem[] = []
  if (config.model.database === database)
    problems.push({
      path: ['model', 'database'],
      message: `"${database}" is the shared database; a model needs a database of its own`,
    })
  else if (sameDatabase !== null)
    problems.push({
      path: ['model', 'database'],
      message: `the database "${config.model.database}" already belongs to the model "${sameDatabase.name}"`,
    })
  const refs = resolveReferences(config, found, database, problems)
  if (problems.length > 0) throw createConfigValidationError(loaded, problems)

  const modelId = existing?.id
  const current = modelId === undefined ? undefined : await currentRows(tx, modelId)

  const model = compareRows(
    'model',
    [{ key: config.model.name, record: modelRecord(config, refs.targetAsset), extra: undefined }],
    existing === null
      ? []
      : [
          {
            id: existing.id,
            key: existing.name,
            record: {
              version: existing.version,
              description: existing.description,
              database: existing.databaseName,
              start_block: blockValue(existing.startBlock),
              status: existing.status,
              canonical_pricing: (existing.canonicalPricing as Desired['record']) ?? null,
              target_asset: existing.targetAsset?.address ?? null,
            },
          },
        ],
    'removed',
  )
  const sources = compareRows('model_source', refs.sources, current?.sources ?? [], 'removed')
  const tokens = compareRows('model_token', refs.tokens, current?.tokens ?? [], 'removed')
  const contracts = compareRows('model_contract', refs.contracts, current?.contracts ?? [], 'removed')
  const configs = compareRows('pool_pricing_config', refs.configs, current?.configs ?? [], 'removed')
  return {
    modelId,
    generation: existing?.generation,
    model,
    sources,
    tokens,
    contracts,
    configs,
    targetAssetId: refs.targetAsset?.id ?? null,
    kinds: [model, sources, tokens, contracts, configs],
  }
}

function modelRecord(config: ModelConfig, targetAsset: TargetAsset | undefined): Desired['record'] {
  const { model, canonical_pricing } = config
  return {
    version: model.version,
    description: model.description ?? null,
    database: model.database,
    start_block: blockValue(model.start_block),
    status: model.status,
    canonical_pricing: { ...canonical_pricing },
    target_asset: targetAsset?.address ?? null,
  }
}

/** The model's asset, resolved: its token row. */
type TargetAsset = { id: number; address: string }

const configKey = (pool: string, start: bigint | number) => `${pool}@${start}`

/**
 * Resolves every reference of the file against the database, adding a problem
 * (with its YAML path) for each one that does not resolve or does not fit.
 */
function resolveReferences(
  config: ModelConfig,
  found: Lookups,
  database: string,
  problems: ConfigProblem[],
): {
  sources: Desired<Ref>[]
  tokens: Desired<Ref>[]
  contracts: Desired<Ref>[]
  configs: Desired<ConfigRef>[]
  targetAsset: TargetAsset | undefined
} {
  const missing = (what: string, value: string) =>
    `the ${what} "${value}" is not in the shared database "${database}"; add it to the shared file and import that first`

  const sources: Desired<Ref>[] = []
  config.sources.forEach((name, index) => {
    const source = found.sources.get(name)
    if (source === undefined) problems.push({ path: ['sources', index], message: missing('source', name) })
    else sources.push({ key: name, record: {}, extra: { id: source.id } })
  })

  const tokens: Desired<Ref>[] = []
  const tokenAt = new Map<number, number>()
  config.tokens.forEach((ref, index) => {
    const candidates = ref.startsWith('0x')
      ? [found.tokensByAddress.get(ref)].filter((token) => token !== undefined)
      : (found.tokensBySymbol.get(ref) ?? [])
    const token = candidates[0]
    if (token === undefined) {
      problems.push({ path: ['tokens', index], message: missing('token', ref) })
      return
    }
    if (candidates.length > 1) {
      problems.push({
        path: ['tokens', index],
        message: `the symbol "${ref}" names ${candidates.length} tokens in the shared database (${candidates.map((t) => t.address).join(', ')}); refer to the token by its address`,
      })
      return
    }
    const earlier = tokenAt.get(token.id)
    if (earlier !== undefined) {
      problems.push({
        path: ['tokens', index],
        message: `"${ref}" is the token ${token.symbol} (${token.address}), already listed at tokens[${earlier}]`,
      })
      return
    }
    tokenAt.set(token.id, index)
    tokens.push({ key: token.address, label: token.symbol, record: {}, extra: { id: token.id } })
  })

  let targetAsset: TargetAsset | undefined
  if (config.target_asset !== undefined) {
    const ref = config.target_asset
    const candidates = ref.startsWith('0x')
      ? [found.tokensByAddress.get(ref)].filter((token) => token !== undefined)
      : (found.tokensBySymbol.get(ref) ?? [])
    const token = candidates[0]
    if (token === undefined) problems.push({ path: ['target_asset'], message: missing('token', ref) })
    else if (candidates.length > 1)
      problems.push({
        path: ['target_asset'],
        message: `the symbol "${ref}" names ${candidates.length} tokens in the shared database (${candidates.map((t) => t.address).join(', ')}); refer to the token by its address`,
      })
    else if (!tokenAt.has(token.id))
      problems.push({
        path: ['target_asset'],
        message: `the target asset ${token.symbol} (${token.address}) is not one of this model's tokens; add it to tokens`,
      })
    else targetAsset = { id: token.id, address: token.address }
  }

  const contracts: Desired<Ref>[] = []
  config.contracts.forEach((address, index) => {
    const contract = found.contracts.get(address)
    if (contract === undefined)
      problems.push({ path: ['contracts', index], message: missing('contract', address) })
    else contracts.push({ key: address, label: contract.name, record: {}, extra: { id: contract.id } })
  })

  const needs = { direct_avax: 'wrapped_native', direct_usd: 'stable' } as const
  const configs: Desired<ConfigRef>[] = []
  config.pool_pricing.forEach((entry, index) => {
    const at = ['pool_pricing', index]
    const pool = found.contracts.get(entry.pool)
    if (pool === undefined) return // reported at contracts[…]: a priced pool is one of the model's contracts
    if (pool.baseTokenId === null || pool.quoteToken === null) {
      problems.push({
        path: [...at, 'pool'],
        message: `the contract "${entry.pool}" (${pool.name}) is not a pool in the shared database: it has no base and quote token`,
      })
      return
    }
    if (entry.method === 'direct_avax' || entry.method === 'direct_usd') {
      const wanted = needs[entry.method]
      if (pool.quoteToken.type !== wanted)
        problems.push({
          path: [...at, 'method'],
          message: `the method "${entry.method}" needs a quote token of type "${wanted}", but the pool's quote token ${pool.quoteToken.symbol} is of type "${pool.quoteToken.type}"`,
        })
    }
    if (
      entry.method === 'use_global_default' &&
      entry.pricing_pool &&
      (pool.pricingMethod ?? 'global') === 'global'
    )
      problems.push({
        path: [...at, 'pricing_pool'],
        message: `a pricing pool cannot be priced with "global", and the default of "${entry.pool}" in the shared database is ${pool.pricingMethod === null ? 'absent (so global)' : '"global"'}`,
      })
    configs.push({
      key: configKey(entry.pool, entry.start_block),
      label: pool.name,
      record: {
        end_block: blockValue(entry.end_block),
        method: entry.method,
        pricing_pool: entry.pricing_pool,
      },
      extra: { id: pool.id, startBlock: String(entry.start_block) },
    })
  })
  return { sources, tokens, contracts, configs, targetAsset }
}

/** The model's junction rows and configs as the database holds them. Junction rows carry the referenced row's id. */
async function currentRows(
  tx: ImportTransaction,
  modelId: number,
): Promise<{ sources: Current[]; tokens: Current[]; contracts: Current[]; configs: Current[] }> {
  const sources = await tx.modelSource.findMany({
    where: { modelId },
    select: { sourceId: true, source: { select: { name: true } } },
    orderBy: { sourceId: 'asc' },
  })
  const tokens = await tx.modelToken.findMany({
    where: { modelId },
    select: { tokenId: true, token: { select: { address: true, symbol: true } } },
    orderBy: { tokenId: 'asc' },
  })
  const contracts = await tx.modelContract.findMany({
    where: { modelId },
    select: { contractId: true, contract: { select: { address: true, name: true } } },
    orderBy: { contractId: 'asc' },
  })
  const configs = await tx.poolPricingConfig.findMany({
    where: { modelId },
    select: {
      id: true,
      startBlock: true,
      endBlock: true,
      method: true,
      pricingPool: true,
      pool: { select: { address: true, name: true } },
    },
    orderBy: { id: 'asc' },
  })
  return {
    sources: sources.map((row) => ({ id: row.sourceId, key: row.source.name, record: {} })),
    tokens: tokens.map((row) => ({
      id: row.tokenId,
      key: row.token.address,
      label: row.token.symbol,
      record: {},
    })),
    contracts: contracts.map((row) => ({
      id: row.contractId,
      key: row.contract.address,
      label: row.contract.name,
      record: {},
    })),
    configs: configs.map((row) => ({
      id: row.id,
      key: configKey(row.pool.address, row.startBlock),
      label: row.pool.name,
      record: { end_block: blockValue(row.endBlock), method: row.method, pricing_pool: row.pricingPool },
    })),
  }
}

const MODEL_COLUMNS: Column[] = [
  ['version', 'text'],
  ['description', 'text'],
  ['database_name', 'text'],
  ['start_block', 'bigint'],
  ['status', 'model_status'],
  ['canonical_pricing', 'jsonb'],
  ['target_asset_id', 'int'],
]
const CONFIG_COLUMNS: Column[] = [
  ['end_block', 'bigint'],
  ['method', 'pool_pricing_method'],
  ['pricing_pool', 'boolean'],
  ['generation', 'int'],
]

/**
 * Copies pricing configs, as they are, into the history before an import
 * changes or removes them: valuations name the config that decided them.
 */
async function keepRetiredConfigs(tx: ImportTransaction, ids: number[], retiredGeneration: number) {
  if (ids.length === 0) return
  await tx.$executeRawUnsafe(
    `INSERT INTO "pool_pricing_config_history"
       ("id", "retired_generation", "model_id", "pool_id", "start_block", "end_block", "method", "pricing_pool", "generation", "created_at")
     SELECT "id", $1, "model_id", "pool_id", "start_block", "end_block", "method", "pricing_pool", "generation", "updated_at"
       FROM "pool_pricing_config" WHERE "id" = ANY($2::text[]::int[])`,
    retiredGeneration,
    ids.map(String),
  )
}

/**
 * Writes the plan: the model row, then its junction rows and configs (removed
 * ones first), all at the model's new `generation`. A config that is removed
 * or changed is first copied, as it was, into `pool_pricing_config_history`.
 */
async function applyModel(
  tx: ImportTransaction,
  config: ModelConfig,
  work: ModelWork,
  generation: number,
): Promise<void> {
  const modelValues = ({ record: r }: Desired) => [
    r.version,
    r.description,
    r.database,
    r.start_block,
    r.status,
    r.canonical_pricing,
    work.targetAssetId,
  ]
  let modelId = work.modelId
  const [newModel] = work.model.create
  if (newModel !== undefined) {
    const [row] = await insertImportRows<{ id: number }>(
      tx,
      'model',
      [['name', 'text'], ...MODEL_COLUMNS],
      [[config.model.name, ...modelValues(newModel)]],
      { touch: true, returning: ['id'] },
    )
    modelId = Number(row!.id)
  }
  await updateRowsById(
    tx,
    'model',
    MODEL_COLUMNS,
    work.model.update.map(({ id, row }) => [id, ...modelValues(row)]),
  )
  if (modelId === undefined) throw new Error('The model row was neither found nor created.')
  await tx.$executeRawUnsafe('UPDATE "model" SET "generation" = $1 WHERE "id" = $2', generation, modelId)
  const scope = { column: 'model_id', value: modelId }

  const junctions = [
    ['model_source', 'source_id', work.sources],
    ['model_token', 'token_id', work.tokens],
    ['model_contract', 'contract_id', work.contracts],
  ] as const
  for (const [table, column, changes] of junctions) {
    await deleteRows(
      tx,
      table,
      column,
      changes.absent.map((row) => row.id),
      scope,
    )
    await insertImportRows(
      tx,
      table,
      [
        ['model_id', 'int'],
        [column, 'int'],
      ],
      changes.create.map((row) => [modelId, row.extra.id]),
    )
  }

  const configValues = ({ record: r }: Desired<ConfigRef>) => [
    r.end_block,
    r.method,
    r.pricing_pool,
    generation,
  ]
  await keepRetiredConfigs(
    tx,
    [...work.configs.absent.map((row) => row.id), ...work.configs.update.map(({ id }) => id)],
    generation,
  )
  await deleteRows(
    tx,
    'pool_pricing_config',
    'id',
    work.configs.absent.map((row) => row.id),
    scope,
  )
  await updateRowsById(
    tx,
    'pool_pricing_config',
    CONFIG_COLUMNS,
    work.configs.update.map(({ id, row }) => [id, ...configValues(row)]),
  )
  await insertImportRows(
    tx,
    'pool_pricing_config',
    [['model_id', 'int'], ['pool_id', 'int'], ['start_block', 'bigint'], ...CONFIG_COLUMNS],
    work.configs.create.map((row) => [modelId, row.extra.id, row.extra.startBlock, ...configValues(row)]),
    { touch: true },
  )
}
