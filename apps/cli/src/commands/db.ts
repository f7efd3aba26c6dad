import { BaseError, describeTarget } from '@idx/config'
import { createDatabase, dropModelDatabase } from '@idx/migrator'
import { migrateModelDb } from '@idx/model-db'
import type { CliContext } from '../context'
import { type DatabaseSelection, forEachDatabase, label } from './migrate'

/** `idx db create`: create the selected databases (without migrating them). */
export async function dbCreateCommand(ctx: CliContext, selection: DatabaseSelection): Promise<void> {
  const results = await forEachDatabase(ctx, selection, async (target) => {
    const { created } = await createDatabase(target)
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
  const { dropped } = await dropModelDatabase({ target, shared: ctx.shared })
  const migrated = await migrateModelDb({ target })
  ctx.say(
    `${ctx.color('bold', label(target))} ${target.database}: ${dropped ? 'dropped and ' : ''}re-created with ${migrated.applied.length} migration(s)  ${ctx.color('dim', describeTarget(target))}`,
  )
  ctx.json({ database: target.database, model: options.model, dropped, applied: migrated.applied })
}
