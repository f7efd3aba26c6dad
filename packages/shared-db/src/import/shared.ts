import type { LoadedConfig, SharedConfig } from '@idx/config'
import type { SharedDb } from '../client'
import { hasChanges, type ImportKind, type ImportPlan, summarize } from './plan'
import { applyShared } from './shared/applyShared'
import { bumpAffectedModels } from './shared/bumpAffectedModels'
import { planShared } from './shared/planShared'
import { inImportTransaction } from './transaction'

export type ImportConfigOptions = {
  /** Compute the plan and write nothing (the transaction is read-only). */
  dryRun?: boolean | undefined
}

const SHARED_KINDS: ImportKind[] = ['chain', 'token', 'contract', 'labelled_address', 'source', 'price_feed']

/**
 * Imports a shared file into the shared database, in one transaction: every
 * chain, token, contract, labelled address, source and price feed of the file
 * is created or updated to match it (all of it lands, or none of it does).
 * Rows the file no longer lists are kept — models may still use them — and
 * reported as `not_in_file`. Importing the same file again changes nothing.
 *
 * Before writing, the file is checked against what models already hold: a
 * contract a model prices must stay a pool whose quote token fits the model's
 * method. Those problems are thrown as a `ConfigValidationError` on the file.
 *
 * @returns The plan: per kind, what was (or with `dryRun`, would be) created,
 * updated, left unchanged, or found only in the database.
 *
 * @example
 * ```ts
 * const shared = await loadSharedConfig('prisma/shared_v1_0.yaml')
 * const plan = await importSharedConfig(db, shared, { dryRun: true })
 * plan.summary // [{ kind: 'chain', created: 1, … }, { kind: 'token', created: 4, … }, …]
 * ```
 */
export async function importSharedConfig(
  db: SharedDb,
  loaded: LoadedConfig<SharedConfig>,
  options: ImportConfigOptions = {},
): Promise<ImportPlan> {
  const dryRun = options.dryRun ?? false
  return inImportTransaction(db, { file: loaded.file, dryRun }, async (tx) => {
    const work = await planShared(tx, loaded, db.target.database)
    const entries = work.kinds.flatMap((kind) => kind.entries)
    const plan: ImportPlan = {
      scope: 'shared',
      file: loaded.file,
      database: db.target.database,
      dryRun,
      applied: false,
      changes: hasChanges(entries),
      summary: summarize(SHARED_KINDS, entries),
      entries,
    }
    if (!plan.changes) return { ...plan, generations: [] }
    if (dryRun) return plan
    await applyShared(tx, loaded.config, work)
    return { ...plan, applied: true, generations: await bumpAffectedModels(tx, work) }
  })
}
