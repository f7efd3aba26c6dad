import type { SharedConfig } from '@idx/config'
import type { Desired, KindChanges, PlanValue } from '../plan'
import { type Column, insertImportRows, updateRowsById } from '../sql'
import type { ImportTransaction } from '../transaction'
import type { SharedWork } from './planShared'

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
export async function applyShared(
  tx: ImportTransaction,
  config: SharedConfig,
  work: SharedWork,
): Promise<void> {
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
