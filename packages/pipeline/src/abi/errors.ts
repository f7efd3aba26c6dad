import { BaseError } from '@idx/config'
import { CONTRACT_TYPES } from './abis'

export type UnknownContractTypeErrorType = UnknownContractTypeError

/** A contract type (or ABI name) the registry has no ABI for. */
export class UnknownContractTypeError extends BaseError {
  override name = 'UnknownContractTypeError'
  readonly contractType: string

  constructor({ contractType, address }: { contractType: string; address?: string | undefined }) {
    super(
      address === undefined
        ? `The contract type "${contractType}" has no ABI in the registry.`
        : `The contract "${address}" has the type "${contractType}", which has no ABI in the registry.`,
      { details: [`Known contract types: ${CONTRACT_TYPES.map((type) => `"${type}"`).join(', ')}.`] },
    )
    this.contractType = contractType
  }
}
