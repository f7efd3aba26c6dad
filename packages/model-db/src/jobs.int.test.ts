import { testDatabase } from '@idx/testkit'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { createModelDb, type ModelDb } from './client'
import { claimJob, enqueueRange, finishJob, jobCounts, requeueFailedJobs } from './jobs'
import { migrateModelDb } from './migrations'

const database = testDatabase('postgres', { kind: 'model', model: 'jobs' })
let a: ModelDb
let b: ModelDb
beforeAll(async () => {
  await migrateModelDb({ target: database.target })
  a = await createModelDb({ target: database.target })
  b = await createModelDb({ target: database.target })
})
afterAll(async () => {
  await a?.close()
  await b?.close()
  await database.drop()
})
// Every test starts from an empty job table and enqueues what it needs: any one runs alone.
beforeEach(async () => {
  await a.query('delete from block_job')
})

test('default: a range is split into aligned jobs once, however often it is enqueued', async () => {
  expect(await enqueueRange(a, { from: 100n, to: 124n, size: 10 })).toBe(3)
  expect(await enqueueRange(b, { from: 100n, to: 124n, size: 10 })).toBe(0)
  const jobs = await a.query<{ from_block: string; to_block: string }>(
    'select from_block::text, to_block::text from block_job order by from_block',
  )
  expect(jobs).toEqual([
    { from_block: '100', to_block: '109' },
    { from_block: '110', to_block: '119' },
    { from_block: '120', to_block: '124' },
  ])
})

test('behavior: concurrent claimers never take the same job', async () => {
  await enqueueRange(a, { from: 100n, to: 124n, size: 10 })
  const range = { from: 100n, to: 124n, staleAfterMs: 60_000 }
  const claims = await Promise.all([
    claimJob(a, { worker: 'a', ...range }),
    claimJob(b, { worker: 'b', ...range }),
    claimJob(a, { worker: 'c', ...range }),
    claimJob(b, { worker: 'd', ...range }),
  ])
  const taken = claims.filter((claim) => claim !== undefined).map((claim) => claim.fromBlock)
  expect(taken.sort()).toEqual([100n, 110n, 120n])
  expect(claims.filter((claim) => claim === undefined)).toHaveLength(1)
  expect(await jobCounts(a)).toEqual({ pending: 0, running: 3, done: 0, failed: 0 })
})

test("behavior: a silent worker's job is claimed again; failed jobs can be requeued", async () => {
  const range = { from: 100n, to: 124n }
  await enqueueRange(a, { from: 100n, to: 124n, size: 10 })
  const first = await claimJob(a, { worker: 'a', ...range, staleAfterMs: 60_000 })
  expect(first).toMatchObject({ fromBlock: 100n, attempts: 1 })
  expect(await claimJob(a, { worker: 'b', ...range, staleAfterMs: 60_000 })).toMatchObject({
    fromBlock: 110n,
  })
  expect(await claimJob(a, { worker: 'c', ...range, staleAfterMs: 60_000 })).toMatchObject({
    fromBlock: 120n,
  })
  await a.query(`update block_job set heartbeat_at = now() - interval '10 minutes' where from_block = 110`)
  const stolen = await claimJob(b, { worker: 'e', ...range, staleAfterMs: 60_000 })
  expect(stolen).toMatchObject({ fromBlock: 110n, toBlock: 119n, attempts: 2 })
  await finishJob(a, { id: first!.id, worker: 'a', error: 'The source returned no block 105.' })
  expect((await jobCounts(a)).failed).toBe(1)
  expect(await requeueFailedJobs(a, { from: 100n, to: 124n })).toBe(1)
  expect(await claimJob(a, { worker: 'f', ...range, staleAfterMs: 60_000 })).toMatchObject({
    fromBlock: 100n,
  })
})
