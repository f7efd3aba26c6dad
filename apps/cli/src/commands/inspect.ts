import { type DatabaseTarget, describeTarget } from '@idx/config'
import {
  connectTarget,
  type DatabaseIdentity,
  type DatabaseMarker,
  databaseExists,
  type QueryFn,
  readDatabaseState,
} from '@idx/database'
import { trimDecimal } from '@idx/model-db'
import type { CliContext } from '../context'
import type { DatabaseSelection } from '../define/options'
import { forEachDatabase, label } from './migrate'

/** What `idx db inspect` reports for one database. */
export type DatabaseInspection = {
  database: string
  role: DatabaseTarget['role']
  location: string
  exists: boolean
  /** Its idx marker (whose it is), when its first migration has run. */
  marker?: DatabaseMarker | null
  /** The label idx created it with (whose it was made for), when it has one. */
  label?: DatabaseIdentity | null
  tables: { name: string; rows: number }[]
  migrations: { name: string; finishedAt: string | null }[]
  /** Model databases only. */
  blocks?: {
    first: string | null
    last: string | null
    done: number
    failed: number
    failedBlocks: { number: string; error: string | null }[]
    latestSwap: {
      id: string
      blockNumber: string
      pool: string
      direction: string
      baseAmount: string
      quoteAmount: string
      /** Its valuation in each denomination (absent when it has none: processed before pricing existed). */
      usd: { method: string; value: string | null; reason: string | null } | null
      avax: { method: string; value: string | null; reason: string | null } | null
    } | null
    /**
     * The trades: how many of each type and direction, and through which router (`null`: none
     * labelled); `null` while the database lacks the migration that types them (`idx migrate`).
     */
    trades: {
      byType: { type: string; direction: string | null; trades: number }[]
      byRouter: { router: string | null; label: string | null; trades: number; wallets: number }[]
      /** Trades of a wallet other than the transaction's sender (an aggregator's orders for several wallets). */
      forOtherWallets: number
    } | null
  }
}

async function inspect(target: DatabaseTarget): Promise<DatabaseInspection> {
  const base = { database: target.database, role: target.role, location: describeTarget(target) }
  if (!(await databaseExists(target))) return { ...base, exists: false, tables: [], migrations: [] }
  const state = await readDatabaseState(target)
  const identity = state.exists ? { marker: state.marker ?? null, label: state.label ?? null } : {}
  const connection = await connectTarget(target)
  try {
    const query: QueryFn = connection.query
    const names = await query<{ name: string }>(
      `select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    )
    const tables: DatabaseInspection['tables'] = []
    for (const { name } of names) {
      const [row] = await query<{ n: number }>(
        `select count(*)::int as n from "${name.replaceAll('"', '""')}"`,
      )
      tables.push({ name, rows: row?.n ?? 0 })
    }
    const hasMigrations = names.some((table) => table.name === '_prisma_migrations')
    const migrations = hasMigrations
      ? (
          await query<{ name: string; finished_at: Date | null }>(
            `select migration_name as name, finished_at from "_prisma_migrations"
              where rolled_back_at is null order by started_at, migration_name`,
          )
        ).map((row) => ({
          name: row.name,
          finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
        }))
      : []
    const result: DatabaseInspection = { ...base, exists: true, ...identity, tables, migrations }
    if (target.role.kind === 'model' && names.some((table) => table.name === 'processed_block')) {
      const [range] = await query<{
        first: string | null
        last: string | null
        done: number
        failed: number
      }>(
        `select min(number)::text as first, max(number)::text as last,
                count(*) filter (where status = 'done')::int as done,
                count(*) filter (where status = 'failed')::int as failed
           from processed_block`,
      )
      const failedBlocks = await query<{ number: string; error: string | null }>(
        `select number::text as number, error from processed_block where status = 'failed' order by processed_block.number limit 10`,
      )
      const priced = names.some((table) => table.name === 'swap_valuation')
      const valuation = (denomination: 'USD' | 'AVAX') =>
        priced
          ? `(select json_build_object('method', v.method::text, 'value', v.value::text, 'reason', v.reason)
                from swap_valuation v
               where v.block_number = s.block_number and v.log_index = s.log_index and v.denomination = '${denomination}')`
          : 'null::json'
      const [latestSwap] = await query<NonNullable<NonNullable<DatabaseInspection['blocks']>['latestSwap']>>(
        `select id, block_number::text as "blockNumber", pool, direction::text as direction,
                base_amount::text as "baseAmount", quote_amount::text as "quoteAmount",
                ${valuation('USD')} as usd, ${valuation('AVAX')} as avax
           from pool_swap s order by s.block_number desc, s.log_index desc limit 1`,
      )
      result.blocks = {
        first: range?.first ?? null,
        last: range?.last ?? null,
        done: range?.done ?? 0,
        failed: range?.failed ?? 0,
        failedBlocks,
        latestSwap: latestSwap ?? null,
        trades: (
          await query(
            `select 1 from information_schema.columns where table_name = 'trade' and column_name = 'trade_type'`,
          )
        ).length
          ? await inspectTrades(query)
          : null,
      }
    }
    return result
  } finally {
    await connection.close()
  }
}

/** Trades by type and direction, and by router (columns of the trade_net_flows migration). */
async function inspectTrades(
  query: QueryFn,
): Promise<NonNullable<NonNullable<DatabaseInspection['blocks']>['trades']>> {
  const byType = await query<{ type: string; direction: string | null; trades: number }>(
    `select trade_type::text as type, direction::text as direction, count(*)::int as trades
       from trade group by 1, 2 order by 1 desc, 2`,
  )
  const byRouter = await query<{
    router: string | null
    label: string | null
    trades: number
    wallets: number
  }>(
    `select router, router_label as label, count(*)::int as trades, count(distinct wallet)::int as wallets
       from trade group by 1, 2 order by 3 desc, 1 nulls last`,
  )
  const [others] = await query<{ n: number }>('select count(*)::int as n from trade where wallet <> taker')
  return { byType, byRouter, forOtherWallets: others?.n ?? 0 }
}

/**
 * `idx db inspect`: each selected database's tables with row counts, its
 * applied migrations, and for a model database the processed block range,
 * failed blocks, the latest swap and the trades by type and router — a table
 * for people, `--json` for scripts.
 */
export async function dbInspectCommand(ctx: CliContext, selection: DatabaseSelection): Promise<void> {
  const results = await forEachDatabase(ctx, selection, async (target) => {
    const found = await inspect(target)
    ctx.say(`${ctx.color('bold', label(target))} ${target.database}  ${ctx.color('dim', found.location)}`)
    if (!found.exists) {
      ctx.say(`  ${ctx.color('yellow', 'does not exist yet')} (idx migrate creates it)`)
      return found
    }
    ctx.say(`  identity: ${describeIdentity(found)}`)
    const latest = found.migrations.at(-1)
    ctx.say(`  migrations: ${found.migrations.length} applied${latest ? ` (latest ${latest.name})` : ''}`)
    const width = Math.max(5, ...found.tables.map((table) => table.name.length))
    ctx.say(`  ${'table'.padEnd(width)}  rows`)
    for (const table of found.tables)
      ctx.say(`  ${table.name.padEnd(width)}  ${String(table.rows).padStart(4)}`)
    const blocks = found.blocks
    if (blocks !== undefined) {
      ctx.say(
        blocks.first === null
          ? '  blocks: none processed yet'
          : `  blocks: ${blocks.first}..${blocks.last}, ${blocks.done} done, ${blocks.failed} failed`,
      )
      for (const failed of blocks.failedBlocks)
        ctx.say(`    ${ctx.color('red', `failed ${failed.number}`)}: ${failed.error ?? 'no error recorded'}`)
      if (blocks.latestSwap !== null) {
        const swap = blocks.latestSwap
        const value = (
          row: { method: string; value: string | null; reason: string | null } | null,
          unit: string,
        ) =>
          row === null
            ? `no ${unit} value`
            : row.value === null
              ? `${unit} ${row.method}: ${row.reason ?? 'no reason recorded'}`
              : `${trimDecimal(row.value)} ${unit} (${row.method})`
        ctx.say(
          `  latest swap: block ${swap.blockNumber}, ${swap.direction} in ${swap.pool} (base ${swap.baseAmount}, quote ${swap.quoteAmount})`,
        )
        ctx.say(`    valued ${value(swap.usd, 'USD')}, ${value(swap.avax, 'AVAX')}`)
      }
      const { trades } = blocks
      if (trades !== null && trades.byType.length > 0) {
        const types = trades.byType.map((row) => {
          const what = row.type === 'arbitrage' ? 'arbitrage' : (row.direction ?? row.type)
          return `${row.trades} ${what}${row.trades === 1 ? '' : 's'}`
        })
        ctx.say(`  trades: ${types.join(', ')}`)
        for (const row of trades.byRouter)
          ctx.say(
            `    ${row.router === null ? 'no labelled router' : `${row.label ?? 'unlabelled'} (${row.router})`}: ${row.trades} trade${row.trades === 1 ? '' : 's'}, ${row.wallets} wallet${row.wallets === 1 ? '' : 's'}`,
          )
        if (trades.forOtherWallets > 0)
          ctx.say(`    ${trades.forOtherWallets} for a wallet other than the transaction's sender`)
      }
    }
    return found
  })
  ctx.json({ databases: results })
}

/** Whose a database is, for people. */
function describeIdentity(found: DatabaseInspection): string {
  const marker = found.marker
  if (marker == null)
    return found.label == null
      ? 'no idx marker or label (idx did not create it, or it is not migrated)'
      : `created by idx for ${found.label.kind === 'shared' ? 'a shared database' : `model ${found.label.model}`}, not migrated yet`
  const deployment =
    marker.deployment === null ? 'no deployment recorded (idx db adopt)' : `deployment ${marker.deployment}`
  if (marker.kind === 'shared') return `shared database, ${deployment}`
  return `model ${marker.model ?? '(none recorded)'}, ${deployment}${marker.sharedDatabase ? ` (shared database ${marker.sharedDatabase})` : ''}`
}
