import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * The folder of real Avalanche C-Chain blocks of the BLUB market, one
 * stored-block file per block (`<number>.json`), as idx's `stored_blocks`
 * source reads them. `fixtures/avalanche/README.md` says what happened in each
 * block and which parts are synthetic (block and parent hashes, filler
 * transactions).
 */
export const avalancheBlocksDir: string = fileURLToPath(
  new URL('../fixtures/avalanche/blocks', import.meta.url),
)

/** The numbers of the real blocks in `avalancheBlocksDir`, ascending. */
export const avalancheBlockNumbers: readonly bigint[] = readdirSync(avalancheBlocksDir)
  .filter((name) => /^\d+\.json$/.test(name))
  .map((name) => BigInt(name.slice(0, -'.json'.length)))
  .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
