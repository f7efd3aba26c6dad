import { type DatabaseTarget, describeTarget } from '@idx/config'
import { DatabaseIdentityError, MigrationError } from '../errors'
import { databaseExists } from '../runtime/databases'
import { checkDatabaseIdentity, type ExpectedIdentity, readStateWith } from '../runtime/identity'
import { engineError, withEngine } from './applyMigrations'
import { migrationNames, readMigrationsDirectory } from './migrationsDir'

export type ResolveMigrationParameters = {
  target: DatabaseTarget
  migrationsDir: string
  /** The migration's folder name (`20261125000000_init`). */
  migration: string
  /**
   * `rolled-back`: a failed (or interrupted) migration left nothing behind;
   * the next migrate applies it again. `applied`: its changes are in the
   * database (applied by hand); it is recorded as applied without running it.
   */
  as: 'applied' | 'rolled-back'
  /** Whose the database must be: checked first (a database of another kind is refused). */
  identity?: ExpectedIdentity | undefined
}

/**
 * Records how a failed migration was resolved, the way `prisma migrate
 * resolve` does — through the WASM engine, after checking that the database
 * is the one meant.
 *
 * @example
 * ```ts
 * await resolveMigration({ target, migrationsDir, migration: '20261207000000_x', as: 'rolled-back' })
 * ```
 */
export async function resolveMigration(parameters: ResolveMigrationParameters): Promise<void> {
  const { target, migration } = parameters
  const list = readMigrationsDirectory(parameters.migrationsDir)
  if (!migrationNames(list).includes(migration))
    throw new MigrationError(`There is no migration "${migration}" in this version of idx.`, {
      details: [`Its migrations: ${migrationNames(list).join(', ')}.`],
    })
  if (!(await databaseExists(target)))
    throw new MigrationError(`The database "${target.database}" (${describeTarget(target)}) does not exist.`)
  await withEngine(target, undefined, async (engine, connection) => {
    if (parameters.identity !== undefined) {
      const state = await readStateWith(connection.query, target)
      const verdict = checkDatabaseIdentity(target, state, parameters.identity)
      if (verdict.action === 'create')
        throw new DatabaseIdentityError(`The database "${target.database}" does not exist.`)
    }
    const [row] = await connection
      .query<{ finished: boolean; failed: boolean }>(
        `select bool_or(finished_at is not null) as finished, bool_or(finished_at is null) as failed
           from "_prisma_migrations" where migration_name = $1 and rolled_back_at is null`,
        [migration],
      )
      .catch(() => [undefined])
    if (parameters.as === 'rolled-back' && !row?.failed)
      throw new MigrationError(
        `The migration "${migration}" of ${describeTarget(target)} is not failed: there is nothing to roll back.`,
        { details: [row?.finished ? 'It is applied.' : 'It was never started: idx migrate applies it.'] },
      )
    if (parameters.as === 'applied' && row?.finished && !row.failed)
      throw new MigrationError(
        `The migration "${migration}" of ${describeTarget(target)} is already applied.`,
      )
    try {
      if (parameters.as === 'rolled-back') await engine.markMigrationRolledBack({ migrationName: migration })
      else await engine.markMigrationApplied({ migrationName: migration, migrationsList: list })
    } catch (error) {
      throw engineError(error, `Marking "${migration}" ${parameters.as} in ${describeTarget(target)} failed`)
    }
  })
}
