import type { DatabaseTarget } from '@idx/config'
import { databaseExists } from '../runtime/databases'
import { engineError, withEngine } from './applyMigrations'
import { migrationNames, readMigrationsDirectory } from './migrationsDir'
import { NO_EXTERNAL_OBJECTS } from './schemaEngine'

export type MigrationStatusParameters = {
  target: DatabaseTarget
  migrationsDir: string
}

/** Where a database stands against its migrations folder. */
export type MigrationStatus = {
  /** False when the database does not exist yet (everything is pending). */
  databaseExists: boolean
  hasMigrationsTable: boolean
  /** Applied and finished, oldest first. */
  applied: string[]
  /** In the folder, not applied to the database. */
  pending: string[]
  /** Started, and their SQL failed (resolve them: `idx migrate resolve`). */
  failed: string[]
  /** Started, and never finished: the process died (the next migrate retries or records them). */
  interrupted: string[]
  /** Applied, but the file in the folder changed since (checksum differs). */
  edited: string[]
  /** Applied to the database but missing from the folder (the folder is behind). */
  unknown: string[]
  /** True when nothing is pending, failed, interrupted, edited or unknown. */
  upToDate: boolean
}

/**
 * Compares a database with a migrations folder, through the schema engine's
 * own diagnosis and Prisma's `_prisma_migrations` table.
 */
export async function migrationStatus({
  target,
  migrationsDir,
}: MigrationStatusParameters): Promise<MigrationStatus> {
  const list = readMigrationsDirectory(migrationsDir)
  const known = migrationNames(list)
  if (!(await databaseExists(target)))
    return summarize({
      exists: false,
      table: false,
      applied: [],
      pending: known,
      failed: [],
      interrupted: [],
      edited: [],
      unknown: [],
    })
  return withEngine(target, undefined, async (engine, connection) => {
    let diagnosis: Awaited<ReturnType<typeof engine.diagnoseMigrationHistory>>
    try {
      diagnosis = await engine.diagnoseMigrationHistory({
        migrationsList: list,
        optInToShadowDatabase: false,
        filters: NO_EXTERNAL_OBJECTS,
      })
    } catch (error) {
      throw engineError(error, 'Reading the migration history failed')
    }
    const rows = diagnosis.hasMigrationsTable
      ? await connection.query<{ migration_name: string }>(
          `select migration_name from "_prisma_migrations"
            where finished_at is not null and rolled_back_at is null order by started_at, migration_name`,
        )
      : []
    const applied = [...new Set(rows.map((row) => row.migration_name))]
    const unfinished = diagnosis.hasMigrationsTable
      ? await connection.query<{ migration_name: string }>(
          `select migration_name from "_prisma_migrations"
            where finished_at is null and rolled_back_at is null and (logs is null or btrim(logs) = '')`,
        )
      : []
    const interrupted = unfinished.map((row) => row.migration_name)
    const history = diagnosis.history
    const unknown =
      history === null || history.diagnostic === 'databaseIsBehind' ? [] : history.unpersistedMigrationNames
    return summarize({
      exists: true,
      table: diagnosis.hasMigrationsTable,
      applied,
      pending: known.filter(
        (name) => !applied.includes(name) && !diagnosis.failedMigrationNames.includes(name),
      ),
      failed: diagnosis.failedMigrationNames.filter((name) => !interrupted.includes(name)),
      interrupted: diagnosis.failedMigrationNames.filter((name) => interrupted.includes(name)),
      edited: diagnosis.editedMigrationNames,
      unknown,
    })
  })
}

function summarize(s: {
  exists: boolean
  table: boolean
  applied: string[]
  pending: string[]
  failed: string[]
  interrupted: string[]
  edited: string[]
  unknown: string[]
}): MigrationStatus {
  return {
    databaseExists: s.exists,
    hasMigrationsTable: s.table,
    applied: s.applied,
    pending: s.pending,
    failed: s.failed,
    interrupted: s.interrupted,
    edited: s.edited,
    unknown: s.unknown,
    upToDate:
      s.pending.length + s.failed.length + s.interrupted.length + s.edited.length + s.unknown.length === 0,
  }
}
