import { type DatabaseTarget, describeTarget } from '@idx/config'
import {
  connectTarget,
  type DatabaseIdentity,
  type DatabaseMarker,
  databaseExists,
  listAppliedMigrations,
  listTableRowCounts,
  readDatabaseState,
} from '@idx/database'
import { type BlocksInspection, inspectBlocks, trimDecimal } from '@idx/model-db'
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
  blocks?: BlocksInspection
}

async function inspect(target: DatabaseTarget): Promise<DatabaseInspection> {
  const base = { database: target.database, role: target.role, location: describeTarget(target) }
  if (!(await databaseExists(target))) return { ...base, exists: false, tables: [], migrations: [] }
  const state = await readDatabaseState(target)
  const identity = state.exists ? { marker: state.marker ?? null, label: state.label ?? null } : {}
  const connection = await connectTarget(target)
  try {
    const tables = await listTableRowCounts(connection.query)
    const migrations = await listAppliedMigrations(connection.query)
    const result: DatabaseInspection = { ...base, exists: true, ...identity, tables, migrations }
    if (target.role.kind === 'model' && tables.some((table) => table.name === 'processed_block'))
      result.blocks = await inspectBlocks(connection, {
        priced: tables.some((table) => table.name === 'swap_valuation'),
      })
    return result
  } finally {
    await connection.close()
  }
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
