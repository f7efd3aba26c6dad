import type { SharedDb, SharedDbClient } from '../client'

/** A registered model and the name of its own database. */
export type ModelRecord = {
  id: number
  name: string
  version: string
  databaseName: string
  startBlock: bigint
  status: 'active' | 'paused' | 'retired'
  /** The address of the model's asset (`target_asset`), lowercase; null when it names none. */
  targetAsset: string | null
  /** Its configuration generation: one more with every import that changed it. */
  generation: number
}

const modelFields = {
  id: true,
  name: true,
  version: true,
  databaseName: true,
  startBlock: true,
  status: true,
  targetAsset: { select: { address: true } },
  generation: true,
} as const

type ModelRow = Omit<ModelRecord, 'targetAsset'> & { targetAsset: { address: string } | null }
const toRecord = ({ targetAsset, ...row }: ModelRow): ModelRecord => ({
  ...row,
  targetAsset: targetAsset?.address ?? null,
})

/** The model registered under `name`, or `undefined`. */
export async function findModel(client: SharedDbClient, name: string): Promise<ModelRecord | undefined> {
  const row = await client.model.findUnique({ where: { name }, select: modelFields })
  return row === null ? undefined : toRecord(row)
}

/** Every registered model, by name. */
export async function listModels(client: SharedDbClient): Promise<ModelRecord[]> {
  return (await client.model.findMany({ select: modelFields, orderBy: { name: 'asc' } })).map(toRecord)
}

/**
 * The model's configuration generation now (one indexed read: a running
 * process asks before each batch whether an import changed its model).
 *
 * @example
 * ```ts
 * if ((await readModelGeneration(shared, model.id)) !== model.generation) stop()
 * ```
 */
export async function readModelGeneration(
  db: Pick<SharedDb, 'query'>,
  modelId: number,
): Promise<number | undefined> {
  const [row] = await db.query<{ generation: number }>('select generation from "model" where id = $1', [
    modelId,
  ])
  return row === undefined ? undefined : Number(row.generation)
}
