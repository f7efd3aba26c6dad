import { fileURLToPath } from 'node:url'
import type { DatabaseTarget } from '@idx/config'
import {
  type ApplyMigrationsReturnType,
  applyMigrations,
  type MigrationStatus,
  migrationStatus,
} from '@idx/migrator'

/** The shared database's committed migrations folder (ships with the package). */
export const sharedMigrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))

/** The shared database's Prisma schema. */
export const sharedSchemaPath = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url))

/**
 * Creates the shared database if needed and applies its pending migrations.
 *
 * @example
 * ```ts
 * const { applied } = await migrateSharedDb({ target: sharedDatabaseTarget(readSettings()) })
 * ```
 */
export function migrateSharedDb({ target }: { target: DatabaseTarget }): Promise<ApplyMigrationsReturnType> {
  return applyMigrations({ target, migrationsDir: sharedMigrationsDir })
}

/** Applied / pending / failed / edited migrations of the shared database. */
export function sharedDbStatus({ target }: { target: DatabaseTarget }): Promise<MigrationStatus> {
  return migrationStatus({ target, migrationsDir: sharedMigrationsDir })
}
