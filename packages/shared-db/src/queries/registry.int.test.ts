import { createDatabase } from '@idx/database'
import { testDatabase } from '@idx/testkit'
import { describe, expect, test } from 'vitest'
import { createSharedDb } from '../client'
import { migrateSharedDb } from '../migrations'
import { hasModelRegistry } from './registry'

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  test('behavior: a bare database has no model registry; a migrated one has', async () => {
    const database = testDatabase(kind)
    try {
      await createDatabase(database.target)
      const bare = await createSharedDb({ target: database.target })
      try {
        expect(await hasModelRegistry(bare)).toBe(false)
      } finally {
        await bare.close()
      }
      // Made bare above, not by idx: the migration adopts it.
      await migrateSharedDb({ target: database.target, adopt: true })
      const migrated = await createSharedDb({ target: database.target })
      try {
        expect(await hasModelRegistry(migrated)).toBe(true)
      } finally {
        await migrated.close()
      }
    } finally {
      await database.drop()
    }
  })
})
