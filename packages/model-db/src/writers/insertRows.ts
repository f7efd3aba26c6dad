import type { QueryFn } from '@idx/database'

/** One column of a bulk insert: its SQL name, the array type its values travel as, and an optional cast. */
export type Column<Row> = {
  name: string
  /** The element type of the parameter array (`text`, `int`, `bigint`, `numeric`, `bool`). */
  type: 'text' | 'int' | 'bigint' | 'numeric' | 'bool'
  value: (row: Row) => string | number | boolean | null
  /** An SQL expression applied to the element, `$` standing for it (`to_timestamp($)`, `$::int[]`). */
  cast?: string
}

/**
 * Inserts many rows in one statement: one array parameter per column,
 * expanded with `unnest`. The statement's size does not grow with the number
 * of rows, so PostgreSQL's 65,535-parameter limit never applies.
 */
export async function insertRows<Row>(
  query: QueryFn,
  table: string,
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  /** SQL appended to the statement (`on conflict … do update …`). */
  suffix = '',
): Promise<void> {
  if (rows.length === 0) return
  const params = columns.map((column) => rows.map(column.value))
  const aliases = columns.map((_, i) => `c${i}`)
  const selects = columns.map((column, i) =>
    column.cast ? column.cast.replaceAll('$', aliases[i]!) : aliases[i],
  )
  const arrays = columns.map((column, i) => `$${i + 1}::${column.type}[]`)
  await query(
    `insert into "${table}" (${columns.map((column) => `"${column.name}"`).join(', ')})
     select ${selects.join(', ')} from unnest(${arrays.join(', ')}) as u(${aliases.join(', ')}) ${suffix}`,
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

/** Epoch seconds as the UTC `timestamp(3)` Prisma's `DateTime` columns hold. */
export const TIMESTAMP = "(to_timestamp($::double precision) at time zone 'UTC')"
