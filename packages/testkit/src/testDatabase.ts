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
import pg from 'pg'
import { LOCAL_TEST_DATABASE_URL } from './resolveTestPostgres'

/**
 * The URL of the PostgreSQL server tests use: `IDX_TEST_DATABASE_URL` — which the test run sets to
 * the server it found or started ({@link runWithTestPostgres}, or the integration tier's vitest
 * globalSetup) — else the local trust-auth server.
 */
export function testServerUrl(): string {
  return readSettings().env.IDX_TEST_DATABASE_URL ?? LOCAL_TEST_DATABASE_URL
}

/** The PostgreSQL server tests use (see {@link testServerUrl}). */
export function testServer(): Extract<DatabaseServer, { kind: 'postgres' }> {
  const server = resolveDatabaseServer(readSettings({ env: { IDX_DATABASE_URL: testServerUrl() } }))
  if (server.kind !== 'postgres') throw new Error('IDX_TEST_DATABASE_URL must name a PostgreSQL server.')
  return server
}

/** A database that exists only for one test: `drop()` removes it (PostgreSQL database or PGlite directory). */
export type TestDatabase = { target: DatabaseTarget; server: DatabaseServer; drop: () => Promise<void> }

let counter = 0

/**
 * Names a fresh, not-yet-created database for a test, on the run's PostgreSQL server or in a
 * temporary PGlite directory. Nothing is created until the code under test creates it.
 *
 * (It talks to PostgreSQL with `pg` directly rather than through `@idx/database`, so that
 * `@idx/database`'s own tests can use it without a dependency cycle.)
 *
 * @example
 * ```ts
 * const db = testDatabase('postgres', { kind: 'model', model: 'demo' })
 * await migrateModelDb({ target: db.target, shared })
 * // …
 * await db.drop()
 * ```
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
  return {
    target: databaseTarget(server, name, role),
    server,
    drop: async () => {
      const client = new pg.Client({
        host: server.host,
        port: server.port,
        user: server.user,
        password: server.password,
        database: 'postgres',
      })
      await client.connect()
      try {
        await client.query(`drop database if exists "${name}" with (force)`)
      } finally {
        await client.end()
      }
    },
  }
}
