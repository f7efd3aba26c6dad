import type { QueryFn } from '../runtime/connection'

/** One column of a bulk insert: its SQL name, the array type its values travel as, and an optional cast. */
export type BulkColumn<Row> = {
  name: string
  /**
   * The element type of the column's parameter array (`text`, `int`, `bigint`,
   * `numeric`, `bool`, …): values travel as one `type[]` parameter per column.
   */
  type: string
  value: (row: Row) => unknown
  /** An SQL expression applied to the element, `$` standing for it (`to_timestamp($)`, `$::int[]`, `$::jsonb`). */
  cast?: string | undefined
}

export type InsertRowsOptions = {
  /** SQL appended to the statement (`on conflict … do update …`). */
  suffix?: string | undefined
  /** Columns to return for every inserted row. */
  returning?: readonly string[] | undefined
  /** Sets `updated_at` to now() (Prisma's `@updatedAt` has no database default). */
  touch?: boolean | undefined
}

/** A quoted SQL identifier. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`

/**
 * `unnest($1::type[], …) as u(c0, …)` for `columns`, the casts that read each
 * element back (`c0`, `to_timestamp(c1)`, …) and the parameter arrays: the
 * source of a bulk insert or update.
 */
export function unnestColumns<Row>(
  columns: readonly BulkColumn<Row>[],
  rows: readonly Row[],
  firstParam = 1,
) {
  const aliases = columns.map((_, i) => `c${i}`)
  return {
    from: `unnest(${columns.map((column, i) => `$${firstParam + i}::${column.type}[]`).join(', ')}) as u(${aliases.join(', ')})`,
    selects: columns.map((column, i) =>
      column.cast ? column.cast.replaceAll('$', aliases[i]!) : aliases[i]!,
    ),
    params: columns.map((column) => rows.map(column.value)),
  }
}

/**
 * Inserts many rows in one statement: one array parameter per column,
 * expanded with `unnest`. The statement's size does not grow with the number
 * of rows, so PostgreSQL's 65,535-parameter limit never applies; it runs the
 * same way on PostgreSQL and PGlite. Returns the `returning` columns of each
 * row (none without `returning`).
 *
 * @example
 * ```ts
 * await insertRows(query, 'transfer', [
 *   { name: 'id', type: 'text', value: (row) => row.id },
 *   { name: 'block_time', type: 'bigint', value: (row) => row.time, cast: TIMESTAMP },
 * ], rows, { suffix: 'on conflict (id) do nothing' })
 * ```
 */
export async function insertRows<Row, Result = Record<string, unknown>>(
  query: QueryFn,
  table: string,
  columns: readonly BulkColumn<Row>[],
  rows: readonly Row[],
  options: InsertRowsOptions = {},
): Promise<Result[]> {
  if (rows.length === 0) return []
  const { from, selects, params } = unnestColumns(columns, rows)
  const targets = columns.map((column) => ident(column.name))
  if (options.touch) {
    targets.push(ident('updated_at'))
    selects.push('now()')
  }
  const returning = options.returning?.length ? ` returning ${options.returning.map(ident).join(', ')}` : ''
  const suffix = options.suffix ? ` ${options.suffix}` : ''
  return query<Result>(
    `insert into ${ident(table)} (${targets.join(', ')}) select ${selects.join(', ')} from ${from}${suffix}${returning}`,
    params,
  )
}

/** A PostgreSQL array literal of integers (`{1,2,3}`), for one row's `int[]` column. */
export function intArrayLiteral(values: readonly number[]): string {
  return `{${values.join(',')}}`
}

/** A PostgreSQL array literal of plain strings (ids, addresses: no quotes or backslashes inside). */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value}"`).join(',')}}`
}

/** Epoch seconds as the UTC `timestamp(3)` Prisma's `DateTime` columns hold (a `cast` of a `bigint` column). */
export const TIMESTAMP = "(to_timestamp($::double precision) at time zone 'UTC')"
