import { BaseError } from '@idx/config'

export type MissingTransactionErrorType = MissingTransactionError

/** A block whose logs name a transaction the block does not hold: the source yielded an incomplete block. */
export class MissingTransactionError extends BaseError {
  override name = 'MissingTransactionError'
  readonly transactionHash: string

  constructor({ blockNumber, transactionHash }: { blockNumber: bigint; transactionHash: string }) {
    super(
      `Block "${blockNumber}" has logs of the transaction "${transactionHash}", but not the transaction itself.`,
      {
        details: [
          "A block source must yield every transaction whose logs it yields (a swap's taker is its sender).",
        ],
      },
    )
    this.transactionHash = transactionHash
  }
}
