import { randomUUID } from 'node:crypto'
import { BaseError, type DatabaseTarget, describeTarget } from '@idx/config'
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm'
import pg from 'pg'
import { MigrationError, MigrationFailedError, toConnectionError } from '../errors'
import { bindForEngine, connectTarget, type TargetConnection } from '../runtime/connection'
import { createDatabase } from '../runtime/databases'
import {
  checkDatabaseIdentity,
  type DatabaseIdentity,
  type DatabaseMarker,
  type ExpectedIdentity,
  readStateWith,
} from '../runtime/identity'
import { pgConfig, quoteLiteral } from '../runtime/server'
import { migrationNames, readMigrationsDirectory } from './migrationsDir'
import { type RecoveredMigration, recoverUnfinishedMigrations } from './recoverMigrations'
import { createSchemaEngine, type EngineLog, NO_EXTERNAL_OBJECTS, takeEnginePanic } from './schemaEngine'

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
  /**
   * Whose the database must be (idx's own databases: see `@idx/shared-db` and
   * `@idx/model-db`). Checked before anything is applied, under the migration
   * lock; a database idx creates is labelled with it, and its first migration
   * writes it into the `_idx_database` marker in the same transaction.
   */
  identity?: ExpectedIdentity | undefined
  /**
   * Accept an empty database idx did not create, or a model database whose
   * marker predates deployments, and record the identity in it (`idx db adopt`).
   */
  adopt?: boolean | undefined
}

export type ApplyMigrationsReturnType = {
  /** Whether the database itself was created by this call. */
  createdDatabase: boolean
  /** Migrations applied by this call, oldest first (empty when up to date). */
  applied: string[]
  /** All migrations of the folder. */
  known: string[]
  /** Migrations an earlier run left unfinished (it was killed), and what this call did about each. */
  recovered: RecoveredMigration[]
  /** The database's idx marker after this call (when an identity was expected). */
  marker?: DatabaseMarker | undefined
  /** True when this call adopted the database (`adopt`: it had no identity, or an incomplete one). */
  adopted: boolean
}

/**
 * Applies the pending migrations of a Prisma migrations folder with Prisma's
 * WASM schema engine, recording them in Prisma's own `_prisma_migrations`
 * table. Concurrent callers on one database are serialised: each migration is
 * applied once.
 *
 * A migration an earlier run left unfinished is recovered first: when the
 * database's schema is still what the migrations before it produce (its
 * transaction rolled back: the process died), it is applied again; when it is
 * what the migration produces (the process died after its transaction
 * committed), it is recorded as applied. A migration whose SQL failed is not
 * retried: a {@link MigrationFailedError} gives its error and the way out
 * (`idx migrate resolve`).
 *
 * @example
 * ```ts
 * const { applied, recovered } = await applyMigrations({ target, migrationsDir: '/app/prisma/migrations' })
 * ```
 */
export async function applyMigrations(
  parameters: ApplyMigrationsParameters,
): Promise<ApplyMigrationsReturnType> {
  const { target, identity } = parameters
  const list = readMigrationsDirectory(parameters.migrationsDir)
  const createdDatabase =
    parameters.createIfMissing === false
      ? false
      : (await createDatabase(target, { identity: identity && labelOf(identity) })).created
  let script: { match: string; append: string } | undefined
  return withEngine(
    target,
    parameters.onLog,
    async (engine, connection) => {
      const unlock = await lock(connection)
      try {
        let legacy: DatabaseMarker | undefined
        let adopted = false
        if (identity !== undefined) {
          const state = await readStateWith(connection.query, target)
          const verdict = checkDatabaseIdentity(target, state, identity, { adopt: parameters.adopt })
          adopted =
            verdict.action === 'legacy' || (verdict.action === 'fresh' && state.exists && !state.label)
          if (verdict.action === 'fresh') {
            const first = list.migrationDirectories[0]?.migrationFile.content
            if (first?.tag === 'ok')
              script = {
                match: first.value,
                append: markerSql(
                  identity,
                  verdict.deployment ??
                    identity.deployment ??
                    (identity.kind === 'shared' ? randomUUID() : undefined),
                ),
              }
          } else if (verdict.action === 'legacy') legacy = verdict.marker
          else if (verdict.action === 'create')
            throw new MigrationError(`The database "${target.database}" does not exist.`, {
              details: ['Create it first (idx migrate creates it), or let applyMigrations create it.'],
            })
        }
        const recovered = await recoverUnfinishedMigrations({ engine, connection, list })
        let applied: string[]
        try {
          applied = (await engine.applyMigrations({ migrationsList: list, filters: NO_EXTERNAL_OBJECTS }))
            .appliedMigrationNames
        } catch (error) {
          throw (
            (await failedMigration(connection, target)) ??
            engineError(error, `Migrating ${describeTarget(target)} failed`)
          )
        }
        if (legacy !== undefined) await completeMarker(connection, target, identity!)
        let marker: DatabaseMarker | undefined
        if (identity !== undefined) {
          const state = await readStateWith(connection.query, target)
          marker = state.exists ? state.marker : undefined
          if (marker === undefined)
            throw new MigrationError(
              `The migrations of ${describeTarget(target)} left no idx marker (_idx_database): they are not idx's.`,
            )
        }
        return {
          createdDatabase,
          applied,
          known: migrationNames(list),
          recovered,
          marker,
          adopted,
        }
      } finally {
        await unlock()
      }
    },
    undefined,
    (text) => (script !== undefined && text === script.match ? `${text}\n${script.append}` : text),
  )
}

/** The label a database idx creates carries (a new shared database gets a new deployment id). */
function labelOf(identity: ExpectedIdentity): DatabaseIdentity {
  if (identity.kind === 'shared') return { kind: 'shared', deployment: identity.deployment ?? randomUUID() }
  return identity
}

/**
 * The statements that write a database's identity into its marker, run in
 * the first migration's transaction (appended to its script). The marker
 * table's deployment columns are added here for databases migrated this way;
 * a later migration adds them (if not there) for the others.
 */
function markerSql(identity: ExpectedIdentity, deployment: string | undefined): string {
  const value = (text: string | undefined) => (text === undefined ? 'NULL' : quoteLiteral(text))
  if (identity.kind === 'shared')
    return [
      '-- idx: the deployment this shared database identifies',
      'ALTER TABLE "_idx_database" ADD COLUMN IF NOT EXISTS "deployment" TEXT;',
      `UPDATE "_idx_database" SET "deployment" = ${value(deployment)} WHERE "kind" = 'shared';`,
    ].join('\n')
  return [
    '-- idx: the model and the deployment this database belongs to',
    'ALTER TABLE "_idx_database" ADD COLUMN IF NOT EXISTS "deployment" TEXT, ADD COLUMN IF NOT EXISTS "shared_database" TEXT;',
    `UPDATE "_idx_database" SET "model" = ${value(identity.model)}, "deployment" = ${value(identity.deployment ?? deployment)}, "shared_database" = ${value(identity.sharedDatabase)} WHERE "kind" = 'model';`,
  ].join('\n')
}

/** Writes the identity into the marker of an adopted database whose marker predates deployments. */
async function completeMarker(
  connection: TargetConnection,
  target: DatabaseTarget,
  identity: ExpectedIdentity,
): Promise<void> {
  if (identity.kind !== 'model')
    throw new MigrationError(
      `Only a model database records a model and a deployment: ${describeTarget(target)}.`,
    )
  if (identity.deployment === undefined) {
    // A caller that does not deal in deployments: the model alone is recorded.
    await connection.query(`update "_idx_database" set model = $1 where kind = 'model' and model is null`, [
      identity.model,
    ])
    return
  }
  await connection.query(
    `update "_idx_database" set model = $1, deployment = $2, shared_database = $3 where kind = 'model'`,
    [identity.model, identity.deployment, identity.sharedDatabase ?? null],
  )
}

/**
 * Runs `fn` with a schema engine connected to `target`, and tears both down.
 * Used by every engine command (apply, status, diff). `transformScript`
 * rewrites each migration script the engine runs on the database.
 */
export async function withEngine<T>(
  target: DatabaseTarget,
  onLog: ((record: EngineLog) => void) | undefined,
  fn: (engine: SchemaEngine, connection: TargetConnection) => Promise<T>,
  datamodels?: [string, string][],
  transformScript?: (script: string) => string,
): Promise<T> {
  let connection: TargetConnection
  try {
    connection = await connectTarget(target)
  } catch (error) {
    throw toConnectionError(error, target)
  }
  try {
    const factory = connection.adapterFactory
    const adapterFactory: SqlMigrationAwareDriverAdapterFactory =
      transformScript === undefined
        ? factory
        : {
            provider: factory.provider,
            adapterName: factory.adapterName,
            connect: async () => withScriptTransform(await factory.connect(), transformScript),
            connectToShadowDb: () => factory.connectToShadowDb(),
          }
    const engine = await createSchemaEngine({
      adapterFactory: bindForEngine(adapterFactory),
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

function withScriptTransform(adapter: SqlDriverAdapter, transform: (script: string) => string) {
  const executeScript = adapter.executeScript.bind(adapter)
  adapter.executeScript = (script: string) => executeScript(transform(script))
  return adapter
}

async function lock(connection: TargetConnection): Promise<() => Promise<void>> {
  const { target } = connection
  if (target.kind === 'pglite') return async () => {} // the directory lock already serialises processes
  // A session-level lock, held by a dedicated client for the whole apply.
  const client = new pg.Client(pgConfig(target))
  await client.connect()
  await client.query('select pg_advisory_lock($1, hashtext(current_database()))', [LOCK_NAMESPACE])
  return async () => {
    await client.end().catch(() => {})
  }
}

/** The migration this apply left failed, as a {@link MigrationFailedError} (undefined when none did). */
async function failedMigration(
  connection: TargetConnection,
  target: DatabaseTarget,
): Promise<MigrationFailedError | undefined> {
  const rows = await connection
    .query<{ migration_name: string; logs: string | null }>(
      `select migration_name, logs from "_prisma_migrations"
        where finished_at is null and rolled_back_at is null and logs is not null order by started_at desc limit 1`,
    )
    .catch(() => [])
  const row = rows[0]
  return row === undefined
    ? undefined
    : new MigrationFailedError(target, row.migration_name, row.logs ?? '', 'now')
}

/** Turns an engine failure (a JS Error carrying Prisma's message and code) into a MigrationError. */
export function engineError(error: unknown, what: string): MigrationError {
  if (error instanceof BaseError) return error as MigrationError
  const e = error as { message?: string; code?: string }
  const panic = takeEnginePanic()
  const message = (panic ?? e.message ?? String(error)).trim()
  return new MigrationError(`${what}${e.code ? ` (${e.code})` : ''}.`, { details: [message], cause: error })
}

export type { MigrationList }
