// Progress as intervals: processed ranges merge, count with the blocks' rows, are cut by a
// reorg, and the processed_ranges migration turns a database's empty block rows into ranges.

import { connectTarget } from '@idx/database'
import { testDatabase } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { migrateModelDbBefore } from './_test/migrateBefore'
import { doneBlockNumbers, lastProcessedBlock, processedRange, rangeProgress } from './blocks'
import { createModelDb, type ModelDb } from './client'
import { requeueIncompleteJobs } from './jobs'
import { migrateModelDb } from './migrations'
import { processedRanges, writeRangeIn } from './ranges'
import type { BlockRecord } from './writers/types'
import { deleteBlocksFrom, markBlocksFailed, writeBlocks } from './writers/writeBlocks'

const header = (number: bigint): BlockRecord['header'] => ({
  number,
  hash: `0xh${number}`,
  parentHash: `0xh${number - 1n}`,
  timestamp: 1_700_000_000n + number,
})

const withLogs = (number: bigint): BlockRecord => ({
  header: header(number),
  logCount: 1,
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
  const database = testDatabase(kind, { kind: 'model', model: 'ranges' })
  let db: ModelDb
  beforeAll(async () => {
    await migrateModelDb({ target: database.target })
    db = await createModelDb({ target: database.target })
  })
  afterAll(async () => {
    await db?.close()
    await database.drop()
  })

  test('behavior: adjacent and overlapping ranges merge, keeping the hash of the newest end', async () => {
    const write = (from: bigint, to: bigint, toHash?: string) =>
      db.transaction((query) => writeRangeIn(query, { from, to, toHash }))
    await write(100n, 199n, '0xa')
    await write(300n, 399n)
    await write(200n, 249n, '0xb') // touches the first: one range 100..249
    expect(await processedRanges(db, { from: 0n, to: 1_000n })).toEqual([
      { from: 100n, to: 249n, toHash: '0xb' },
      { from: 300n, to: 399n, toHash: null },
    ])
    await write(250n, 299n, '0xc') // fills the gap: one range, the end's hash unknown
    expect(await processedRanges(db, { from: 0n, to: 1_000n })).toEqual([
      { from: 100n, to: 399n, toHash: null },
    ])
    await write(380n, 420n, '0xd')
    expect(await processedRanges(db, { from: 0n, to: 1_000n })).toEqual([
      { from: 100n, to: 420n, toHash: '0xd' },
    ])
  })

  test('behavior: progress counts ranges and the rows of blocks outside them once; failed blocks are not done', async () => {
    // Range 100..420 from the test above; a row inside it, one outside, a failed block after it.
    await writeBlocks(db, [withLogs(150n), withLogs(500n)])
    await markBlocksFailed(db, [{ header: header(501n), error: 'boom' }])
    expect(await rangeProgress(db, { from: 90n, to: 510n })).toEqual({
      done: 321 + 1,
      failed: 1,
      pending: 421 - 322 - 1,
    })
    const done = await doneBlockNumbers(db, { from: 418n, to: 502n })
    expect([...done].sort((a, b) => Number(a - b))).toEqual([418n, 419n, 420n, 500n])
    expect(await processedRange(db)).toEqual({ from: 100n, to: 500n })
    expect(await lastProcessedBlock(db)).toEqual({ number: 501n, hash: '0xh501' })
  })

  test('behavior: a job whose blocks are all covered by ranges is complete; one with a hole is taken up again', async () => {
    await db.query(
      `insert into block_job (from_block, to_block, status) values (100, 199, 'done'), (400, 499, 'done')`,
    )
    // 100..199 is in the range; 400..499 has 421..499 unprocessed.
    expect(await requeueIncompleteJobs(db, { from: 100n, to: 499n })).toBe(1)
    const [job] = await db.query<{ from_block: string }>(
      `select from_block::text from block_job where status = 'pending'`,
    )
    expect(job?.from_block).toBe('400')
  })

  test('behavior: a reorg cuts the ranges at its first orphaned block', async () => {
    await deleteBlocksFrom(db, 300n)
    expect(await processedRanges(db, { from: 0n, to: 1_000n })).toEqual([
      { from: 100n, to: 299n, toHash: null },
    ])
    expect(await lastProcessedBlock(db)).toEqual({ number: 299n, hash: undefined })
  })
})

describe.each(['postgres', 'pglite'] as const)('%s: the processed_ranges migration', (kind) => {
  const made: { drop: () => Promise<void> }[] = []
  afterAll(async () => {
    for (const db of made) await db.drop()
  })

  test('behavior: runs of done blocks become ranges; empty done blocks lose their rows, the others (with logs, failed, or named by a row) keep them', async () => {
    const db = testDatabase(kind, { kind: 'model', model: 'ranges_migration_test' })
    made.push(db)
    await migrateModelDbBefore(db.target, '_processed_ranges')
    const connection = await connectTarget(db.target)
    try {
      // Blocks 10..14 done (12 with a log), 15 failed, 16..17 done, 20 done with a log.
      const block = (n: number, status: string, logs: number) =>
        connection.query(
          `insert into processed_block (number, hash, parent_hash, timestamp, status, log_count)
           values ($1, $2, $3, now(), $4::block_status, $5)`,
          [n, `0xh${n}`, `0xh${n - 1}`, status, logs],
        )
      for (const n of [10, 11, 13, 14, 16, 17]) await block(n, 'done', 0)
      await block(12, 'done', 1)
      await block(15, 'failed', 0)
      await block(20, 'done', 2)
      // Block 16's counts say it held no log, but a row names it: it keeps its row (and that row).
      await connection.query(
        `insert into processed_transaction (hash, block_number, index, from_address, to_address, log_count)
         values ('0xt16', 16, 0, '0xa1', null, 1)`,
      )

      const result = await migrateModelDb({ target: db.target, adopt: true })
      expect(result.applied).toEqual([expect.stringMatching(/_processed_ranges$/)])
      const ranges = await connection.query<{ from_block: string; to_block: string; to_hash: string | null }>(
        'select from_block::text, to_block::text, to_hash from processed_range order by from_block',
      )
      expect(ranges).toEqual([
        { from_block: '10', to_block: '14', to_hash: '0xh14' },
        { from_block: '16', to_block: '17', to_hash: '0xh17' },
        { from_block: '20', to_block: '20', to_hash: '0xh20' },
      ])
      const rows = await connection.query<{ number: string }>(
        'select number::text from processed_block order by number',
      )
      expect(rows.map((row) => row.number)).toEqual(['12', '15', '16', '20'])
      const transactions = await connection.query<{ hash: string }>('select hash from processed_transaction')
      expect(transactions).toEqual([{ hash: '0xt16' }])
      const model = await createModelDb({ target: db.target })
      try {
        expect(await rangeProgress(model, { from: 10n, to: 20n })).toEqual({ done: 8, failed: 1, pending: 2 })
      } finally {
        await model.close()
      }
    } finally {
      await connection.close()
    }
  })
})
