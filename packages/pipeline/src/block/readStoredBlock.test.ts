import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ALICE, BLOCKS, BLUB_WAVAX_LB, LB_ROUTER_V2_2 } from '../_test/avalanche'
import { createTestBlock, packAmounts, toStoredBlockJson } from '../_test/blocks'
import { lfjLbPairAbi } from '../abi/abis'
import { readStoredBlock } from './readStoredBlock'
import { storedBlockPath } from './storedBlockPath'

let dir: string

function lbSwapBlock(number: bigint = BLOCKS.lbSwap) {
  const block = createTestBlock({ number })
  block.transaction({ from: ALICE, to: LB_ROUTER_V2_2 }).log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', {
    sender: LB_ROUTER_V2_2,
    to: ALICE,
    id: 8_388_608,
    amountsIn: packAmounts(0n, 10n ** 18n),
    amountsOut: packAmounts(5_000n * 10n ** 18n, 0n),
    volatilityAccumulator: 0,
    totalFees: packAmounts(0n, 10n ** 15n),
    protocolFees: packAmounts(0n, 0n),
  })
  return block.build()
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idx-stored-blocks-'))
  await writeFile(storedBlockPath(dir, BLOCKS.lbSwap), JSON.stringify(toStoredBlockJson(lbSwapBlock())))
  // A file named for one block that holds another.
  await writeFile(storedBlockPath(dir, 1n), JSON.stringify(toStoredBlockJson(lbSwapBlock(2n))))
  await writeFile(storedBlockPath(dir, 3n), '{ "number": "0x3"')
  await mkdir(storedBlockPath(dir, 4n)) // a folder where the file should be
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

test('default', async () => {
  expect(await readStoredBlock(dir, BLOCKS.lbSwap)).toEqual(lbSwapBlock())
})

test('storedBlockPath: <dir>/<number>.json, decimal, no padding', () => {
  expect(storedBlockPath('blocks', 63269916n)).toBe(join('blocks', '63269916.json'))
  expect(storedBlockPath('blocks', 7n)).toBe(join('blocks', '7.json'))
})

describe('error', () => {
  test('no file for the block', async () => {
    await expect(readStoredBlock(dir, 5n)).rejects.toMatchObject({
      name: 'StoredBlockNotFoundError',
      message: `Block "5" has no stored block file: "${join(dir, '5.json')}" does not exist.`,
    })
  })

  test('a file that holds another block', async () => {
    await expect(readStoredBlock(dir, 1n)).rejects.toMatchObject({
      name: 'InvalidStoredBlockError',
      message: `The stored block file "${join(dir, '1.json')}" is invalid: it holds block "2", but its name is for block "1".`,
    })
  })

  test('a file that is not JSON names the file', async () => {
    await expect(readStoredBlock(dir, 3n)).rejects.toMatchObject({
      name: 'InvalidStoredBlockError',
      file: join(dir, '3.json'),
    })
  })

  test('a file that cannot be read', async () => {
    await expect(readStoredBlock(dir, 4n)).rejects.toMatchObject({
      name: 'StoredBlockReadError',
      shortMessage: `The stored block file "${join(dir, '4.json')}" could not be read.`,
    })
  })
})
