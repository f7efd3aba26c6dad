import { type DatabaseTarget, describeTarget } from '@idx/config'
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm'
import { MigrationError, MigrationFailedError } from '../errors'
import type { TargetConnection } from '../runtime/connection'

/** What idx did about a migration an earlier run left unfinished. */
export type RecoveredMigration = {
  migration: string
  /**
   * `retried`: its transaction had rolled back (the schema was as before it):
   * it was marked rolled back and applied again. `marked-applied`: its
   * transaction had committed but the process died before recording it:
   * recorded as applied.
   */
  action: 'retried' | 'marked-applied'
}

/**
 * The marker table is left out of the schema comparison: idx writes its
 * identity columns with the first migration, so its shape is idx's, not the
 * migrations'.
 */
const COMPARE_FILTERS = { externalTables: ['public._idx_database'], externalEnums: [] }

/**
 * Finds migrations an earlier run started and never finished. One whose SQL
 * failed (the engine logged its error) is reported as a
 * {@link MigrationFailedError}. One that was interrupted (no error logged:
 * the process died) is checked against the schema: if the database is
 * exactly what the finished migrations produce, its transaction rolled back
 * and it is marked rolled back (the engine then applies it again); if the
 * database is exactly what it produces too, it is marked applied; anything
 * else is reported, never guessed.
 */
export async function recoverUnfinishedMigrations({
  engine,
  connection,
  list,
}: {
  engine: SchemaEngine
  connection: TargetConnection
  list: MigrationList
}): Promise<RecoveredMigration[]> {
  const { target } = connection
  const [table] = await connection.query<{ present: boolean }>(
    `select to_regclass('public._prisma_migrations') is not null as present`,
  )
  if (!table?.present) return []
  const rows = await connection.query<{ migration_name: string; logs: string | null; finished: boolean }>(
    `select migration_name, logs, finished_at is not null as finished from "_prisma_migrations"
      where rolled_back_at is null order by started_at, migration_name`,
  )
  const recovered: RecoveredMigration[] = []
  const finished = new Set(rows.filter((row) => row.finished).map((row) => row.migration_name))
  for (const row of rows) {
    if (row.finished) continue
    const name = row.migration_name
    if (row.logs !== null && row.logs.trim() !== '')
      throw new MigrationFailedError(target, name, row.logs, 'earlier')
    if (!list.migrationDirectories.some((directory) => directory.path === name))
      throw new MigrationError(
        `The migration "${name}" of ${describeTarget(target)} was left unfinished by an earlier run, and this version of idx does not have it.`,
        { details: ['Migrate with the version of idx that has it, which finishes or retries it.'] },
      )
    if (await schemaIs(engine, list, finished)) {
      await engine.markMigrationRolledBack({ migrationName: name })
      recovered.push({ migration: name, action: 'retried' })
    } else if (await schemaIs(engine, list, new Set([...finished, name]))) {
      await engine.markMigrationApplied({ migrationName: name, migrationsList: list })
      finished.add(name)
      recovered.push({ migration: name, action: 'marked-applied' })
    } else
      throw new MigrationError(
        `The migration "${name}" of ${describeTarget(target)} was interrupted, and the database's schema is neither what the migrations before it produce nor what it produces.`,
        {
          details: [
            'Part of it may have been applied outside a transaction. Compare the database with the migration, finish or undo it by hand, then say which:',
            `  idx migrate resolve --applied ${name} ${flag(target)}   or   idx migrate resolve --rolled-back ${name} ${flag(target)}`,
          ],
        },
      )
  }
  return recovered
}

const flag = (target: DatabaseTarget) =>
  target.role.kind === 'shared' ? '--shared' : `--model ${target.role.model}`

/**
 * True when the database's schema is exactly what the named migrations of the
 * folder produce (replayed in a scratch in-memory database, then compared).
 */
async function schemaIs(
  engine: SchemaEngine,
  list: MigrationList,
  names: ReadonlySet<string>,
): Promise<boolean> {
  const migrationDirectories = list.migrationDirectories.filter((directory) => names.has(directory.path))
  const result = await engine.diff({
    from:
      migrationDirectories.length === 0
        ? { tag: 'empty' }
        : ({ tag: 'migrations', ...list, migrationDirectories } as never),
    to: {
      tag: 'schemaDatasource',
      files: [
        {
          path: `${list.baseDir}/_idx_compare.prisma`,
          content: 'datasource db {\n  provider = "postgresql"\n}\n',
        },
      ],
      configDir: list.baseDir,
    } as never,
    script: true,
    exitCode: true,
    filters: COMPARE_FILTERS,
  } as never)
  return (result as { exitCode: number }).exitCode === 0
}
