import { gunzipSync } from 'node:zlib'
import type { BlockFilePattern } from '@idx/config'
import { parseStoredBlock } from '../block/parseStoredBlock'
import type { SourceBlock } from '../block/types'
import { StoredBlockFileError } from './errors'

export type DecodeBlockFileParameters = {
  bytes: Uint8Array
  /** The file as messages name it (its path, `s3://bucket/key`). */
  file: string
  pattern: Pick<BlockFilePattern, 'kind' | 'format'>
  /** The blocks its name says it holds. */
  range: { from: bigint; to: bigint }
}

const GZIP_MAGIC = [0x1f, 0x8b]

/**
 * The blocks of one stored block file, in order: gunzipped when its first
 * bytes are gzip's, read as JSON (a block, or an array of blocks, or a stream
 * payload's `data` array) or JSON Lines (a block per line) as its pattern
 * says, each block checked by `parseStoredBlock`. The blocks must be exactly
 * those its name says, each once: anything else is a
 * {@link StoredBlockFileError} naming the file.
 *
 * @example
 * ```ts
 * const blocks = decodeBlockFile({ bytes, file: 'blocks/100-199.json.gz', pattern, range: { from: 100n, to: 199n } })
 * ```
 */
export function decodeBlockFile(parameters: DecodeBlockFileParameters): SourceBlock[] {
  const { file, pattern, range } = parameters
  let bytes = parameters.bytes
  if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      bytes = gunzipSync(bytes)
    } catch (error) {
      throw new StoredBlockFileError({
        file,
        problem: `is not a whole gzip file (${(error as Error).message})`,
        cause: error,
      })
    }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (error) {
    throw new StoredBlockFileError({
      file,
      problem: 'is not UTF-8 text (a compressed file without .gz magic bytes?)',
      cause: error,
    })
  }
  const blocks =
    pattern.kind === 'block' && pattern.format === 'json'
      ? [parseStoredBlock(text, file)]
      : entriesOf(text, file, pattern.format).map(([value, where]) => parseStoredBlock(value, where))
  checkBlocks(blocks, file, range)
  return blocks.sort((a, b) => (a.number < b.number ? -1 : 1))
}

/** The block values of a file, each with how a message names it (`file[3]`, `file:12`). */
function entriesOf(text: string, file: string, format: 'json' | 'jsonl'): [unknown, string][] {
  if (format === 'jsonl') {
    const entries: [unknown, string][] = []
    const lines = text.split('\n')
    lines.forEach((line, index) => {
      if (line.trim() === '') return
      try {
        entries.push([JSON.parse(line), `${file}:${index + 1}`])
      } catch (error) {
        const last = index === lines.length - 1 || lines.slice(index + 1).every((rest) => rest.trim() === '')
        throw new StoredBlockFileError({
          file,
          problem: `is not valid JSON Lines at line ${index + 1}${last ? ' (its last line: was the file cut short?)' : ''}: ${(error as Error).message}`,
        })
      }
    })
    return entries
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new StoredBlockFileError({ file, problem: `is not valid JSON: ${(error as Error).message}` })
  }
  const list =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Array.isArray((value as { data?: unknown }).data)
      ? (value as { data: unknown[] }).data
      : value
  if (!Array.isArray(list)) return [[value, file]]
  return list.map((entry, index) => [entry, `${file}[${index}]`])
}

function checkBlocks(
  blocks: readonly SourceBlock[],
  file: string,
  range: { from: bigint; to: bigint },
): void {
  const seen = new Set<bigint>()
  for (const block of blocks) {
    if (block.number < range.from || block.number > range.to)
      throw new StoredBlockFileError({
        file,
        problem: `holds block "${block.number}", outside the blocks "${range.from}" to "${range.to}" its name says`,
      })
    if (seen.has(block.number))
      throw new StoredBlockFileError({ file, problem: `holds block "${block.number}" twice` })
    seen.add(block.number)
  }
  for (let number = range.from; number <= range.to; number++)
    if (!seen.has(number))
      throw new StoredBlockFileError({
        file,
        problem: `lacks block "${number}", although its name says it holds blocks "${range.from}" to "${range.to}"`,
      })
}
