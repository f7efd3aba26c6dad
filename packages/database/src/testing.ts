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

/**
 * The URL of the PostgreSQL server tests use: `IDX_TEST_DATABASE_URL` — which the test run
 * sets to the server it found or started (`@idx/testkit`'s vitest globalSetup) — else the
 * local trust-auth server.
 */
export function testServerUrl(): string {
  return readSettings().env.IDX_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
}

/** The PostgreSQL server tests use (see {@link testServerUrl}). */
export function testServer(): Extract<DatabaseServer, { kind: 'postgres' }> {
  const server = resolveDatabaseServer(readSettings({ env: { IDX_DATABASE_URL: testServerUrl() } }))
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
