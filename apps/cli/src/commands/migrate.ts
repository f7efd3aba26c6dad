import { BaseError, type DatabaseTarget, describeTarget } from '@idx/config'
import {
  type ApplyMigrationsReturnType,
  checkDatabaseIdentity,
  DatabaseIdentityError,
  type ExpectedIdentity,
  type RecoveredMigration,
  readDatabaseState,
} from '@idx/database'
import { migrateModelDb, modelDbStatus, resolveModelMigration } from '@idx/model-db'
import { migrateSharedDb, resolveSharedMigration, sharedDbStatus } from '@idx/shared-db'
import type { CliContext } from '../context'
import type { MigrateResolveOptions } from '../define/migrate'
import type { DatabaseSelection } from '../define/options'

/**
 * Which databases a command acts on. No flag means all of them: the shared
 * database and every registered model's. Model databases are listed lazily,
 * after the shared database has been dealt with (the registry lives there).
 */
export function selectDatabases(
  ctx: CliContext,
  selection: DatabaseSelection,
): { shared: boolean; models: () => Promise<DatabaseTarget[]> } {
  const names = selection.model ?? []
  const everything = Boolean(selection.all) || (!selection.shared && names.length === 0)
  return {
    shared: everything || Boolean(selection.shared),
    models: async () => {
      if (everything) return ctx.allModelTargets()
      const targets: DatabaseTarget[] = []
      for (const name of names) targets.push(await ctx.modelTarget(name))
      return targets
    },
  }
}

/** Runs `fn` on the selected databases, the shared one first. */
export async function forEachDatabase<T>(
  ctx: CliContext,
  selection: DatabaseSelection,
  fn: (target: DatabaseTarget) => Promise<T>,
): Promise<T[]> {
  const selected = selectDatabases(ctx, selection)
  const results: T[] = []
  if (selected.shared) results.push(await fn(ctx.shared))
  for (const target of await selected.models()) results.push(await fn(target))
  return results
}

export function label(target: DatabaseTarget): string {
  return target.role.kind === 'shared' ? 'shared' : `model ${target.role.model}`
}

/** Migrates one database the way every command does: the shared one, or a model's of this deployment. */
export function migrateDatabase(
  ctx: CliContext,
  target: DatabaseTarget,
  options: { adopt?: boolean } = {},
): Promise<ApplyMigrationsReturnType> {
  return target.role.kind === 'shared'
    ? migrateSharedDb({ target, adopt: options.adopt })
    : migrateModelDb({ target, shared: ctx.shared, adopt: options.adopt })
}

/** The sentence for a migration an earlier run left unfinished, and what was done about it. */
export function describeRecovery(recovered: RecoveredMigration): string {
  return recovered.action === 'retried'
    ? `the migration ${recovered.migration} was interrupted by an earlier run (its transaction rolled back: nothing of it stayed); applied it again`
    : `the migration ${recovered.migration} had committed when an earlier run was stopped, before it was recorded; recorded it as applied`
}

/** `idx migrate`: create the databases if needed and apply pending migrations. */
export async function migrateCommand(ctx: CliContext, selection: DatabaseSelection): Promise<void> {
  const results = await forEachDatabase(ctx, selection, async (target) => {
    const result = await migrateDatabase(ctx, target)
    for (const recovered of result.recovered)
      ctx.say(
        `${ctx.color('bold', label(target))} ${target.database}: ${ctx.color('yellow', describeRecovery(recovered))}.`,
      )
    const what =
      result.applied.length === 0
        ? ctx.color('dim', 'up to date')
        : ctx.color('green', `applied ${result.applied.length} migration(s): ${result.applied.join(', ')}`)
    ctx.say(
      `${ctx.color('bold', label(target))} ${target.database}${result.createdDatabase ? ' (created)' : ''}: ${what}  ${ctx.color('dim', describeTarget(target))}`,
    )
    return { database: target.database, role: target.role, location: describeTarget(target), ...result }
  })
  ctx.json({ databases: results })
}

/** What a database should be, as far as a read-only command can tell (no deployment needed). */
async function expectedFor(ctx: CliContext, target: DatabaseTarget): Promise<ExpectedIdentity> {
  if (target.role.kind === 'shared') return { kind: 'shared' }
  const owner = await ctx.deployment().catch(() => undefined)
  return {
    kind: 'model',
    model: target.role.model,
    deployment: owner?.deployment,
    sharedDatabase: owner?.database,
  }
}

/** `idx migrate status`: applied / pending / failed / edited migrations per database. Exit 1 unless all are up to date. */
export async function migrateStatusCommand(ctx: CliContext, selection: DatabaseSelection): Promise<number> {
  const rows = await forEachDatabase(ctx, selection, async (target) => {
    ctx.say(
      `${ctx.color('bold', label(target))} ${target.database}  ${ctx.color('dim', describeTarget(target))}`,
    )
    // A database of another kind, model or deployment is named as such: its history is not this one's.
    let identityProblem: string | undefined
    try {
      checkDatabaseIdentity(target, await readDatabaseState(target), await expectedFor(ctx, target), {
        adopt: true,
      })
    } catch (error) {
      if (!(error instanceof DatabaseIdentityError)) throw error
      identityProblem = error.shortMessage
    }
    if (identityProblem !== undefined) {
      ctx.say(`  ${ctx.color('red', identityProblem)}`)
      return {
        database: target.database,
        role: target.role,
        location: describeTarget(target),
        identityProblem,
        upToDate: false,
      }
    }
    const status =
      target.role.kind === 'shared' ? await sharedDbStatus({ target }) : await modelDbStatus({ target })
    if (!status.databaseExists) ctx.say(`  ${ctx.color('yellow', 'does not exist yet')}`)
    ctx.say(
      `  applied: ${status.applied.length}${status.applied.length > 0 ? ` (latest ${status.applied.at(-1)})` : ''}`,
    )
    const lines: [string, string[], 'yellow' | 'red'][] = [
      ['pending', status.pending, 'yellow'],
      ['interrupted (idx migrate applies it again)', status.interrupted, 'yellow'],
      ['failed', status.failed, 'red'],
      ['edited after applying', status.edited, 'red'],
      ['applied but missing from this version', status.unknown, 'red'],
    ]
    for (const [name, list, style] of lines)
      if (list.length > 0) ctx.say(`  ${ctx.color(style, `${name}: ${list.join(', ')}`)}`)
    const which = target.role.kind === 'shared' ? '--shared' : `--model ${target.role.model}`
    for (const name of status.failed)
      ctx.say(
        `    see the error: idx migrate ${which}; resolve it: idx migrate resolve --rolled-back ${name} ${which}`,
      )
    if (status.upToDate) ctx.say(`  ${ctx.color('green', 'up to date')}`)
    return { database: target.database, role: target.role, location: describeTarget(target), ...status }
  })
  ctx.json({ databases: rows })
  return rows.every((row) => row.upToDate) ? 0 : 1
}

export class ResolveUsageError extends BaseError {
  override name = 'ResolveUsageError'
}

/** `idx migrate resolve`'s options, with one model (the last `--model` given). */
export type ResolveOptions = Omit<MigrateResolveOptions, 'model'> & { model?: string | undefined }

/**
 * `idx migrate resolve --rolled-back NAME | --applied NAME (--shared | --model NAME)`:
 * records how a failed migration was resolved, after checking the database
 * is the one meant.
 */
export async function migrateResolveCommand(ctx: CliContext, options: ResolveOptions): Promise<void> {
  if ((options.applied === undefined) === (options.rolledBack === undefined))
    throw new ResolveUsageError(
      'Say how the migration was resolved: --rolled-back NAME or --applied NAME (one of them).',
    )
  if (Boolean(options.shared) === (options.model !== undefined))
    throw new ResolveUsageError('Say which database: --shared or --model NAME (one of them).')
  const migration = (options.applied ?? options.rolledBack)!
  const as = options.applied !== undefined ? 'applied' : 'rolled-back'
  const target = options.shared ? ctx.shared : await ctx.modelTarget(options.model!)
  if (target.role.kind === 'shared') await resolveSharedMigration({ target, migration, as })
  else await resolveModelMigration({ target, shared: ctx.shared, migration, as })
  const which = target.role.kind === 'shared' ? '--shared' : `--model ${target.role.model}`
  ctx.say(
    `${ctx.color('bold', label(target))} ${target.database}: marked ${migration} ${as === 'applied' ? 'applied' : 'rolled back'}. ${as === 'applied' ? 'Run' : 'Apply it again with'} idx migrate ${which}${as === 'applied' ? ' for the migrations after it' : ''}.`,
  )
  ctx.json({ database: target.database, role: target.role, migration, resolved: as })
}
