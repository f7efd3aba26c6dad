import type { ImportTransaction } from '../transaction'
import type { SharedWork } from './planShared'

/**
 * Adds one to the configuration generation of every model whose processing
 * the import changed: a model tracking an updated contract or reading an
 * updated source; every model when a token (pricing reads every token's
 * decimals and type), the chain or the price feed changed. Created rows
 * change no model (none uses them yet); labelled addresses change none.
 */
export async function bumpAffectedModels(
  tx: ImportTransaction,
  work: SharedWork,
): Promise<{ model: string; from: number; to: number }[]> {
  const everyModel =
    work.tokens.update.length > 0 ||
    work.chain.update.length > 0 ||
    work.feeds.update.length > 0 ||
    work.feeds.create.length > 0
  const contracts = work.contracts.update.map(({ id }) => String(id))
  const sources = work.sources.update.map(({ id }) => String(id))
  if (!everyModel && contracts.length === 0 && sources.length === 0) return []
  const rows = await tx.$queryRawUnsafe<{ name: string; generation: number }[]>(
    `UPDATE "model" SET "generation" = "generation" + 1
      WHERE $1::boolean
         OR "id" IN (SELECT "model_id" FROM "model_contract" WHERE "contract_id" = ANY($2::text[]::int[]))
         OR "id" IN (SELECT "model_id" FROM "model_source" WHERE "source_id" = ANY($3::text[]::int[]))
      RETURNING "name", "generation"`,
    everyModel,
    contracts,
    sources,
  )
  return rows
    .map((row) => ({ model: row.name, from: Number(row.generation) - 1, to: Number(row.generation) }))
    .sort((a, b) => a.model.localeCompare(b.model))
}
