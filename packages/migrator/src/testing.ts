import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  type DatabaseRole,
  type DatabaseServer,
  type DatabaseTarget,
  databaseTarget,
  readSettings,
  resolveDatabaseServer,
} from '@idx/config'
import { quoteIdent, withMaintenanceClient } from './server'

/** The PostgreSQL server tests use: `IDX_TEST_DATABASE_URL`, default the local trust-auth server. */
export function testServer(): Extract<DatabaseServer, { kind: 'postgres' }> {
  const url = readSettings().env.IDX_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
  const server = resolveDatabaseServer(readSettings({ env: { IDX_DATABASE_URL: url } }))
  if (server.kind !== 'postgres') throw new Error('IDX_TEST_DATABASE_URL must name a PostgreSQL server.')
  return server
}

let counter = 0

/** A database that exists only for one test: `drop()` removes it (PostgreSQL database or PGlite directory). */
export type TestDatabase = { target: DatabaseTarget; server: DatabaseServer; drop: () => Promise<void> }

/**
 * Names a fresh, not-yet-created database for a test, on the local PostgreSQL
 * server or in a temporary PGlite directory. Nothing is created until the
 * code under test creates it (or `create: true`).
 */
export function testDatabase(
  kind: 'postgres' | 'pglite',
  role: DatabaseRole = { kind: 'shared' },
): TestDatabase {
  const name = `idx_test_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'idx-test-'))
    const server: DatabaseServer = { kind: 'pglite', dataDir }
    return {
      target: databaseTarget(server, name, role),
      server,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    }
  }
  const server = testServer()
  const target = databaseTarget(server, name, role)
  return {
    target,
    server,
    drop: async () => {
      if (target.kind !== 'postgres') return
      await withMaintenanceClient(target, (client) =>
        client.query(`drop database if exists ${quoteIdent(target.database)} with (force)`),
      )
    },
  }
}
