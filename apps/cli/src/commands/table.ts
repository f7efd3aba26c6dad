/**
 * Lines of a plain-text table, two spaces between columns: the first column
 * left-aligned, the others right-aligned unless `left` names them.
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: { left?: readonly number[] } = {},
): { header: string; rows: string[] } {
  const left = new Set([0, ...(options.left ?? [])])
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  )
  const line = (cells: readonly string[]) =>
    `  ${cells
      .map((cell, column) =>
        left.has(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd()}`
  return { header: line(header), rows: rows.map(line) }
}
