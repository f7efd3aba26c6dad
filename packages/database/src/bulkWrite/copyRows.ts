// The COPY encoder stays beside the multi-row INSERT, on purpose: COPY's text
// format is several times faster than any INSERT for the tens of thousands of
// valuation rows a pricing chunk writes (see @idx/pricing's README,
// "Benchmark"), and neither driver (pg, PGlite) offers an encoder for it.
// The INSERT (`insertRows`) remains the way for rows that need `on conflict`
// or `returning`, which COPY cannot do.
import type { CopyFn } from '../runtime/connection'

const SPECIAL = /[\\\t\n\r]/
const SPECIAL_ALL = /[\\\t\n\r]/g
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/** COPY's text for NULL. */
export const COPY_NULL = '\\N'

/** Free text as a value of COPY's text format (backslash, tab, newline and carriage return escaped); null → NULL. */
export function copyText(text: string | null): string {
  if (text === null) return COPY_NULL
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : text
}

/** A number, bigint or plain token (id, address, enum label, decimal) as COPY text; null → NULL. */
export function copyValue(value: string | number | bigint | null): string {
  return value === null ? COPY_NULL : typeof value === 'string' ? value : String(value)
}

/** A boolean as COPY text; null → NULL. */
export function copyBool(value: boolean | null): string {
  return value === null ? COPY_NULL : value ? 't' : 'f'
}

/** Epoch seconds as COPY's text for a UTC `timestamp(3)` column (what Prisma's `DateTime` holds). */
export function copyTimestamp(seconds: bigint | number): string {
  return new Date(Number(seconds) * 1000).toISOString()
}

/**
 * Loads many rows with one `COPY … FROM` (in the caller's transaction): the
 * fast way to write thousands of rows, on PostgreSQL and PGlite alike.
 * `fields` gives a row's values in `columns` order, each made with `copyText`
 * (free text), `copyValue`, `copyBool` or `copyTimestamp`.
 */
export async function copyRows<Row>(
  copy: CopyFn,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  fields: (row: Row) => string[],
): Promise<void> {
  if (rows.length === 0) return
  // Joined arrays, not concatenated strings: one flat string per line and one for the
  // whole text (concatenation builds a rope of small pieces that is copied again later).
  const lines: string[] = new Array(rows.length + 1)
  for (let i = 0; i < rows.length; i++) lines[i] = fields(rows[i]!).join('\t')
  lines[rows.length] = ''
  await copy(table, columns, lines.join('\n'))
}
