import { readFile } from 'node:fs/promises'
import { InvalidStoredBlockError, StoredBlockNotFoundError, StoredBlockReadError } from './errors'
import { parseStoredBlock } from './parseStoredBlock'
import { storedBlockPath } from './storedBlockPath'
import type { SourceBlock } from './types'

export type ReadStoredBlockReturnType = SourceBlock
export type ReadStoredBlockErrorType =
  | StoredBlockNotFoundError
  | StoredBlockReadError
  | InvalidStoredBlockError

/**
 * Reads block `blockNumber` from a stored-blocks folder: the file
 * `<dir>/<number>.json` (see {@link storedBlockPath}), parsed and checked by
 * {@link parseStoredBlock}. The file must hold that block: a file whose block
 * number differs is an {@link InvalidStoredBlockError}. A missing file is a
 * {@link StoredBlockNotFoundError}.
 *
 * @example
 * ```ts
 * const block = await readStoredBlock('blocks', 63269916n)
 * for (const log of block.logs) console.log(log.address, log.logIndex)
 * ```
 */
export async function readStoredBlock(dir: string, blockNumber: bigint): Promise<ReadStoredBlockReturnType> {
  const file = storedBlockPath(dir, blockNumber)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new StoredBlockNotFoundError({ file, blockNumber })
    throw new StoredBlockReadError({ file, cause: error })
  }
  const block = parseStoredBlock(text, file)
  if (block.number !== blockNumber)
    throw new InvalidStoredBlockError({
      file,
      field: '',
      problem: `it holds block "${block.number}", but its name is for block "${blockNumber}"`,
    })
  return block
}
