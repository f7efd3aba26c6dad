import { type DatabaseTarget, describeTarget } from '@idx/config'
import type { ImportPlan } from '@idx/shared-db'

/** What an import changed, per action. */
export type ImportCounts = { created: number; updated: number; unchanged: number; removed: number }

/** The progress line of a migration step. */
export function describeMigrations(kind: string, target: DatabaseTarget, applied: readonly string[]): string {
  return applied.length === 0
    ? `The ${kind} database is up to date (${describeTarget(target)}).`
    : `Migrated the ${kind} database (${describeTarget(target)}): ${applied.join(', ')}.`
}

/** The rows an import created, updated, left unchanged and removed, over every kind of row. */
export function importCounts(plan: ImportPlan): ImportCounts {
  return plan.summary.reduce(
    (counts, kind) => ({
      created: counts.created + kind.created,
      updated: counts.updated + kind.updated,
      unchanged: counts.unchanged + kind.unchanged,
      removed: counts.removed + kind.removed,
    }),
    { created: 0, updated: 0, unchanged: 0, removed: 0 },
  )
}

/** The progress line of an import. */
export function describeImport(plan: ImportPlan, model: string): string {
  const counts = importCounts(plan)
  const what = plan.scope === 'shared' ? 'shared configuration' : `model "${plan.model ?? model}"`
  if (!plan.changes) return `Imported the ${what}: all ${counts.unchanged} rows unchanged.`
  const parts = [
    counts.created > 0 ? `${counts.created} created` : undefined,
    counts.updated > 0 ? `${counts.updated} updated` : undefined,
    counts.removed > 0 ? `${counts.removed} removed` : undefined,
    counts.unchanged > 0 ? `${counts.unchanged} unchanged` : undefined,
  ].filter((part) => part !== undefined)
  return `Imported the ${what}: ${parts.join(', ')} rows.`
}
