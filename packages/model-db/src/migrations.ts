import { fileURLToPath } from 'node:url'
import type { DatabaseTarget } from '@idx/config'
import {
  type ApplyMigrationsReturnType,
  applyMigrations,
  connectTarget,
  MigrationError,
  type MigrationStatus,
  migrationStatus,
  readDatabaseMarker,
} from '@idx/migrator'

/** The model database's committed migrations folder (ships with the package). */
export const modelMigrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url))

/** The model database's Prisma schema. */
export const modelSchemaPath = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url))

function modelName(target: DatabaseTarget): string {
  if (target.role.kind !== 'model')
    throw new MigrationError(`The database "${target.database}" is not a model database target.`)
  return target.role.model
}

/**
 * Creates a model database if needed, applies its pending migrations and
 * records which model it belongs to. A database that belongs to another model
 * (or is not an idx model database) is refused before anything is applied.
 *
 * @example
 * ```ts
 * const target = modelDatabaseTarget(readSettings(), { name: 'blub_test', database: 'idx_model_blub_test' })
 * await migrateModelDb({ target })
 * ```
 */
export async function migrateModelDb({
  target,
}: {
  target: DatabaseTarget
}): Promise<ApplyMigrationsReturnType> {
  const model = modelName(target)
  const before = await readDatabaseMarker(target)
  if (before !== undefined && (before.kind !== 'model' || (before.model !== null && before.model !== model)))
    throw new MigrationError(
      `The database "${target.database}" belongs to ${before.kind === 'shared' ? 'the shared database' : `model "${before.model}"`}, not to model "${model}".`,
      { details: ['Give this model its own `database` in its configuration file.'] },
    )
  const result = await applyMigrations({ target, migrationsDir: modelMigrationsDir })
  const connection = await connectTarget(target)
  try {
    await connection.query(`update "_idx_database" set model = $1 where kind = 'model' and model is null`, [
      model,
    ])
  } finally {
    await connection.close()
  }
  return result
}

/** Applied / pending / failed / edited migrations of a model database. */
export function modelDbStatus({ target }: { target: DatabaseTarget }): Promise<MigrationStatus> {
  return migrationStatus({ target, migrationsDir: modelMigrationsDir })
}
