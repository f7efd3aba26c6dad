import { describeTarget } from '@idx/config'
import { connectTarget } from '@idx/database'
import { testDatabase } from '@idx/testkit'
import { afterAll, describe, expect, test } from 'vitest'
import { createModelDb } from './client'
import { migrateModelDb, modelDbStatus } from './migrations'

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  const db = testDatabase(kind, { kind: 'model', model: 'blub_test' })
  afterAll(() => db.drop())

  test('default: migrates, records its model, and the client reads and writes through the adapter', async () => {
    const first = await migrateModelDb({ target: db.target })
    expect(first.createdDatabase).toBe(true)
    expect(first.applied.length).toBeGreaterThan(0)
    expect((await migrateModelDb({ target: db.target })).applied).toEqual([])
    expect((await modelDbStatus({ target: db.target })).upToDate).toBe(true)

    const model = await createModelDb({ target: db.target })
    try {
      await model.client.processedBlock.create({
        data: {
          number: 58_219_691n,
          hash: '0xaa',
          parentHash: '0xbb',
          timestamp: new Date('2025-01-01T00:00:00Z'),
          status: 'done',
          logCount: 3,
        },
      })
      const row = await model.client.processedBlock.findUniqueOrThrow({ where: { number: 58_219_691n } })
      expect(row).toMatchObject({ number: 58_219_691n, status: 'done', logCount: 3, error: null })
      // Migrated without a shared database: the model is recorded, no deployment.
      expect(await model.query('select model, deployment from "_idx_database"')).toEqual([
        { model: 'blub_test', deployment: null },
      ])
    } finally {
      await model.close()
    }
  })

  test('error: the database of another model is refused before anything is applied', async () => {
    const other = { ...db.target, role: { kind: 'model' as const, model: 'someone_else' } }
    await expect(migrateModelDb({ target: other })).rejects.toThrow(
      `The database "${db.target.database}" (${describeTarget(db.target)}) is the database of model "blub_test", not the database of model "someone_else".`,
    )
    const connection = await connectTarget(db.target)
    try {
      expect(await connection.query('select model from "_idx_database"')).toEqual([{ model: 'blub_test' }])
    } finally {
      await connection.close()
    }
  })
})
