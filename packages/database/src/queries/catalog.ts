import type { QueryFn } from '../runtime/connection'

// What any idx database holds, read from the catalog: its tables with their
// row counts and the migrations Prisma's table records (`idx db inspect`).

/** The tables of the `public` schema, by name, each with its row count. */
export async function listTableRowCounts(query: QueryFn): Promise<{ name: string; rows: number }[]> {
  const names = await query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  )
  const tables: { name: string; rows: number }[] = []
  for (const { name } of names) {
    const [row] = await query<{ n: number }>(`select count(*)::int as n from "${name.replaceAll('"', '""')}"`)
    tables.push({ name, rows: row?.n ?? 0 })
  }
  return tables
}

/**
 * The migrations `_prisma_migrations` records as applied (not rolled back),
 * in the order they started, with when each finished (`null`: unfinished).
 * Empty when the database has no such table.
 */
export async function listAppliedMigrations(
  query: QueryFn,
): Promise<{ name: string; finishedAt: string | null }[]> {
  const [table] = await query<{ present: boolean }>(
    `select to_regclass('public._prisma_migrations') is not null as present`,
  )
  if (!table?.present) return []
  const rows = await query<{ name: string; finished_at: Date | null }>(
    `select migration_name as name, finished_at from "_prisma_migrations"
      where rolled_back_at is null order by started_at, migration_name`,
  )
  return rows.map((row) => ({
    name: row.name,
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  }))
}
