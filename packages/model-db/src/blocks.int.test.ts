import { testDatabase } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { failedBlocks, latestProcessedHeader } from './blocks'
import { createModelDb, type ModelDb } from './client'
import { migrateModelDb } from './migrations'
import type { BlockRecord } from './writers/types'
import { markBlocksFailed, writeBlocks } from './writers/writeBlocks'

const header = (number: bigint): BlockRecord['header'] => ({
  number,
  hash: `0xh${number}`,
  parentHash: `0xh${number - 1n}`,
  timestamp: 1_700_000_000n + number,
})

const empty = (number: bigint): BlockRecord => ({
  header: header(number),
  logCount: 0,
  transactions: [],
  transfers: [],
  poolSwaps: [],
  trades: [],
  liquidityEvents: [],
  positions: [],
  feedAnswers: [],
  undecodable: [],
})

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  const database = testDatabase(kind, { kind: 'model', model: 'blocks' })
  let db: ModelDb
  beforeAll(async () => {
    await migrateModelDb({ target: database.target })
    db = await createModelDb({ target: database.target })
  })
  afterAll(async () => {
    await db?.close()
    await database.drop()
  })

  // Regression: both ordered by the `number::text` output column, so block 9 came after block 10.
  test('behavior: block numbers are ordered as numbers, not as text', async () => {
    await writeBlocks(db, [empty(8n), empty(9n), empty(10n), empty(11n)])
    expect((await latestProcessedHeader(db))?.number).toBe(11n)
    await markBlocksFailed(db, [
      { header: header(100n), error: 'c' },
      { header: header(9n), error: 'a' },
      { header: header(20n), error: 'b' },
    ])
    expect((await latestProcessedHeader(db))?.number).toBe(100n)
    expect((await failedBlocks(db)).map((block) => block.number)).toEqual([9n, 20n, 100n])
  })
})
