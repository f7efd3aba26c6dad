import { BaseError } from '@idx/config'

export type InvalidTrackedContractErrorType = InvalidTrackedContractError

/** A tracked contract whose configuration cannot be used (a pool without its tokens, …). */
export class InvalidTrackedContractError extends BaseError {
  override name = 'InvalidTrackedContractError'
  readonly address: string

  constructor({ address, type, problem }: { address: string; type: string; problem: string }) {
    super(`The tracked contract "${address}" (${type}) ${problem}.`)
    this.address = address
  }
}
