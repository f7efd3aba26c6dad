/**
 * The names of stored block files: a pattern with the block number, or the
 * range of blocks a file holds, in the name.
 *
 * Syntax: literal text with placeholders `{number}` (a file per block) or
 * `{from}` and `{to}` (a file per range of blocks, both inclusive), each
 * optionally zero-padded to a width: `{from:012}` is the original system's
 * Python `{:012d}`. The name ends in `.json` (one block, or a JSON array of
 * blocks), `.jsonl` or `.ndjson` (JSON Lines: a block per line), optionally
 * followed by `.gz` (gzip; gzip content is also recognised by its first bytes).
 *
 * @example
 * ```ts
 * const pattern = parseBlockFilePattern('avalanche-mainnet_block_with_receipts_{from:012}-{to:012}.json.gz')
 * pattern.match('avalanche-mainnet_block_with_receipts_000000000100-000000000199.json.gz') // { from: 100n, to: 199n }
 * pattern.name(100n, 199n) // 'avalanche-mainnet_block_with_receipts_000000000100-000000000199.json.gz'
 * ```
 */
export type BlockFilePattern = {
  /** The pattern as written. */
  text: string
  /** `block`: one file per block (`{number}`); `range`: files of a range of blocks (`{from}`, `{to}`). */
  kind: 'block' | 'range'
  /** How a file's content is laid out, from its extension. */
  format: 'json' | 'jsonl'
  /** The extension says gzip (`.gz`). */
  gzip: boolean
  /** The blocks a file of this name holds, or `undefined` when the name does not fit the pattern. */
  match: (name: string) => { from: bigint; to: bigint } | undefined
  /** The file name of block `from` (a block pattern) or of the range `from`..`to`. */
  name: (from: bigint, to?: bigint) => string
}

/** The default: one `<number>.json` file per block. */
export const DEFAULT_BLOCK_FILE_PATTERN = '{number}.json'

const PLACEHOLDER = /\{([a-z]+)(?::0([1-9][0-9]?))?\}/g
const EXTENSION = /\.(json|jsonl|ndjson)(\.gz)?$/

/** Why a pattern is not valid, as the end of a sentence; `undefined` when it is valid. */
export function blockFilePatternProblem(text: string): string | undefined {
  try {
    parseBlockFilePattern(text)
    return undefined
  } catch (error) {
    return (error as Error).message
  }
}

/**
 * Parses a block file name pattern (see {@link BlockFilePattern}). Throws an
 * `Error` whose message says what is wrong with it (a fragment: the caller
 * names where the pattern was written).
 */
export function parseBlockFilePattern(text: string): BlockFilePattern {
  if (text.includes('/') || text.includes('\\'))
    throw new Error('a file name pattern names files, not folders: it cannot contain "/" or "\\"')
  const extension = EXTENSION.exec(text)
  if (extension === null)
    throw new Error('the file names must end in ".json", ".jsonl" or ".ndjson", optionally followed by ".gz"')
  const placeholders: { name: string; width: number | undefined }[] = []
  let regex = '^'
  let last = 0
  for (const found of text.matchAll(PLACEHOLDER)) {
    const [whole, name, width] = found
    if (name !== 'number' && name !== 'from' && name !== 'to')
      throw new Error(`"{${name}}" is not a placeholder; use {number}, or {from} and {to}`)
    if (placeholders.some((placeholder) => placeholder.name === name))
      throw new Error(`{${name}} appears more than once`)
    placeholders.push({ name, width: width === undefined ? undefined : Number(width) })
    regex +=
      escapeRegExp(text.slice(last, found.index)) +
      (width === undefined ? '(0|[1-9][0-9]*)' : `([0-9]{${width},})`)
    last = found.index + whole.length
  }
  const rest = text.slice(last)
  if (/[{}]/.test(text.replace(PLACEHOLDER, '')))
    throw new Error(
      'a "{" or "}" is not part of a placeholder ({number}, {from}, {to}, optionally {from:012})',
    )
  regex += `${escapeRegExp(rest)}$`
  const names = placeholders.map((placeholder) => placeholder.name).sort()
  const kind = names.join() === 'number' ? 'block' : names.join() === 'from,to' ? 'range' : undefined
  if (kind === undefined)
    throw new Error(
      'the pattern needs {number} (a file per block), or {from} and {to} (a file per range of blocks)',
    )
  const compiled = new RegExp(regex)
  const position = (name: string) => placeholders.findIndex((placeholder) => placeholder.name === name) + 1
  const pad = (name: string, value: bigint) => {
    const width = placeholders.find((placeholder) => placeholder.name === name)!.width
    return width === undefined ? value.toString() : value.toString().padStart(width, '0')
  }
  return {
    text,
    kind,
    format: extension[1] === 'json' ? 'json' : 'jsonl',
    gzip: extension[2] !== undefined,
    match: (name) => {
      const found = compiled.exec(name)
      if (found === null) return undefined
      if (kind === 'block') {
        const number = BigInt(found[position('number')]!)
        return { from: number, to: number }
      }
      const from = BigInt(found[position('from')]!)
      const to = BigInt(found[position('to')]!)
      return from <= to ? { from, to } : undefined
    },
    name: (from, to = from) =>
      text.replace(PLACEHOLDER, (_whole, name: string) => pad(name, name === 'to' ? to : from)),
  }
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
