import type { CopyFn } from '@idx/migrator'

/** One column of a bulk load: its SQL name and its value in COPY's text format (null for NULL). */
export type CopyColumn<Row> = {
  name: string
  /**
   * `text` values are escaped (free text may hold tabs, newlines and
   * backslashes); `raw` values must not need it (numbers, booleans as `t`/`f`,
   * enum labels, timestamps).
   */
  kind: 'text' | 'raw'
  value: (row: Row) => string | null
}

const SPECIAL = /[\\\t\n\r]/
const SPECIAL_ALL = /[\\\t\n\r]/g
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/** `text` as a value of COPY's text format (backslash, tab, newline and carriage return escaped). */
export function copyText(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : text
}

/** Epoch seconds as COPY's text for a UTC `timestamp(3)` column (what Prisma's `DateTime` holds). */
export function copyTimestamp(seconds: bigint | number): string {
  return new Date(Number(seconds) * 1000).toISOString()
}

/**
 * Loads many rows with one `COPY … FROM` (in the caller's transaction): the
 * fast way to write thousands of rows, on PostgreSQL and PGlite alike.
 */
export async function copyRows<Row>(
  copy: CopyFn,
  table: string,
  columns: readonly CopyColumn<Row>[],
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return
  const lines: string[] = new Array(rows.length)
  const count = columns.length
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!
    let line = ''
    for (let j = 0; j < count; j++) {
      const column = columns[j]!
      const value = column.value(row)
      if (j > 0) line += '\t'
      line += value === null ? '\\N' : column.kind === 'text' ? copyText(value) : value
    }
    lines[i] = line
  }
  lines.push('')
  await copy(
    table,
    columns.map((column) => column.name),
    lines.join('\n'),
  )
}
