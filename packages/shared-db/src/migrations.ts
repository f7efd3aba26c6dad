import { fileURLToPath } from 'node:url'
import type { DatabaseTarget } from '@idx/config'
import {
  type ApplyMigrationsReturnType,
  applyMigrations,
  type MigrationStatus,
  migrationStatus,
  readSharedIdentity,
  resolveMigration,
} from '@idx/database'

/** The shared database's committed migrations folder (ships with the package). */
export const sharedMigrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))

/** The shared database's Prisma schema. */
export const sharedSchemaPath = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url))

export type MigrateSharedDbParameters = {
  target: DatabaseTarget
  /**
   * Adopt an empty database idx did not create (`idx db adopt --shared`): it
   * becomes a shared database with a new deployment id.
   */
  adopt?: boolean | undefined
}

/**
 * Creates the shared database if needed and applies its pending migrations.
 * A new shared database gets a deployment id (a random one, written in its
 * first migration's transaction). A database that is not a shared database
 * — a model's, or one idx did not create — is refused before anything is
 * applied; a migration an earlier run left unfinished is recovered.
 *
 * @example
 * ```ts
 * const { applied } = await migrateSharedDb({ target: sharedDatabaseTarget(readSettings()) })
 * ```
 */
export function migrateSharedDb({
  target,
  adopt,
}: MigrateSharedDbParameters): Promise<ApplyMigrationsReturnType> {
  return applyMigrations({ target, migrationsDir: sharedMigrationsDir, identity: { kind: 'shared' }, adopt })
}

/** Applied / pending / failed / interrupted / edited migrations of the shared database. */
export function sharedDbStatus({ target }: { target: DatabaseTarget }): Promise<MigrationStatus> {
  return migrationStatus({ target, migrationsDir: sharedMigrationsDir })
}

/**
 * The deployment a shared database identifies (its id and its name), after
 * checking that it is a migrated shared database.
 *
 * @example
 * ```ts
 * const { deployment } = await sharedDeployment({ target })
 * ```
 */
export function sharedDeployment({
  target,
}: {
  target: DatabaseTarget
}): Promise<{ deployment: string; database: string }> {
  return readSharedIdentity(target)
}

/**
 * Records how a failed migration of the shared database was resolved
 * (`idx migrate resolve --shared`): `rolled-back` (it left nothing; the next
 * migrate applies it again) or `applied` (its changes were made by hand).
 */
export function resolveSharedMigration({
  target,
  migration,
  as,
}: {
  target: DatabaseTarget
  migration: string
  as: 'applied' | 'rolled-back'
}): Promise<void> {
  return resolveMigration({
    target,
    migrationsDir: sharedMigrationsDir,
    migration,
    as,
    identity: { kind: 'shared' },
  })
}
