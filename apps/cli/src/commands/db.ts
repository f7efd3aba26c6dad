import { randomUUID } from 'node:crypto'
import { BaseError, type DatabaseTarget, describeTarget } from '@idx/config'
import {
  checkDatabaseIdentity,
  createDatabase,
  type DatabaseIdentity,
  dropModelDatabase,
  readDatabaseState,
} from '@idx/database'
import { migrateModelDb } from '@idx/model-db'
import type { CliContext } from '../context'
import type { DatabaseSelection } from '../define/options'
import { describeRecovery, forEachDatabase, label, migrateDatabase } from './migrate'

/** Whose a database is to be: the shared one (a new deployment), or a model's of this deployment. */
async function identityFor(ctx: CliContext, target: DatabaseTarget): Promise<DatabaseIdentity> {
  if (target.role.kind === 'shared') return { kind: 'shared', deployment: randomUUID() }
  const { deployment, database } = await ctx.deployment()
  return { kind: 'model', model: target.role.model, deployment, sharedDatabase: database }
}

/**
 * `idx db create`: create the selected databases (without migrating them),
 * labelled with whose they are. One that exists already must be what it is
 * asked for (a model's of this deployment, or a shared database).
 */
export async function dbCreateCommand(ctx: CliContext, selection: DatabaseSelection): Promise<void> {
  const results = await forEachDatabase(ctx, selection, async (target) => {
    const identity = await identityFor(ctx, target)
    const state = await readDatabaseState(target)
    if (state.exists)
      checkDatabaseIdentity(target, state, identity.kind === 'shared' ? { kind: 'shared' } : identity)
    const { created } = state.exists ? { created: false } : await createDatabase(target, { identity })
    ctx.say(
      `${ctx.color('bold', label(target))} ${target.database}: ${created ? ctx.color('green', 'created') : ctx.color('dim', 'already exists')}  ${ctx.color('dim', describeTarget(target))}`,
    )
    return { database: target.database, role: target.role, location: describeTarget(target), created }
  })
  ctx.json({ databases: results })
}

export class ConfirmationRequiredError extends BaseError {
  override name = 'ConfirmationRequiredError'
}

/**
 * `idx db reset --model NAME --yes`: drop one model's database and migrate it
 * afresh. Only a registered model's own database can be reset: the shared
 * database and databases idx did not create are refused.
 */
export async function dbResetCommand(
  ctx: CliContext,
  options: { model: string; yes?: boolean },
): Promise<void> {
  const target = await ctx.modelTarget(options.model)
  if (!options.yes)
    throw new ConfirmationRequiredError(
      `Resetting model "${options.model}" deletes everything in its database "${target.database}": pass --yes to confirm.`,
    )
  const { deployment } = await ctx.deployment()
  const { dropped } = await dropModelDatabase({ target, shared: ctx.shared, deployment })
  const migrated = await migrateModelDb({ target, shared: ctx.shared })
  ctx.say(
    `${ctx.color('bold', label(target))} ${target.database}: ${dropped ? 'dropped and ' : ''}re-created with ${migrated.applied.length} migration(s)  ${ctx.color('dim', describeTarget(target))}`,
  )
  ctx.json({ database: target.database, model: options.model, dropped, applied: migrated.applied })
}

export class AdoptUsageError extends BaseError {
  override name = 'AdoptUsageError'
}

/**
 * `idx db adopt --shared | --model NAME`: migrate a database idx did not
 * create (it must be empty), or a model database an older idx created without
 * recording its deployment, as this deployment's.
 */
export async function dbAdoptCommand(
  ctx: CliContext,
  options: { shared?: boolean; model?: string },
): Promise<void> {
  if (Boolean(options.shared) === (options.model !== undefined))
    throw new AdoptUsageError('Say which database to adopt: --shared or --model NAME (one of them).')
  const target = options.shared ? ctx.shared : await ctx.modelTarget(options.model!)
  const state = await readDatabaseState(target)
  if (!state.exists)
    throw new AdoptUsageError(
      `The database "${target.database}" (${describeTarget(target)}) does not exist: there is nothing to adopt.`,
      { details: [`idx migrate ${options.shared ? '--shared' : `--model ${options.model}`} creates it.`] },
    )
  const result = await migrateDatabase(ctx, target, { adopt: true })
  for (const recovered of result.recovered)
    ctx.say(
      `${ctx.color('bold', label(target))} ${target.database}: ${ctx.color('yellow', describeRecovery(recovered))}.`,
    )
  const owner = result.marker?.deployment ? ` (deployment ${result.marker.deployment.slice(0, 8)})` : ''
  ctx.say(
    result.adopted
      ? `${ctx.color('bold', label(target))} ${target.database}: ${ctx.color('green', 'adopted')}${owner}${result.applied.length > 0 ? `, applied ${result.applied.length} migration(s)` : ''}  ${ctx.color('dim', describeTarget(target))}`
      : `${ctx.color('bold', label(target))} ${target.database}: already this deployment's${owner}; nothing to adopt${result.applied.length > 0 ? ` (applied ${result.applied.length} migration(s))` : ''}  ${ctx.color('dim', describeTarget(target))}`,
  )
  ctx.json({
    database: target.database,
    role: target.role,
    location: describeTarget(target),
    adopted: result.adopted,
    deployment: result.marker?.deployment ?? null,
    applied: result.applied,
    recovered: result.recovered,
  })
}
