import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BlockFileStore } from './blockFileStore'
import { StoredBlockFileMissingError, StoredBlocksFolderError } from './errors'

/**
 * The block files of a local folder (`dir`).
 *
 * @example
 * ```ts
 * const files = createFolderBlockFiles('blocks')
 * await files.list() // ['58584385.json', …]
 * ```
 */
export function createFolderBlockFiles(dir: string): BlockFileStore {
  const describe = (name: string) => join(dir, name)
  return {
    location: `folder "${dir}"`,
    describe,
    async list() {
      try {
        return await readdir(dir)
      } catch (error) {
        throw new StoredBlocksFolderError({ dir, problem: 'could not be read', cause: error })
      }
    },
    async read(name) {
      try {
        return await readFile(describe(name))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new StoredBlockFileMissingError({ file: describe(name) })
        throw error
      }
    },
  }
}
