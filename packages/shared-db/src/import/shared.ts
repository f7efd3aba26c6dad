import path from 'node:path'
import {
  type ConfigProblem,
  createConfigValidationError,
  type LoadedConfig,
  type SharedConfig,
  type Source,
  type Token,
} from '@idx/config'
import type { SharedDb } from '../client'
import {
  blockValue,
  compareRows,
  type Desired,
  hasChanges,
  type ImportKind,
  type ImportPlan,
  type KindChanges,
  type PlanValue,
  summarize,
} from './plan'
import { type Column, insertImportRows, updateRowsById } from './sql'
import { type ImportTransaction, inImportTransaction } from './transaction'

export type ImportConfigOptions = {
  /** Compute the plan and write nothing (the transaction is read-only). */
  dryRun?: boolean | undefined
}

const SHARED_KINDS: ImportKind[] = ['chain', 'token', 'contract', 'labelled_address', 'source', 'price_feed']

/**
 * Imports a shared file into the shared database, in one transaction: every
 * chain, token, contract, labelled address, source and price feed of the file
 * is created or updated to match it (all of it lands, or none of it does).
 * Rows the file no longer lists are kept — models may still use them — and
 * reported as `not_in_file`. Importing the same file again changes nothing.
 *
 * Before writing, the file is checked against what models already hold: a
 * contract a model prices must stay a pool whose quote token fits the model's
 * method. Those problems are thrown as a `ConfigValidationError` on the file.
 *
 * @returns The plan: per kind, what was (or with `dryRun`, would be) created,
 * updated, left unchanged, or found only in the database.
 *
 * @example
 * ```ts
 * const shared = await loadSharedConfig('prisma/shared_v1_0.yaml')
 * const plan = await importSharedConfig(db, shared, { dryRun: true })
 * plan.summary // [{ kind: 'chain', created: 1, … }, { kind: 'token', created: 4, … }, …]
 * ```
 */
export async function importSharedConfig(
  db: SharedDb,
  loaded: LoadedConfig<SharedConfig>,
  options: ImportConfigOptions = {},
): Promise<ImportPlan> {
  const dryRun = options.dryRun ?? false
  return inImportTransaction(db, { file: loaded.file, dryRun }, async (tx) => {
    const work = await planShared(tx, loaded, db.target.database)
    const entries = work.kinds.flatMap((kind) => kind.entries)
    const plan: ImportPlan = {
      scope: 'shared',
      file: loaded.file,
      database: db.target.database,
      dryRun,
      applied: false,
      changes: hasChanges(entries),
      summary: summarize(SHARED_KINDS, entries),
      entries,
    }
    if (!plan.changes) return { ...plan, generations: [] }
    if (dryRun) return plan
    await applyShared(tx, loaded.config, work)
    return { ...plan, applied: true, generations: await bumpAffectedModels(tx, work) }
  })
}

type SharedWork = {
  chain: KindChanges
  tokens: KindChanges
  contracts: KindChanges
  addresses: KindChanges
  sources: KindChanges
  feeds: KindChanges
  /** Token ids by address, for the tokens the database already holds. */
  tokenIds: Map<string, number>
  kinds: KindChanges[]
}

async function planShared(
  tx: ImportTransaction,
  loaded: LoadedConfig<SharedConfig>,
  database: string,
): Promise<SharedWork> {
  const { config } = loaded
  const chainId = config.chain.id
  // One query at a time: an interactive transaction is one connection.
  const chains = await tx.chain.findMany({ orderBy: { id: 'asc' } })
  const tokens = await tx.token.findMany({ where: { chainId }, orderBy: { id: 'asc' } })
  const contracts = await tx.contract.findMany({
    where: { chainId },
    orderBy: { id: 'asc' },
    include: { baseToken: { select: { address: true } }, quoteToken: { select: { address: true } } },
  })
  const addresses = await tx.labelledAddress.findMany({ where: { chainId }, orderBy: { id: 'asc' } })
  const sources = await tx.source.findMany({ orderBy: { id: 'asc' } })
  const feeds = await tx.priceFeed.findMany({ orderBy: { id: 'asc' } })
  const configs = await tx.poolPricingConfig.findMany({
    orderBy: { id: 'asc' },
    select: {
      method: true,
      pricingPool: true,
      startBlock: true,
      pool: { select: { address: true, chainId: true } },
      model: { select: { name: true } },
    },
  })

  const problems = checkAgainstDatabase(config, database, chains, configs)
  if (problems.length > 0) throw createConfigValidationError(loaded, problems)

  const chain = compareRows(
    'chain',
    [
      {
        key: String(chainId),
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

  const tokenChanges = compareRows(
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

  const contractChanges = compareRows(
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

  const addressChanges = compareRows(
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

  const baseDir = path.dirname(path.resolve(loaded.file))
  const sourceChanges = compareRows(
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

  const feed = config.price_feeds.avax_usd
  const feedChanges = compareRows(
    'price_feed',
    [
      {
        key: 'avax_usd',
        label: 'AVAX/USD',
        record: {
          chain_id: chainId,
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

  return {
    chain,
    tokens: tokenChanges,
    contracts: contractChanges,
    addresses: addressChanges,
    sources: sourceChanges,
    feeds: feedChanges,
    tokenIds: new Map(tokens.map((token) => [token.address, token.id])),
    kinds: [chain, tokenChanges, contractChanges, addressChanges, sourceChanges, feedChanges],
  }
}

/**
 * A source's settings as stored: everything but its name and type. A stored-
 * blocks path is made absolute against the shared file's directory, so every
 * reader of the database finds the same folder.
 */
function sourceSettings(source: Source, baseDir: string): PlanValue {
  if (source.type === 'stored_blocks') {
    const { name: _name, type: _type, path: folder, ...settings } = source
    const where = folder === undefined ? {} : { path: path.resolve(baseDir, folder) }
    return Object.fromEntries(
      Object.entries({ ...where, ...settings }).filter(([, value]) => value !== undefined),
    ) as PlanValue
  }
  const { name: _name, type: _type, ...settings } = source
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as PlanValue
}

type PricingUse = {
  method: string
  pricingPool: boolean
  startBlock: bigint
  pool: { address: string; chainId: number }
  model: { name: string }
}

/**
 * What the file may not do to the database: switch the database to another
 * chain, or take from a pool what a model's pricing of it needs (its pool
 * section, a quote token that fits a direct method, a default that is not
 * `global` for a pricing pool left to `use_global_default`).
 */
function checkAgainstDatabase(
  config: SharedConfig,
  database: string,
  chains: readonly { id: number; name: string }[],
  configs: readonly PricingUse[],
): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  const other = chains.find((chain) => chain.id !== config.chain.id)
  if (other !== undefined)
    problems.push({
      path: ['chain', 'id'],
      message: `the shared database "${database}" holds chain ${other.id} (${other.name}); one shared database serves one chain`,
    })

  const tokens = new Map<string, Token>(config.tokens.map((token) => [token.address, token]))
  const contractIndex = new Map<string, number>(
    config.contracts.map((contract, index) => [contract.address, index]),
  )
  const needs = { direct_avax: 'wrapped_native', direct_usd: 'stable' } as const
  const seen = new Set<string>()
  const add = (problem: ConfigProblem) => {
    const key = `${problem.path.join('.')}|${problem.message}`
    if (seen.has(key)) return
    seen.add(key)
    problems.push(problem)
  }

  for (const use of configs) {
    if (use.pool.chainId !== config.chain.id) continue
    const index = contractIndex.get(use.pool.address)
    if (index === undefined) continue // not in the file: the row is kept as it is
    const contract = config.contracts[index]!
    const by = `the model "${use.model.name}" prices this contract with "${use.method}" from block ${use.startBlock}`
    const pool = contract.pool
    if (pool === undefined) {
      add({
        path: ['contracts', index],
        message: `${by}; it must keep its pool section (base_token and quote_token)`,
      })
      continue
    }
    if (use.method === 'direct_avax' || use.method === 'direct_usd') {
      const wanted = needs[use.method]
      const quote = tokens.get(pool.quote_token)
      if (quote !== undefined && quote.type !== wanted)
        add({
          path: ['contracts', index, 'pool', 'quote_token'],
          message: `${by}, which needs a quote token of type "${wanted}", but ${quote.symbol} is of type "${quote.type}"`,
        })
    }
    if (
      use.method === 'use_global_default' &&
      use.pricingPool &&
      (pool.pricing?.method ?? 'global') === 'global'
    )
      add({
        path:
          pool.pricing === undefined
            ? ['contracts', index, 'pool']
            : ['contracts', index, 'pool', 'pricing', 'method'],
        message: `${by} as a pricing pool, so its default here must be a direct method, not ${pool.pricing === undefined ? 'absent (global)' : '"global"'}`,
      })
  }
  return problems
}

const TOKEN_COLUMNS: Column[] = [
  ['symbol', 'text'],
  ['name', 'text'],
  ['decimals', 'int'],
  ['type', 'token_type'],
  ['project', 'text'],
]
const CONTRACT_COLUMNS: Column[] = [
  ['name', 'text'],
  ['type', 'text'],
  ['project', 'text'],
  ['abi', 'text'],
  ['transformer', 'jsonb'],
  ['base_token_id', 'int'],
  ['quote_token_id', 'int'],
  ['pricing_method', 'pricing_default'],
  ['pricing_start_block', 'bigint'],
  ['pricing_end_block', 'bigint'],
]
const ADDRESS_COLUMNS: Column[] = [
  ['label', 'text'],
  ['kind', 'text'],
  ['project', 'text'],
]
const SOURCE_COLUMNS: Column[] = [
  ['type', 'source_type'],
  ['settings', 'jsonb'],
]
const FEED_COLUMNS: Column[] = [
  ['chain_id', 'int'],
  ['address', 'text'],
  ['decimals', 'int'],
  ['heartbeat_seconds', 'int'],
]
const CHAIN_COLUMNS: Column[] = [
  ['name', 'text'],
  ['native_symbol', 'text'],
]

/** A row's values for columns named like its fields. */
const values = (row: Desired, columns: readonly Column[]) => columns.map(([name]) => row.record[name])

/** Creates and updates one kind's rows; returns the created rows' `id` and key column. */
async function writeKind(
  tx: ImportTransaction,
  table: string,
  key: { columns: readonly Column[]; values: (row: Desired) => unknown[]; column: string },
  columns: readonly Column[],
  changes: KindChanges,
  rowValues: (row: Desired) => unknown[] = (row) => values(row, columns),
): Promise<{ id: number; key: string }[]> {
  const created = await insertImportRows<Record<string, unknown>>(
    tx,
    table,
    [...key.columns, ...columns],
    changes.create.map((row) => [...key.values(row), ...rowValues(row)]),
    { touch: true, returning: ['id', key.column] },
  )
  await updateRowsById(
    tx,
    table,
    columns,
    changes.update.map(({ id, row }) => [id, ...rowValues(row)]),
  )
  return created.map((row) => ({ id: Number(row.id), key: String(row[key.column]) }))
}

/** Writes the plan: chain, tokens, contracts (with their tokens' ids), addresses, sources, feed. */
async function applyShared(tx: ImportTransaction, config: SharedConfig, work: SharedWork): Promise<void> {
  const chainId = config.chain.id
  const onChain = {
    columns: [
      ['chain_id', 'int'],
      ['address', 'text'],
    ] as Column[],
    values: (row: Desired) => [chainId, row.key],
    column: 'address',
  }
  const byName = {
    columns: [['name', 'text']] as Column[],
    values: (row: Desired) => [row.key],
    column: 'name',
  }
  const chainKey = { columns: [['id', 'int']] as Column[], values: () => [chainId], column: 'id' }

  await writeKind(tx, 'chain', chainKey, CHAIN_COLUMNS, work.chain)
  const createdTokens = await writeKind(tx, 'token', onChain, TOKEN_COLUMNS, work.tokens)

  const tokenIds = new Map(work.tokenIds)
  for (const token of createdTokens) tokenIds.set(token.key, token.id)
  const tokenId = (address: PlanValue | undefined) =>
    typeof address === 'string' ? (tokenIds.get(address) ?? null) : null
  await writeKind(tx, 'contract', onChain, CONTRACT_COLUMNS, work.contracts, ({ record: r }) => [
    r.name,
    r.type,
    r.project,
    r.abi,
    r.transformer,
    tokenId(r.base_token),
    tokenId(r.quote_token),
    r.pricing_method,
    r.pricing_start_block,
    r.pricing_end_block,
  ])
  await writeKind(tx, 'labelled_address', onChain, ADDRESS_COLUMNS, work.addresses)
  await writeKind(tx, 'source', byName, SOURCE_COLUMNS, work.sources)
  await writeKind(tx, 'price_feed', byName, FEED_COLUMNS, work.feeds)
}

/**
 * Adds one to the configuration generation of every model whose processing
 * the import changed: a model tracking an updated contract or reading an
 * updated source; every model when a token (pricing reads every token's
 * decimals and type), the chain or the price feed changed. Created rows
 * change no model (none uses them yet); labelled addresses change none.
 */
async function bumpAffectedModels(
  tx: ImportTransaction,
  work: SharedWork,
): Promise<{ model: string; from: number; to: number }[]> {
  const everyModel =
    work.tokens.update.length > 0 ||
    work.chain.update.length > 0 ||
    work.feeds.update.length > 0 ||
    work.feeds.create.length > 0
  const contracts = work.contracts.update.map(({ id }) => String(id))
  const sources = work.sources.update.map(({ id }) => String(id))
  if (!everyModel && contracts.length === 0 && sources.length === 0) return []
  const rows = await tx.$queryRawUnsafe<{ name: string; generation: number }[]>(
    `UPDATE "model" SET "generation" = "generation" + 1
      WHERE $1::boolean
         OR "id" IN (SELECT "model_id" FROM "model_contract" WHERE "contract_id" = ANY($2::text[]::int[]))
         OR "id" IN (SELECT "model_id" FROM "model_source" WHERE "source_id" = ANY($3::text[]::int[]))
      RETURNING "name", "generation"`,
    everyModel,
    contracts,
    sources,
  )
  return rows
    .map((row) => ({ model: row.name, from: Number(row.generation) - 1, to: Number(row.generation) }))
    .sort((a, b) => a.model.localeCompare(b.model))
}
