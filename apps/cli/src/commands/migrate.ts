import { type DatabaseTarget, describeTarget } from '@idx/config'
import { migrateModelDb, modelDbStatus } from '@idx/model-db'
import { migrateSharedDb, sharedDbStatus } from '@idx/shared-db'
import type { CliContext } from '../context'

export type DatabaseSelection = { shared?: boolean; model?: string[]; all?: boolean }

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

/** `idx migrate`: create the databases if needed and apply pending migrations. */
export async function migrateCommand(ctx: CliContext, selection: DatabaseSelection): Promise<void> {
  const results = await forEachDatabase(ctx, selection, async (target) => {
    const result =
      target.role.kind === 'shared' ? await migrateSharedDb({ target }) : await migrateModelDb({ target })
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

/** `idx migrate status`: applied / pending / failed / edited migrations per database. Exit 1 unless all are up to date. */
export async function migrateStatusCommand(ctx: CliContext, selection: DatabaseSelection): Promise<number> {
  const rows = await forEachDatabase(ctx, selection, async (target) => {
    const status =
      target.role.kind === 'shared' ? await sharedDbStatus({ target }) : await modelDbStatus({ target })
    ctx.say(
      `${ctx.color('bold', label(target))} ${target.database}  ${ctx.color('dim', describeTarget(target))}`,
    )
    if (!status.databaseExists) ctx.say(`  ${ctx.color('yellow', 'does not exist yet')}`)
    ctx.say(
      `  applied: ${status.applied.length}${status.applied.length > 0 ? ` (latest ${status.applied.at(-1)})` : ''}`,
    )
    const lines: [string, string[], 'yellow' | 'red'][] = [
      ['pending', status.pending, 'yellow'],
      ['failed', status.failed, 'red'],
      ['edited after applying', status.edited, 'red'],
      ['applied but missing from this version', status.unknown, 'red'],
    ]
    for (const [name, list, style] of lines)
      if (list.length > 0) ctx.say(`  ${ctx.color(style, `${name}: ${list.join(', ')}`)}`)
    if (status.upToDate) ctx.say(`  ${ctx.color('green', 'up to date')}`)
    return { database: target.database, role: target.role, location: describeTarget(target), ...status }
  })
  ctx.json({ databases: rows })
  return rows.every((row) => row.upToDate) ? 0 : 1
}
