import { createDatabase } from '@idx/database'
import { testDatabase } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createModelDb, type ModelDb } from '../client'
import { claimJob, enqueueRange, finishJob } from '../jobs'
import { migrateModelDb } from '../migrations'
import type { BlockRecord } from '../writers/types'
import { markBlocksFailed, writeBlocks } from '../writers/writeBlocks'
import {
  countUnfinishedJobs,
  countUnprocessed,
  hasProcessingTables,
  listFailedJobRanges,
  listUnfinishedJobs,
  readProcessedBlock,
  readWorkExtent,
} from './processingStatus'

const header = (number: bigint): BlockRecord['header'] => ({
  number,
  hash: `0xh${number}`,
  parentHash: `0xh${number - 1n}`,
  timestamp: 1_700_000_000n + number,
})

const empty = (number: bigint, logCount = 0): BlockRecord => ({
  header: header(number),
  logCount,
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
  const database = testDatabase(kind, { kind: 'model', model: 'processing_status' })
  let db: ModelDb
  beforeAll(async () => {
    await createDatabase(database.target)
    db = await createModelDb({ target: database.target })
  })
  afterAll(async () => {
    await db?.close()
    await database.drop()
  })

  // One test, in order: the database goes from unmigrated to processed blocks and jobs.
  test('behavior: reads the blocks and jobs idx process reports', async () => {
    expect(await hasProcessingTables(db)).toBe(false)
    await db.close()
    // The database was made bare for the check above, not by idx: the migration adopts it.
    await migrateModelDb({ target: database.target, adopt: true })
    db = await createModelDb({ target: database.target })
    expect(await hasProcessingTables(db)).toBe(true)

    // Nothing yet.
    expect(await readWorkExtent(db)).toEqual({ first: undefined, last: undefined })
    expect(await readProcessedBlock(db, 10n)).toBeUndefined()
    expect(await countUnprocessed(db, [])).toBe(0)
    expect(await listUnfinishedJobs(db)).toEqual([])

    // Blocks 10, 11 done (11 with 3 logs), 12 failed; jobs 10..19 and 20..29 queued.
    await writeBlocks(db, [empty(10n), empty(11n, 3)])
    await markBlocksFailed(db, [{ header: header(12n), error: 'bad block' }])
    await enqueueRange(db, { from: 10n, to: 29n, size: 10 })
    expect(await readWorkExtent(db)).toEqual({ first: 10n, last: 29n })
    expect(await readProcessedBlock(db, 11n)).toEqual({
      hash: '0xh11',
      status: 'done',
      error: null,
      attempts: expect.any(Number),
      counts: {
        logs: 3,
        transfers: 0,
        poolSwaps: 0,
        trades: 0,
        liquidityEvents: 0,
        positions: 0,
        feedAnswers: 0,
        undecodable: 0,
      },
    })
    expect(await readProcessedBlock(db, 12n)).toMatchObject({ status: 'failed', error: 'bad block' })
    // 10..14: 10, 11, 12 processed (done or failed); 13, 14 not. 20..20: not.
    expect(
      await countUnprocessed(db, [
        { from: 10n, to: 14n },
        { from: 20n, to: 20n },
      ]),
    ).toBe(3)

    // One job running, the other failed.
    const running = await claimJob(db, { worker: 'w1', from: 10n, to: 29n, staleAfterMs: 60_000 })
    const failing = await claimJob(db, { worker: 'w2', from: 10n, to: 29n, staleAfterMs: 60_000 })
    expect([running?.fromBlock, failing?.fromBlock]).toEqual([10n, 20n])
    await finishJob(db, { id: failing!.id, worker: 'w2', error: 'source down' })
    expect(await countUnfinishedJobs(db, { from: 10n, to: 29n })).toEqual({ running: 1, failed: 1 })
    expect(await countUnfinishedJobs(db, { from: 20n, to: 29n })).toEqual({ running: 0, failed: 1 })
    expect(await listUnfinishedJobs(db)).toEqual([
      { from: 10n, to: 19n, status: 'running', worker: 'w1', attempts: 1, error: null },
      { from: 20n, to: 29n, status: 'failed', worker: 'w2', attempts: 1, error: 'source down' },
    ])
    expect(await listUnfinishedJobs(db, 1)).toHaveLength(1)
    expect(await listFailedJobRanges(db)).toEqual([{ from: 20n, to: 29n }])
  })
})
