import { createHash, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { PostgresTarget } from '@idx/config'
import { type TestDatabase, testDatabase } from '@idx/testkit'
import { afterEach, describe, expect, test } from 'vitest'
import { connectTarget } from './connection'
import { createDatabase, databaseExists } from './databases'
import { checkDatabaseIdentity, type DatabaseIdentity, readDatabaseState } from './identity'
import { withMaintenanceClient } from './server'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})
function fresh(kind: 'postgres' | 'pglite'): TestDatabase {
  const db = testDatabase(kind, { kind: 'model', model: 'blub' })
  cleanups.push(db.drop)
  return db
}
const identity = (): Extract<DatabaseIdentity, { kind: 'model' }> => ({
  kind: 'model',
  model: 'blub',
  deployment: randomUUID(),
  sharedDatabase: 'idx_shared',
})
/** The name a PostgreSQL database has while idx creates it. */
const pendingName = (name: string) =>
  `idx_new_${createHash('sha256').update(name).digest('hex').slice(0, 24)}`

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  test('default: a database idx creates carries the identity it was created for', async () => {
    const db = fresh(kind)
    const id = identity()
    expect(await createDatabase(db.target, { identity: id })).toEqual({ created: true })
    expect(await createDatabase(db.target, { identity: id })).toEqual({ created: false })
    const state = await readDatabaseState(db.target)
    expect(state).toEqual({ exists: true, marker: undefined, label: id, objects: 0, finishedMigrations: 0 })
    // Nothing is in it yet, but idx knows it made it: a migration may begin.
    expect(checkDatabaseIdentity(db.target, state, id)).toEqual({
      action: 'fresh',
      deployment: id.deployment,
    })
    // Another model's or another deployment's command may not.
    expect(() => checkDatabaseIdentity(db.target, state, { ...id, model: 'other' })).toThrow(
      'is the database of model "blub" of the deployment whose shared database is "idx_shared"',
    )
    expect(() => checkDatabaseIdentity(db.target, state, { ...id, deployment: randomUUID() })).toThrow(
      'not of this deployment',
    )
  })

  test('behavior: a database created without an identity carries no label', async () => {
    const db = fresh(kind)
    await createDatabase(db.target)
    const state = await readDatabaseState(db.target)
    expect(state.exists && state.label).toBeUndefined()
    expect(() => checkDatabaseIdentity(db.target, state, identity())).toThrow(
      'exists, but idx did not create it: it is empty and carries no idx label.',
    )
  })
})

test('behavior: a PostgreSQL creation a crash interrupted (its database still under its pending name) is finished', async () => {
  const db = fresh('postgres')
  const target = db.target as PostgresTarget
  const pending = pendingName(target.database)
  // What a process killed right after CREATE DATABASE leaves: the database under its pending name.
  await withMaintenanceClient(target, (client) => client.query(`create database ${pending}`))
  cleanups.push(() =>
    withMaintenanceClient(target, (client) => client.query(`drop database if exists ${pending}`)).then(
      () => {},
    ),
  )
  const id = identity()
  expect(await createDatabase(target, { identity: id })).toEqual({ created: true })
  const state = await readDatabaseState(target)
  expect(state.exists && state.label).toEqual(id)
  expect(await databaseExists({ ...target, database: pending })).toBe(false)
})

test('behavior: concurrent creations of one PostgreSQL database create it once, labelled', async () => {
  const db = fresh('postgres')
  const id = identity()
  const results = await Promise.all([1, 2, 3].map(() => createDatabase(db.target, { identity: id })))
  expect(results.filter((result) => result.created)).toHaveLength(1)
  const state = await readDatabaseState(db.target)
  expect(state.exists && state.label).toEqual(id)
})

test('behavior: a PGlite creation a crash interrupted (its half-made directory) is started again', async () => {
  const db = fresh('pglite')
  if (db.target.kind !== 'pglite') throw new Error('unreachable')
  const pending = `${path.resolve(db.target.dataDir)}.creating`
  mkdirSync(pending, { recursive: true })
  writeFileSync(path.join(pending, 'PG_VERSION'), 'half') // a directory PGlite never finished
  const id = identity()
  expect(await createDatabase(db.target, { identity: id })).toEqual({ created: true })
  expect(existsSync(pending)).toBe(false)
  expect(readFileSync(path.join(db.target.dataDir, 'PG_VERSION'), 'utf8')).not.toBe('half')
  const connection = await connectTarget(db.target)
  try {
    expect(await connection.query('select 1 as one')).toEqual([{ one: 1 }])
  } finally {
    await connection.close()
  }
  const state = await readDatabaseState(db.target)
  expect(state.exists && state.label).toEqual(id)
})
