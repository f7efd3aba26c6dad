import { randomUUID } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { describeTarget } from '@idx/config'
import { connectTarget, createDatabase, DatabaseIdentityError, readDatabaseState } from '@idx/database'
import { type TestDatabase, testDatabase } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { assertModelDatabase, migrateModelDb, modelMigrationsDir } from './migrations'

// Two deployments on one PostgreSQL server, and model databases around them. A deployment is
// what its shared database's marker says (the shared database's own tables are @idx/shared-db's).
const dropped: TestDatabase[] = []
const fresh = (model = 'blub') => {
  const db = testDatabase('postgres', { kind: 'model', model })
  dropped.push(db)
  return db
}
const sharedA = testDatabase('postgres')
const sharedB = testDatabase('postgres')
let deploymentA: string
let deploymentB: string

async function markShared(db: TestDatabase): Promise<string> {
  const deployment = randomUUID()
  await createDatabase(db.target, { identity: { kind: 'shared', deployment } })
  await sql(
    db.target,
    `create table "_idx_database" (kind text primary key, model text, created_at timestamp(3) not null default now(), deployment text);
     insert into "_idx_database" (kind, deployment) values ('shared', '${deployment}')`,
  )
  return deployment
}

beforeAll(async () => {
  deploymentA = await markShared(sharedA)
  deploymentB = await markShared(sharedB)
})
afterAll(async () => {
  for (const db of [...dropped, sharedA, sharedB]) await db.drop()
})

async function sql<Row>(target: TestDatabase['target'], text: string): Promise<Row[]> {
  const connection = await connectTarget(target)
  try {
    return await connection.query<Row>(text)
  } finally {
    await connection.close()
  }
}
const marker = (target: TestDatabase['target']) =>
  sql<{ kind: string; model: string; deployment: string | null; shared_database: string | null }>(
    target,
    'select kind, model, deployment, shared_database from "_idx_database"',
  )
const history = async (target: TestDatabase['target']) =>
  (
    await sql<{ migration_name: string }>(
      target,
      `select migration_name from "_prisma_migrations" order by started_at, migration_name`,
    )
  ).map((row) => row.migration_name)
const migrations = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()

describe('identity', () => {
  test('default: a new model database is marked with its model and its deployment', async () => {
    const db = fresh()
    const result = await migrateModelDb({ target: db.target, shared: sharedA.target })
    expect(result).toMatchObject({ createdDatabase: true, applied: migrations(modelMigrationsDir) })
    expect(await marker(db.target)).toEqual([
      { kind: 'model', model: 'blub', deployment: deploymentA, shared_database: sharedA.target.database },
    ])
    expect(deploymentA).toMatch(/^[0-9a-f-]{36}$/)
    expect(deploymentB).not.toBe(deploymentA)
    // What it was labelled with when created agrees.
    const state = await readDatabaseState(db.target)
    expect(state.exists && state.label).toEqual({
      kind: 'model',
      model: 'blub',
      deployment: deploymentA,
      sharedDatabase: sharedA.target.database,
    })
    await expect(assertModelDatabase({ target: db.target, shared: sharedA.target })).resolves.toMatchObject({
      deployment: deploymentA,
    })
  })

  test('error: the model database of another deployment is refused by migrate and by every writer', async () => {
    const db = fresh()
    await migrateModelDb({ target: db.target, shared: sharedA.target })
    const before = await history(db.target)
    const error = await migrateModelDb({ target: db.target, shared: sharedB.target }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatabaseIdentityError)
    expect((error as Error).message).toBe(
      [
        `The database "${db.target.database}" (${describeTarget(db.target)}) is the database of model "blub" of the deployment whose shared database is "${sharedA.target.database}" (deployment ${deploymentA.slice(0, 8)}), not of this deployment (shared database "${sharedB.target.database}", deployment ${deploymentB.slice(0, 8)}).`,
        `Two deployments on one server need different database names: give model "blub" another model.database, or point idx at that deployment (IDX_SHARED_DB=${sharedA.target.database}).`,
      ].join('\n'),
    )
    await expect(assertModelDatabase({ target: db.target, shared: sharedB.target })).rejects.toThrow(
      DatabaseIdentityError,
    )
    expect(await history(db.target)).toEqual(before)
  })

  test('error: a shared database named as a model database is refused before any migration runs', async () => {
    // Both packages' first migration is called 20261125000000_init: nothing may be applied.
    const asModel = { ...sharedB.target, role: { kind: 'model' as const, model: 'blub' } }
    await expect(migrateModelDb({ target: asModel, shared: sharedA.target })).rejects.toThrow(
      `The database "${sharedB.target.database}" (${describeTarget(asModel)}) is the shared database of deployment ${deploymentB.slice(0, 8)}, not the database of model "blub".`,
    )
    expect(await sql(sharedB.target, `select to_regclass('public._prisma_migrations') as t`)).toEqual([
      { t: null },
    ])
  })

  test('error: an empty database idx did not create is refused, and adopted only when asked', async () => {
    const db = fresh()
    await sql({ ...db.target, database: 'postgres' }, `create database ${db.target.database}`)
    const error = await migrateModelDb({ target: db.target, shared: sharedA.target }).catch((e: unknown) => e)
    expect((error as Error).message).toBe(
      [
        `The database "${db.target.database}" (${describeTarget(db.target)}) exists, but idx did not create it: it is empty and carries no idx label.`,
        `If idx may use it, adopt it: idx db adopt --model blub (it is empty, so nothing in it is lost). Otherwise give model "blub" another database name (model.database): idx creates databases itself.`,
      ].join('\n'),
    )
    expect(await sql(db.target, `select to_regclass('public._prisma_migrations') as t`)).toEqual([
      { t: null },
    ])

    const adopted = await migrateModelDb({ target: db.target, shared: sharedA.target, adopt: true })
    expect(adopted).toMatchObject({ createdDatabase: false, adopted: true })
    expect(await marker(db.target)).toEqual([
      { kind: 'model', model: 'blub', deployment: deploymentA, shared_database: sharedA.target.database },
    ])
    // From now on it is this deployment's: a plain migrate is fine, another deployment is refused.
    expect((await migrateModelDb({ target: db.target, shared: sharedA.target })).applied).toEqual([])
    await expect(migrateModelDb({ target: db.target, shared: sharedB.target })).rejects.toThrow(
      DatabaseIdentityError,
    )
  })

  test('error: a database with content and no idx marker is never adopted', async () => {
    const db = fresh()
    await sql({ ...db.target, database: 'postgres' }, `create database ${db.target.database}`)
    await sql(db.target, 'create table precious (id int)')
    for (const adopt of [false, true])
      await expect(migrateModelDb({ target: db.target, shared: sharedA.target, adopt })).rejects.toThrow(
        `The database "${db.target.database}" (${describeTarget(db.target)}) was not created by idx: it holds 1 table(s), type(s) or other object(s) and no idx marker.`,
      )
    expect(await sql(db.target, `select to_regclass('public._prisma_migrations') as t`)).toEqual([
      { t: null },
    ])
  })

  test('behavior: a model database of an older idx (no deployment) is refused until adopted', async () => {
    const db = fresh()
    // Migrated the way an older idx (or a library caller without a shared database) did.
    await migrateModelDb({ target: db.target })
    expect(await marker(db.target)).toEqual([
      { kind: 'model', model: 'blub', deployment: null, shared_database: null },
    ])
    const error = await migrateModelDb({ target: db.target, shared: sharedA.target }).catch((e: unknown) => e)
    expect((error as Error).message).toBe(
      [
        `The database "${db.target.database}" (${describeTarget(db.target)}) is the database of model "blub", but records no deployment: it was created before idx recorded which deployment a database belongs to (or was migrated by Prisma's own CLI).`,
        `If it belongs to this deployment (shared database "${sharedA.target.database}"), adopt it: idx db adopt --model blub`,
        'idx does not adopt it on its own: another deployment on this server may be using it.',
      ].join('\n'),
    )
    const adopted = await migrateModelDb({ target: db.target, shared: sharedA.target, adopt: true })
    expect(adopted).toMatchObject({ applied: [], adopted: true })
    expect(await marker(db.target)).toEqual([
      { kind: 'model', model: 'blub', deployment: deploymentA, shared_database: sharedA.target.database },
    ])
    // Adopted once: the other deployment cannot adopt it too.
    await expect(migrateModelDb({ target: db.target, shared: sharedB.target, adopt: true })).rejects.toThrow(
      DatabaseIdentityError,
    )
  })
})
