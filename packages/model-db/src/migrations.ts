import { fileURLToPath } from 'node:url'
import type { DatabaseTarget } from '@idx/config'
import {
  type ApplyMigrationsReturnType,
  applyMigrations,
  assertDatabaseIdentity,
  type DatabaseMarker,
  type ExpectedIdentity,
  MigrationError,
  type MigrationStatus,
  migrationStatus,
  readSharedIdentity,
  resolveMigration,
} from '@idx/database'

/** The model database's committed migrations folder (ships with the package). */
export const modelMigrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))

/** The model database's Prisma schema. */
export const modelSchemaPath = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url))

function modelName(target: DatabaseTarget): string {
  if (target.role.kind !== 'model')
    throw new MigrationError(`The database "${target.database}" is not a model database target.`)
  return target.role.model
}

/** Whose a model database must be: its model, and the deployment of `shared` when given. */
async function expectedIdentity(
  target: DatabaseTarget,
  shared: DatabaseTarget | undefined,
): Promise<ExpectedIdentity> {
  const model = modelName(target)
  if (shared === undefined) return { kind: 'model', model }
  const { deployment, database } = await readSharedIdentity(shared)
  return { kind: 'model', model, deployment, sharedDatabase: database }
}

export type MigrateModelDbParameters = {
  target: DatabaseTarget
  /**
   * The deployment's shared database. The model database is created (and
   * marked) as belonging to it, and a database of another deployment is
   * refused. Without it the database records no deployment, and idx's
   * commands refuse it until it is adopted (`idx db adopt --model NAME`).
   */
  shared?: DatabaseTarget | undefined
  /**
   * Adopt the database (`idx db adopt`): an empty one idx did not create, or
   * one whose marker predates deployments, is marked as this model's, of
   * `shared`'s deployment.
   */
  adopt?: boolean | undefined
}

/**
 * Creates a model database if needed and applies its pending migrations; its
 * model and deployment are written into its marker in the first migration's
 * transaction. A database that belongs to another model or deployment, a
 * shared database, or a database idx did not create is refused before
 * anything is applied; a migration an earlier run left unfinished is
 * recovered.
 *
 * @example
 * ```ts
 * const target = modelDatabaseTarget(readSettings(), { name: 'blub_test', database: 'idx_model_blub_test' })
 * await migrateModelDb({ target, shared: sharedDatabaseTarget(readSettings()) })
 * ```
 */
export async function migrateModelDb({
  target,
  shared,
  adopt,
}: MigrateModelDbParameters): Promise<ApplyMigrationsReturnType> {
  return applyMigrations({
    target,
    migrationsDir: modelMigrationsDir,
    identity: await expectedIdentity(target, shared),
    adopt,
  })
}

/**
 * Refuses to go on unless `target` is this model's migrated database, of the
 * deployment of `shared` (for commands that write to it: processing, pricing).
 */
export async function assertModelDatabase({
  target,
  shared,
}: {
  target: DatabaseTarget
  shared: DatabaseTarget
}): Promise<DatabaseMarker> {
  return assertDatabaseIdentity(target, await expectedIdentity(target, shared))
}

/** Applied / pending / failed / interrupted / edited migrations of a model database. */
export function modelDbStatus({ target }: { target: DatabaseTarget }): Promise<MigrationStatus> {
  return migrationStatus({ target, migrationsDir: modelMigrationsDir })
}

/**
 * Records how a failed migration of a model database was resolved
 * (`idx migrate resolve --model NAME`), after checking the database is this
 * model's, of the deployment of `shared`.
 */
export async function resolveModelMigration({
  target,
  shared,
  migration,
  as,
}: {
  target: DatabaseTarget
  shared?: DatabaseTarget | undefined
  migration: string
  as: 'applied' | 'rolled-back'
}): Promise<void> {
  await resolveMigration({
    target,
    migrationsDir: modelMigrationsDir,
    migration,
    as,
    identity: await expectedIdentity(target, shared),
  })
}
