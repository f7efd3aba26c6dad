import { readFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { avalancheBlockNumbers, avalancheBlocksDir } from './avalancheFixtures'

test('default: the six real blocks, ascending, each file naming its own block number', () => {
  expect(avalancheBlockNumbers).toEqual([58277747n, 58570137n, 58584385n, 61090576n, 62288120n, 65297576n])
  for (const number of avalancheBlockNumbers) {
    const json = JSON.parse(readFileSync(path.join(avalancheBlocksDir, `${number}.json`), 'utf8'))
    expect(BigInt(json.number)).toBe(number)
  }
})
