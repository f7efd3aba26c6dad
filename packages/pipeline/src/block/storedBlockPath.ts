import { join } from 'node:path'

/**
 * The path of a block's file in a stored-blocks folder: `<dir>/<number>.json`,
 * the block number in decimal without padding (`58584385.json`).
 *
 * @example
 * ```ts
 * storedBlockPath('blocks', 58584385n) // 'blocks/58584385.json'
 * ```
 */
export function storedBlockPath(dir: string, blockNumber: bigint): string {
  return join(dir, `${blockNumber}.json`)
}
