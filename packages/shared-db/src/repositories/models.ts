import type { SharedDbClient } from '../client'

/** A registered model and the name of its own database. */
export type ModelRecord = {
  id: number
  name: string
  version: string
  databaseName: string
  startBlock: bigint
  status: 'active' | 'paused' | 'retired'
}

const modelFields = {
  id: true,
  name: true,
  version: true,
  databaseName: true,
  startBlock: true,
  status: true,
} as const

/** The model registered under `name`, or `undefined`. */
export async function findModel(client: SharedDbClient, name: string): Promise<ModelRecord | undefined> {
  return (await client.model.findUnique({ where: { name }, select: modelFields })) ?? undefined
}

/** Every registered model, by name. */
export function listModels(client: SharedDbClient): Promise<ModelRecord[]> {
  return client.model.findMany({ select: modelFields, orderBy: { name: 'asc' } })
}
