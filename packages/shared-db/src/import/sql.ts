// Bulk writes for the importer, on @idx/database's bulk-write module: one
// statement per table and kind of change, whatever the number of rows. Each
// column travels as one text[] parameter and is cast back in SQL
// (`unnest($1::text[], …)`), so a statement has as many parameters as the table
// has columns — never near PostgreSQL's 65,535 limit — and runs the same way
// through @prisma/adapter-pg and PGlite. The importer's statements run in a
// Prisma interactive transaction (`RawExecutor`), not on a `QueryFn`.
import {
  type BulkColumn,
  type InsertRowsOptions,
  ident,
  insertRows,
  type QueryFn,
  unnestColumns,
} from '@idx/database'

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

/**
 * `columns` as `@idx/database`'s bulk columns of positional rows: each value
 * travels as text in a `text[]` parameter and is cast back to its type in SQL.
 */
export function textColumns(columns: readonly Column[]): BulkColumn<readonly unknown[]>[] {
  return columns.map(([name, type], index) => ({
    name,
    type: 'text',
    value: (row) => toText(row[index]),
    cast: `$::${type}`,
  }))
}

/** `db` as a `QueryFn` (what `@idx/database`'s `insertRows` runs its statement with). */
export function rawQuery(db: RawExecutor): QueryFn {
  return <Row>(sql: string, params: unknown[] = []) => db.$queryRawUnsafe<Row[]>(sql, ...params)
}

/**
 * Inserts rows in one statement (`@idx/database`'s `insertRows`) and returns
 * the `returning` columns of each. `updated_at` is set to now() when `touch`
 * is set (Prisma's `@updatedAt` has no database default).
 */
export function insertImportRows<Row = Record<string, unknown>>(
  db: RawExecutor,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
  options: Pick<InsertRowsOptions, 'returning' | 'touch'> = {},
): Promise<Row[]> {
  return insertRows<readonly unknown[], Row>(rawQuery(db), table, textColumns(columns), rows, options)
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
  const { from, selects, params } = unnestColumns(textColumns([['id', 'int'], ...columns]), rows)
  const sets = columns.map(([name], index) => `${ident(name)} = ${selects[index + 1]}`)
  await db.$executeRawUnsafe(
    `UPDATE ${ident(table)} AS t SET ${sets.join(', ')}, "updated_at" = now() FROM ${from} WHERE t."id" = ${selects[0]}`,
    ...params,
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
