import type { QueryFn } from '@idx/database'
import type { ModelDb } from '../client'
import { truncateRangesIn } from '../ranges'
import { refreshPeriodStatsIn } from '../stats/refreshPeriodStats'
import { type Column, insertRows, intArrayLiteral, TIMESTAMP, textArrayLiteral } from './insertRows'
import type {
  BlockHeader,
  BlockRecord,
  ClPositionEventRow,
  FeeCollectionRow,
  FeedAnswerRow,
  LiquidityRow,
  PoolSwapRow,
  PositionRow,
  TradeRow,
  TransferRow,
} from './types'

type EventLike = Pick<
  TransferRow,
  'id' | 'blockNumber' | 'blockTimestamp' | 'transactionHash' | 'transactionIndex' | 'logIndex'
>

function eventColumns<Row extends EventLike>(): Column<Row>[] {
  return [
    { name: 'id', type: 'text', value: (r) => r.id },
    { name: 'block_number', type: 'bigint', value: (r) => r.blockNumber.toString() },
    { name: 'block_time', type: 'bigint', value: (r) => r.blockTimestamp.toString(), cast: TIMESTAMP },
    { name: 'transaction_hash', type: 'text', value: (r) => r.transactionHash },
    { name: 'transaction_index', type: 'int', value: (r) => r.transactionIndex },
    { name: 'log_index', type: 'int', value: (r) => r.logIndex },
  ]
}

const transferColumns: Column<TransferRow>[] = [
  ...eventColumns<TransferRow>(),
  { name: 'token', type: 'text', value: (r) => r.token },
  { name: 'from_address', type: 'text', value: (r) => r.from },
  { name: 'to_address', type: 'text', value: (r) => r.to },
  { name: 'amount', type: 'numeric', value: (r) => r.amount.toString() },
  { name: 'cause', type: 'text', value: (r) => r.cause, cast: '$::transfer_cause' },
]

const poolSwapColumns = (tradeOf: Map<string, string>): Column<PoolSwapRow>[] => [
  ...eventColumns<PoolSwapRow>(),
  { name: 'pool', type: 'text', value: (r) => r.pool },
  { name: 'pool_type', type: 'text', value: (r) => r.poolType },
  { name: 'taker', type: 'text', value: (r) => r.taker },
  { name: 'sender', type: 'text', value: (r) => r.sender },
  { name: 'recipient', type: 'text', value: (r) => r.recipient },
  { name: 'direction', type: 'text', value: (r) => r.direction, cast: '$::swap_direction' },
  { name: 'base_token', type: 'text', value: (r) => r.baseToken },
  { name: 'quote_token', type: 'text', value: (r) => r.quoteToken },
  { name: 'base_amount', type: 'numeric', value: (r) => r.baseAmount.toString() },
  { name: 'quote_amount', type: 'numeric', value: (r) => r.quoteAmount.toString() },
  { name: 'log_indexes', type: 'text', value: (r) => intArrayLiteral(r.logIndexes), cast: '$::int[]' },
  { name: 'bin_ids', type: 'text', value: (r) => intArrayLiteral(r.binIds), cast: '$::int[]' },
  { name: 'trade_id', type: 'text', value: (r) => tradeOf.get(r.id) ?? null },
  { name: 'sqrt_price_x96', type: 'numeric', value: (r) => r.sqrtPriceX96?.toString() ?? null },
  { name: 'liquidity', type: 'numeric', value: (r) => r.liquidity?.toString() ?? null },
  { name: 'tick', type: 'int', value: (r) => r.tick ?? null },
  { name: 'pool_price', type: 'numeric', value: (r) => r.poolPrice ?? null },
]

const tradeColumns: Column<TradeRow>[] = [
  ...eventColumns<TradeRow>(),
  { name: 'taker', type: 'text', value: (r) => r.taker },
  { name: 'wallet', type: 'text', value: (r) => r.wallet },
  { name: 'trade_type', type: 'text', value: (r) => r.tradeType, cast: '$::trade_type' },
  { name: 'route', type: 'text', value: (r) => textArrayLiteral(r.route), cast: '$::text[]' },
  { name: 'pools', type: 'text', value: (r) => textArrayLiteral(r.pools), cast: '$::text[]' },
  { name: 'swap_count', type: 'int', value: (r) => r.swapCount },
  { name: 'asset_legs', type: 'text', value: (r) => textArrayLiteral(r.assetLegs), cast: '$::text[]' },
  { name: 'token_in', type: 'text', value: (r) => r.tokenIn },
  { name: 'amount_in', type: 'numeric', value: (r) => r.amountIn.toString() },
  { name: 'token_out', type: 'text', value: (r) => r.tokenOut },
  { name: 'amount_out', type: 'numeric', value: (r) => r.amountOut.toString() },
  { name: 'direction', type: 'text', value: (r) => r.direction, cast: '$::swap_direction' },
  { name: 'base_token', type: 'text', value: (r) => r.baseToken },
  { name: 'quote_token', type: 'text', value: (r) => r.quoteToken },
  { name: 'base_amount', type: 'numeric', value: (r) => r.baseAmount.toString() },
  { name: 'quote_amount', type: 'numeric', value: (r) => r.quoteAmount.toString() },
  { name: 'net_flows', type: 'text', value: (r) => netFlowsJson(r.netFlows), cast: '$::jsonb' },
  { name: 'router', type: 'text', value: (r) => r.router },
  { name: 'router_label', type: 'text', value: (r) => r.routerLabel },
  { name: 'aggregator_token_in', type: 'text', value: (r) => r.aggregatorTokenIn },
  { name: 'aggregator_amount_in', type: 'numeric', value: (r) => r.aggregatorAmountIn?.toString() ?? null },
  { name: 'aggregator_token_out', type: 'text', value: (r) => r.aggregatorTokenOut },
  { name: 'aggregator_amount_out', type: 'numeric', value: (r) => r.aggregatorAmountOut?.toString() ?? null },
]

/** `{"0x…": "-123", …}`: amounts as strings (they outgrow JSON numbers). */
function netFlowsJson(flows: TradeRow['netFlows']): string {
  const object: Record<string, string> = {}
  for (const flow of flows) object[flow.token] = flow.amount.toString()
  return JSON.stringify(object)
}

const liquidityColumns: Column<LiquidityRow>[] = [
  ...eventColumns<LiquidityRow>(),
  { name: 'action', type: 'text', value: (r) => r.action, cast: '$::liquidity_action' },
  { name: 'pool', type: 'text', value: (r) => r.pool },
  { name: 'pool_type', type: 'text', value: (r) => r.poolType },
  { name: 'provider', type: 'text', value: (r) => r.provider },
  { name: 'sender', type: 'text', value: (r) => r.sender },
  { name: 'recipient', type: 'text', value: (r) => r.recipient },
  { name: 'base_token', type: 'text', value: (r) => r.baseToken },
  { name: 'quote_token', type: 'text', value: (r) => r.quoteToken },
  { name: 'base_amount', type: 'numeric', value: (r) => r.baseAmount.toString() },
  { name: 'quote_amount', type: 'numeric', value: (r) => r.quoteAmount.toString() },
  { name: 'bin_ids', type: 'text', value: (r) => intArrayLiteral(r.binIds), cast: '$::int[]' },
  { name: 'tick_lower', type: 'int', value: (r) => r.tickLower ?? null },
  { name: 'tick_upper', type: 'int', value: (r) => r.tickUpper ?? null },
  { name: 'liquidity', type: 'numeric', value: (r) => r.liquidity?.toString() ?? null },
  { name: 'position_token_id', type: 'numeric', value: (r) => r.positionTokenId?.toString() ?? null },
]

const feeCollectionColumns: Column<FeeCollectionRow>[] = [
  ...eventColumns<FeeCollectionRow>(),
  { name: 'kind', type: 'text', value: (r) => r.collection, cast: '$::fee_collection_kind' },
  { name: 'pool', type: 'text', value: (r) => r.pool },
  { name: 'pool_type', type: 'text', value: (r) => r.poolType },
  { name: 'owner', type: 'text', value: (r) => r.owner },
  { name: 'recipient', type: 'text', value: (r) => r.recipient },
  { name: 'base_token', type: 'text', value: (r) => r.baseToken },
  { name: 'quote_token', type: 'text', value: (r) => r.quoteToken },
  { name: 'base_amount', type: 'numeric', value: (r) => r.baseAmount.toString() },
  { name: 'quote_amount', type: 'numeric', value: (r) => r.quoteAmount.toString() },
  { name: 'tick_lower', type: 'int', value: (r) => r.tickLower },
  { name: 'tick_upper', type: 'int', value: (r) => r.tickUpper },
  { name: 'position_token_id', type: 'numeric', value: (r) => r.positionTokenId?.toString() ?? null },
]

const clPositionEventColumns: Column<ClPositionEventRow>[] = [
  ...eventColumns<ClPositionEventRow>(),
  { name: 'action', type: 'text', value: (r) => r.action, cast: '$::cl_position_action' },
  { name: 'manager', type: 'text', value: (r) => r.manager },
  { name: 'token_id', type: 'numeric', value: (r) => r.tokenId.toString() },
  { name: 'pool', type: 'text', value: (r) => r.pool },
  { name: 'tick_lower', type: 'int', value: (r) => r.tickLower },
  { name: 'tick_upper', type: 'int', value: (r) => r.tickUpper },
  { name: 'liquidity_delta', type: 'numeric', value: (r) => r.liquidityDelta.toString() },
  { name: 'base_token', type: 'text', value: (r) => r.baseToken },
  { name: 'quote_token', type: 'text', value: (r) => r.quoteToken },
  { name: 'base_amount', type: 'numeric', value: (r) => r.baseAmount?.toString() ?? null },
  { name: 'quote_amount', type: 'numeric', value: (r) => r.quoteAmount?.toString() ?? null },
  { name: 'from_address', type: 'text', value: (r) => r.from },
  { name: 'to_address', type: 'text', value: (r) => r.to },
]

const positionColumns: Column<PositionRow>[] = [
  ...eventColumns<PositionRow>(),
  { name: 'pool', type: 'text', value: (r) => r.pool },
  { name: 'pool_type', type: 'text', value: (r) => r.poolType },
  { name: 'holder', type: 'text', value: (r) => r.holder },
  { name: 'amount', type: 'numeric', value: (r) => r.amount.toString() },
  { name: 'bin_id', type: 'int', value: (r) => r.binId },
  { name: 'cause', type: 'text', value: (r) => r.cause, cast: '$::position_cause' },
  { name: 'counterparty', type: 'text', value: (r) => r.counterparty },
]

const feedAnswerColumns: Column<FeedAnswerRow>[] = [
  ...eventColumns<FeedAnswerRow>(),
  { name: 'aggregator', type: 'text', value: (r) => r.aggregator },
  { name: 'answer', type: 'numeric', value: (r) => r.answer.toString() },
  { name: 'round_id', type: 'numeric', value: (r) => r.roundId.toString() },
  { name: 'answered_at', type: 'bigint', value: (r) => r.updatedAt.toString(), cast: TIMESTAMP },
]

/** Tables holding a block's rows, children first (valuations have no foreign key: deleted here). */
const BLOCK_TABLES = [
  'swap_valuation',
  'trade_valuation',
  'undecodable_log',
  'cl_position_event',
  'fee_collection',
  'feed_answer',
  'position',
  'liquidity_event',
  'pool_swap',
  'trade',
  'transfer',
  'processed_transaction',
] as const

async function deleteChildRows(query: QueryFn, numbers: string[]): Promise<void> {
  for (const table of BLOCK_TABLES)
    await query(`delete from "${table}" where block_number = any($1::bigint[])`, [numbers])
}

const headerColumns = (status: 'done' | 'failed'): Column<BlockRecord & { error?: string | null }>[] => [
  { name: 'number', type: 'bigint', value: (r) => r.header.number.toString() },
  { name: 'hash', type: 'text', value: (r) => r.header.hash },
  { name: 'parent_hash', type: 'text', value: (r) => r.header.parentHash },
  { name: 'timestamp', type: 'bigint', value: (r) => r.header.timestamp.toString(), cast: TIMESTAMP },
  { name: 'status', type: 'text', value: () => status, cast: '$::block_status' },
  { name: 'error', type: 'text', value: (r) => r.error ?? null },
  { name: 'log_count', type: 'int', value: (r) => r.logCount },
  { name: 'transfer_count', type: 'int', value: (r) => r.transfers.length },
  { name: 'swap_count', type: 'int', value: (r) => r.poolSwaps.length },
  { name: 'trade_count', type: 'int', value: (r) => r.trades.length },
  { name: 'liquidity_count', type: 'int', value: (r) => r.liquidityEvents.length },
  { name: 'position_count', type: 'int', value: (r) => r.positions.length },
  { name: 'feed_answer_count', type: 'int', value: (r) => r.feedAnswers.length },
  { name: 'undecodable_count', type: 'int', value: (r) => r.undecodable.length },
  { name: 'generation', type: 'int', value: (r) => r.generation ?? null },
]

/**
 * Upserts processed_block rows: a block processed again counts one more
 * attempt and takes its new status, counts and time.
 */
async function upsertHeaders(
  query: QueryFn,
  records: readonly (BlockRecord & { error?: string | null })[],
  status: 'done' | 'failed',
): Promise<void> {
  const columns = headerColumns(status)
  const updates = columns.slice(1).map((column) => `"${column.name}" = excluded."${column.name}"`)
  await insertRows(
    query,
    'processed_block',
    columns,
    records,
    `on conflict (number) do update set ${updates.join(', ')}, attempts = processed_block.attempts + 1, processed_at = now()`,
  )
}

/**
 * Writes whole blocks in ONE transaction: every row of every block, or none.
 * A block written again replaces its previous rows (event ids are
 * deterministic), so processing a block twice leaves the same rows.
 *
 * @example
 * ```ts
 * await writeBlocks(db, [record]) // record built by @idx/pipeline from a fetched block
 * ```
 */
export async function writeBlocks(
  db: Pick<ModelDb, 'transaction'>,
  records: readonly BlockRecord[],
): Promise<void> {
  if (records.length === 0) return
  await db.transaction(async (query) => {
    await writeBlocksIn(query, records)
  })
}

/** {@link writeBlocks} inside a transaction the caller already holds. */
export async function writeBlocksIn(query: QueryFn, records: readonly BlockRecord[]): Promise<void> {
  const numbers = records.map((record) => record.header.number.toString())
  await deleteChildRows(query, numbers)
  await upsertHeaders(query, records, 'done')
  const all = <T>(pick: (record: BlockRecord) => readonly T[]) => records.flatMap(pick)
  const tradeOf = new Map<string, string>()
  for (const trade of all((r) => r.trades)) for (const swapId of trade.route) tradeOf.set(swapId, trade.id)
  await insertRows(
    query,
    'processed_transaction',
    [
      { name: 'hash', type: 'text', value: (r) => r.tx.hash },
      { name: 'block_number', type: 'bigint', value: (r) => r.block },
      { name: 'index', type: 'int', value: (r) => r.tx.index },
      { name: 'from_address', type: 'text', value: (r) => r.tx.from },
      { name: 'to_address', type: 'text', value: (r) => r.tx.to },
      { name: 'log_count', type: 'int', value: (r) => r.tx.logCount },
    ],
    records.flatMap((record) =>
      record.transactions.map((tx) => ({ tx, block: record.header.number.toString() })),
    ),
  )
  await insertRows(
    query,
    'transfer',
    transferColumns,
    all((r) => r.transfers),
  )
  await insertRows(
    query,
    'trade',
    tradeColumns,
    all((r) => r.trades),
  )
  await insertRows(
    query,
    'pool_swap',
    poolSwapColumns(tradeOf),
    all((r) => r.poolSwaps),
  )
  await insertRows(
    query,
    'liquidity_event',
    liquidityColumns,
    all((r) => r.liquidityEvents),
  )
  await insertRows(
    query,
    'position',
    positionColumns,
    all((r) => r.positions),
  )
  await insertRows(
    query,
    'fee_collection',
    feeCollectionColumns,
    all((r) => r.feeCollections ?? []),
  )
  await insertRows(
    query,
    'cl_position_event',
    clPositionEventColumns,
    all((r) => r.clPositionEvents ?? []),
  )
  await insertRows(
    query,
    'feed_answer',
    feedAnswerColumns,
    all((r) => r.feedAnswers),
  )
  await insertRows(
    query,
    'undecodable_log',
    [
      {
        name: 'id',
        type: 'text',
        value: (r) => `${r.block}:${r.log.transactionHash}:${r.log.logIndex}:undecodable`,
      },
      { name: 'block_number', type: 'bigint', value: (r) => r.block },
      { name: 'transaction_hash', type: 'text', value: (r) => r.log.transactionHash },
      { name: 'log_index', type: 'int', value: (r) => r.log.logIndex },
      { name: 'address', type: 'text', value: (r) => r.log.address },
      { name: 'reason', type: 'text', value: (r) => r.log.reason },
    ],
    records.flatMap((record) =>
      record.undecodable.map((log) => ({ log, block: record.header.number.toString() })),
    ),
  )
}

/**
 * Marks blocks failed with their error, in one transaction, removing any rows
 * an earlier run of the same blocks left (nothing half-written stays).
 */
export async function markBlocksFailed(
  db: Pick<ModelDb, 'transaction'>,
  failures: readonly { header: BlockHeader; error: string; generation?: number | undefined }[],
): Promise<void> {
  if (failures.length === 0) return
  const records = failures.map((failure) => ({
    ...emptyRecord(failure.header),
    error: failure.error,
    generation: failure.generation,
  }))
  await db.transaction(async (query) => {
    await deleteChildRows(
      query,
      failures.map((failure) => failure.header.number.toString()),
    )
    await upsertHeaders(query, records, 'failed')
  })
}

function emptyRecord(header: BlockHeader): BlockRecord {
  return {
    header,
    logCount: 0,
    transactions: [],
    transfers: [],
    poolSwaps: [],
    trades: [],
    liquidityEvents: [],
    positions: [],
    feedAnswers: [],
    undecodable: [],
  }
}

/**
 * Removes the blocks from `number` on, with all their rows (a reorg orphaned
 * them), and the canonical prices of the periods those blocks touched (the
 * new branch's blocks compute them again); the period aggregates of their time
 * are recomputed from the rows that stay. Returns how many blocks.
 */
export async function deleteBlocksFrom(db: Pick<ModelDb, 'transaction'>, number: bigint): Promise<number> {
  return db.transaction(async (query) => {
    // The time the orphaned blocks and the canonical prices going with them covered: its period
    // aggregates are computed again from what stays.
    const [gone] = await query<{ from: string | null; to: string | null }>(
      `with b as (select min(timestamp) as t0, max(timestamp) as t1 from processed_block where number >= $1)
       select extract(epoch from b.t0)::bigint::text as from,
              extract(epoch from greatest(b.t1, (select max(c.period_start) from canonical_price c
                where c.period_start + c.period_seconds * interval '1 second' > b.t0)))::bigint::text as to
         from b`,
      [number.toString()],
    )
    await query(
      `delete from canonical_price c where c.period_start + c.period_seconds * interval '1 second' >
         (select min(timestamp) from processed_block where number >= $1)`,
      [number.toString()],
    )
    await query('delete from swap_valuation where block_number >= $1', [number.toString()])
    await query('delete from trade_valuation where block_number >= $1', [number.toString()])
    const rows = await query<{ n: number }>(
      'with gone as (delete from processed_block where number >= $1 returning 1) select count(*)::int as n from gone',
      [number.toString()],
    )
    await truncateRangesIn(query, number)
    if (gone?.from != null && gone.to != null)
      await refreshPeriodStatsIn(query, { from: BigInt(gone.from), to: BigInt(gone.to) })
    return rows[0]?.n ?? 0
  })
}
