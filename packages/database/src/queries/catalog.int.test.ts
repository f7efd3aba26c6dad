import { testDatabase } from '@idx/testkit'
import { describe, expect, test } from 'vitest'
import { connectTarget } from '../runtime/connection'
import { createDatabase } from '../runtime/databases'
import { listAppliedMigrations, listTableRowCounts } from './catalog'

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  test('behavior: tables with their row counts, and the applied migrations (none without the table)', async () => {
    const database = testDatabase(kind)
    try {
      await createDatabase(database.target)
      const connection = await connectTarget(database.target)
      try {
        const { query } = connection
        expect(await listAppliedMigrations(query)).toEqual([])
        await query('create table "b table" (n int)')
        await query('insert into "b table" values (1), (2)')
        await query(`create table _prisma_migrations (
          migration_name text, started_at timestamptz, finished_at timestamptz, rolled_back_at timestamptz)`)
        await query(`insert into _prisma_migrations values
          ('2_second', '2026-01-02T00:00:00Z', null, null),
          ('1_first', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', null),
          ('1_rolled_back', '2025-12-31T00:00:00Z', null, '2026-01-01T00:00:00Z')`)
        const tables = await listTableRowCounts(query)
        expect(tables.filter((table) => !table.name.startsWith('_idx'))).toEqual([
          { name: '_prisma_migrations', rows: 3 },
          { name: 'b table', rows: 2 },
        ])
        expect(await listAppliedMigrations(query)).toEqual([
          { name: '1_first', finishedAt: '2026-01-01T00:00:01.000Z' },
          { name: '2_second', finishedAt: null },
        ])
      } finally {
        await connection.close()
      }
    } finally {
      await database.drop()
    }
  })
})
