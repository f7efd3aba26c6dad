// Test-only helpers (never exported by the package): one migrated shared
// database per describe block, emptied between tests, on PostgreSQL or PGlite.

import { type TestDatabase, testDatabase } from '@idx/testkit'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { createSharedDb, type SharedDb } from '../client'
import { migrateSharedDb } from '../migrations'

export const KINDS = ['postgres', 'pglite'] as const
export type DbKind = (typeof KINDS)[number]

/** Every table the shared schema's data lives in (the `_idx_database` marker excepted). */
export const DATA_TABLES = [
  'chain',
  'token',
  'contract',
  'labelled_address',
  'source',
  'price_feed',
  'model',
  'model_source',
  'model_token',
  'model_contract',
  'pool_pricing_config',
  'pool_pricing_config_history',
  'avax_usd_price',
] as const

export type TestSharedDb = {
  /** The open database (valid inside tests). */
  readonly db: SharedDb
  /** Every row of every table, as text: equal dumps mean nothing was written. */
  dump: () => Promise<string>
}

/**
 * Registers hooks that create and migrate one shared database for the
 * enclosing describe block, empty it before each test, and drop it after.
 */
export function useSharedTestDb(kind: DbKind): TestSharedDb {
  let test: TestDatabase | undefined
  let db: SharedDb | undefined
  beforeAll(async () => {
    test = testDatabase(kind) // here, so that a block whose tests are all filtered out leaves nothing behind
    await migrateSharedDb({ target: test.target })
    db = await createSharedDb({ target: test.target })
  })
  beforeEach(async () => {
    await db!.query(`TRUNCATE ${DATA_TABLES.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`)
  })
  afterAll(async () => {
    await db?.close()
    await test?.drop()
  })
  return {
    get db() {
      if (db === undefined) throw new Error('The test database is open only inside tests.')
      return db
    },
    dump: () => dumpTables(db!),
  }
}

/** Every row of every table (the marker and `_prisma_migrations` included), in a stable order. */
export async function dumpTables(db: SharedDb): Promise<string> {
  const out: Record<string, unknown[]> = {}
  for (const table of [...DATA_TABLES, '_idx_database', '_prisma_migrations'])
    out[table] = await db.query(`SELECT * FROM "${table}" ORDER BY 1, 2`)
  return JSON.stringify(out, (_key, value) => (typeof value === 'bigint' ? `${value}n` : value), 1)
}
