// Bulk writes for the importer: one statement per table and kind of change,
// whatever the number of rows. Each column travels as one text[] parameter and
// is cast back in SQL (`unnest($1::text[], …)`), so a statement has as many
// parameters as the table has columns — never near PostgreSQL's 65,535 limit —
// and runs the same way through @prisma/adapter-pg and PGlite.

/** What the importer needs of a Prisma client or interactive transaction. */
export type RawExecutor = {
  $queryRawUnsafe: <T = unknown>(query: string, ...values: unknown[]) => Promise<T>
  $executeRawUnsafe: (query: string, ...values: unknown[]) => Promise<number>
}

/** A column and the SQL type its text is cast to (`int`, `bigint`, `jsonb`, `token_type`, …). */
export type Column = readonly [name: string, type: string]

/** A value as the text PostgreSQL parses back (`null` stays NULL). */
function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value)
  return JSON.stringify(value)
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`

/** `unnest($1::text[], …) AS v("a", …)` with one text array per column. */
function unnestRows(columns: readonly Column[], rows: readonly (readonly unknown[])[], firstParam = 1) {
  const arrays = columns.map((_, index) => rows.map((row) => toText(row[index])))
  const params = columns.map((_, index) => `$${firstParam + index}::text[]`).join(', ')
  const names = columns.map(([name]) => ident(name)).join(', ')
  return { sql: `unnest(${params}) AS v(${names})`, arrays }
}

const cast = ([name, type]: Column) => `v.${ident(name)}::${type}`

/**
 * Inserts rows in one statement and returns the `returning` columns of each.
 * `updated_at` is set to now() when `touch` is set (Prisma's `@updatedAt` has no
 * database default).
 */
export async function insertRows<Row = Record<string, unknown>>(
  db: RawExecutor,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
  options: { returning?: readonly string[]; touch?: boolean } = {},
): Promise<Row[]> {
  if (rows.length === 0) return []
  const { sql: from, arrays } = unnestRows(columns, rows)
  const targets = [...columns.map(([name]) => ident(name)), ...(options.touch ? ['"updated_at"'] : [])]
  const values = [...columns.map(cast), ...(options.touch ? ['now()'] : [])]
  const returning = options.returning?.length ? ` RETURNING ${options.returning.map(ident).join(', ')}` : ''
  const sql = `INSERT INTO ${ident(table)} (${targets.join(', ')}) SELECT ${values.join(', ')} FROM ${from}${returning}`
  if (returning === '') {
    await db.$executeRawUnsafe(sql, ...arrays)
    return []
  }
  return db.$queryRawUnsafe<Row[]>(sql, ...arrays)
}

/**
 * Updates rows by their integer `id` in one statement: every listed column is
 * set to the row's value, and `updated_at` to now().
 */
export async function updateRowsById(
  db: RawExecutor,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly [id: number, ...values: unknown[]])[],
): Promise<void> {
  if (rows.length === 0) return
  const all: Column[] = [['id', 'int'], ...columns]
  const { sql: from, arrays } = unnestRows(all, rows)
  const sets = columns.map((column) => `${ident(column[0])} = ${cast(column)}`)
  await db.$executeRawUnsafe(
    `UPDATE ${ident(table)} AS t SET ${sets.join(', ')}, "updated_at" = now() FROM ${from} WHERE t."id" = v."id"::int`,
    ...arrays,
  )
}

/** Deletes the rows of `table` whose `column` is one of `values` (and, optionally, whose `scope` column matches). */
export async function deleteRows(
  db: RawExecutor,
  table: string,
  column: string,
  values: readonly number[],
  scope?: { column: string; value: number },
): Promise<void> {
  if (values.length === 0) return
  const where = scope === undefined ? '' : ` AND ${ident(scope.column)} = ${Number(scope.value)}`
  await db.$executeRawUnsafe(
    `DELETE FROM ${ident(table)} WHERE ${ident(column)} = ANY($1::text[]::int[])${where}`,
    values.map(String),
  )
}
