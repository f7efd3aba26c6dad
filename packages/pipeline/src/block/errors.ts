import { BaseError } from '@idx/config'

/** Quotes a value for a message: JSON, cut to a readable length. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = typeof value === 'bigint' ? `"${value}"` : JSON.stringify(value)
  return text.length > 80 ? `${text.slice(0, 77)}…` : text
}

export type InvalidStoredBlockErrorType = InvalidStoredBlockError

/**
 * A stored block file that is not the shape `eth_getBlockByNumber(n, true)` +
 * `eth_getBlockReceipts` write. `file` and `field` (a path such as
 * `receipts[2].logs[0].logIndex`) say where.
 */
export class InvalidStoredBlockError extends BaseError {
  override name = 'InvalidStoredBlockError'
  readonly file: string
  readonly field: string

  constructor({ file, field, problem }: { file: string; field: string; problem: string }) {
    super(
      field === ''
        ? `The stored block file "${file}" is invalid: ${problem}.`
        : `The stored block file "${file}" is invalid at "${field}": ${problem}.`,
    )
    this.file = file
    this.field = field
  }
}

export type StoredBlockNotFoundErrorType = StoredBlockNotFoundError

/** No file holds the block asked for. */
export class StoredBlockNotFoundError extends BaseError {
  override name = 'StoredBlockNotFoundError'
  readonly file: string
  readonly blockNumber: bigint

  constructor({ file, blockNumber, message }: { file?: string; blockNumber: bigint; message?: string }) {
    super(message ?? `Block "${blockNumber}" has no stored block file: "${file}" does not exist.`)
    this.file = file ?? ''
    this.blockNumber = blockNumber
  }
}

export type StoredBlockReadErrorType = StoredBlockReadError

/** The file of a stored block exists but could not be read. */
export class StoredBlockReadError extends BaseError {
  override name = 'StoredBlockReadError'
  readonly file: string

  constructor({ file, cause }: { file: string; cause: unknown }) {
    super(`The stored block file "${file}" could not be read.`, {
      details: [cause instanceof Error ? cause.message : String(cause)],
      cause,
    })
    this.file = file
  }
}
