import { type DatabaseTarget, describeTarget } from '@idx/config'
import { connectTarget, databaseExists, type QueryFn } from '@idx/migrator'
import { trimDecimal } from '@idx/model-db'
import type { CliContext } from '../context'
import { type DatabaseSelection, forEachDatabase, label } from './migrate'

/** What `idx db inspect` reports for one database. */
export type DatabaseInspection = {
  database: string
  role: DatabaseTarget['role']
  location: string
  exists: boolean
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
  }
}

async function inspect(target: DatabaseTarget): Promise<DatabaseInspection> {
  const base = { database: target.database, role: target.role, location: describeTarget(target) }
  if (!(await databaseExists(target))) return { ...base, exists: false, tables: [], migrations: [] }
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
    const result: DatabaseInspection = { ...base, exists: true, tables, migrations }
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
      }
    }
    return result
  } finally {
    await connection.close()
  }
}

/**
 * `idx db inspect`: each selected database's tables with row counts, its
 * applied migrations, and for a model database the processed block range,
 * failed blocks and the latest swap — a table for people, `--json` for scripts.
 */
export async function dbInspectCommand(ctx: CliContext, selection: DatabaseSelection): Promise<void> {
  const results = await forEachDatabase(ctx, selection, async (target) => {
    const found = await inspect(target)
    ctx.say(`${ctx.color('bold', label(target))} ${target.database}  ${ctx.color('dim', found.location)}`)
    if (!found.exists) {
      ctx.say(`  ${ctx.color('yellow', 'does not exist yet')} (idx migrate creates it)`)
      return found
    }
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
    }
    return found
  })
  ctx.json({ databases: results })
}
