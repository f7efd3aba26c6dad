import type { SharedDbClient } from '../client'
import { UnknownModelError } from '../errors'

/** A model, by its name or its id. */
export type ModelRef = string | number

/** A contract, by its address (any case) or its id. */
export type ContractRef = string | number

/** The id of a registered model; throws {@link UnknownModelError} when there is none. */
export async function modelIdOf(client: SharedDbClient, model: ModelRef): Promise<number> {
  const found = await client.model.findUnique({
    where: typeof model === 'number' ? { id: model } : { name: model },
    select: { id: true },
  })
  if (found === null) throw new UnknownModelError(model)
  return found.id
}

/** The `where` of one contract by address (lowercased) or id. */
export function contractWhere(contract: ContractRef): { id: number } | { address: string } {
  return typeof contract === 'number' ? { id: contract } : { address: contract.toLowerCase() }
}
