import { type DatabaseTarget, describeTarget } from '@idx/config'
import type { SchemaEngine } from '@prisma/schema-engine-wasm'
import pg from 'pg'
import { bindForEngine, connectTarget, type TargetConnection } from './connection'
import { createDatabase } from './databases'
import { createSchemaEngine, type EngineLog, NO_EXTERNAL_OBJECTS, takeEnginePanic } from './engine'
import { MigrationError, toConnectionError } from './errors'
import { migrationNames, readMigrationsDirectory } from './migrations-dir'
import { pgConfig } from './server'

/** idx's own advisory-lock namespace (distinct from the key Prisma's engine takes). */
const LOCK_NAMESPACE = 0x1d8

export type ApplyMigrationsParameters = {
  target: DatabaseTarget
  /** Absolute path of a Prisma `migrations/` folder. */
  migrationsDir: string
  /** Create the database first when it is missing. Default true. */
  createIfMissing?: boolean | undefined
  /** Receives the engine's log records (one per applied migration, …). */
  onLog?: ((record: EngineLog) => void) | undefined
}

export type ApplyMigrationsReturnType = {
  /** Whether the database itself was created by this call. */
  createdDatabase: boolean
  /** Migrations applied by this call, oldest first (empty when up to date). */
  applied: string[]
  /** All migrations of the folder. */
  known: string[]
}

/**
 * Applies the pending migrations of a Prisma migrations folder with Prisma's
 * WASM schema engine, recording them in Prisma's own `_prisma_migrations`
 * table. Concurrent callers on one database are serialised: each migration is
 * applied once.
 *
 * @example
 * ```ts
 * const { applied } = await applyMigrations({ target, migrationsDir: '/app/prisma/migrations' })
 * ```
 */
export async function applyMigrations(
  parameters: ApplyMigrationsParameters,
): Promise<ApplyMigrationsReturnType> {
  const { target } = parameters
  const list = readMigrationsDirectory(parameters.migrationsDir)
  const createdDatabase =
    parameters.createIfMissing === false ? false : (await createDatabase(target)).created
  return withEngine(target, parameters.onLog, async (engine, connection) => {
    const unlock = await lock(connection)
    try {
      const result = await engine.applyMigrations({ migrationsList: list, filters: NO_EXTERNAL_OBJECTS })
      return { createdDatabase, applied: result.appliedMigrationNames, known: migrationNames(list) }
    } catch (error) {
      throw engineError(error, `Migrating ${describeTarget(target)} failed`)
    } finally {
      await unlock()
    }
  })
}

/**
 * Runs `fn` with a schema engine connected to `target`, and tears both down.
 * Used by every engine command (apply, status, diff).
 */
export async function withEngine<T>(
  target: DatabaseTarget,
  onLog: ((record: EngineLog) => void) | undefined,
  fn: (engine: SchemaEngine, connection: TargetConnection) => Promise<T>,
  datamodels?: [string, string][],
): Promise<T> {
  let connection: TargetConnection
  try {
    connection = await connectTarget(target)
  } catch (error) {
    throw toConnectionError(error, target)
  }
  try {
    const engine = await createSchemaEngine({
      adapterFactory: bindForEngine(connection.adapterFactory),
      datamodels,
      onLog,
    })
    try {
      return await fn(engine, connection)
    } finally {
      engine.free()
    }
  } finally {
    await connection.close()
  }
}

async function lock(connection: TargetConnection): Promise<() => Promise<void>> {
  const { target } = connection
  if (target.kind === 'pglite') return async () => {} // the directory lock already serialises processes
  // A session-level lock, held by a dedicated client for the whole apply.
  const client = new pg.Client(pgConfig(target))
  await client.connect()
  await client.query('select pg_advisory_lock($1, hashtext(current_database()))', [LOCK_NAMESPACE])
  return async () => {
    await client.end().catch(() => {}) // ending the session releases its lock
  }
}

/** Turns an engine failure (a JS Error carrying Prisma's message and code) into a MigrationError. */
export function engineError(error: unknown, what: string): MigrationError {
  const e = error as { message?: string; code?: string }
  const panic = takeEnginePanic()
  const message = (panic ?? e.message ?? String(error)).trim()
  return new MigrationError(`${what}${e.code ? ` (${e.code})` : ''}.`, { details: [message], cause: error })
}
