/**
 * The one error base class of idx. Every package subclasses it; every message
 * is a whole sentence that names the file, the YAML path, the block or the value
 * the user can act on. Secrets never appear in a message.
 *
 * @example
 * ```ts
 * class BlockNotFoundError extends BaseError {
 *   override name = 'BlockNotFoundError'
 *   constructor(block: bigint) {
 *     super(`Block "${block}" could not be found.`)
 *   }
 * }
 * ```
 */
export class BaseError extends Error {
  override name = 'IdxError'
  /** The first sentence of the message, without the details. */
  readonly shortMessage: string
  /** Further lines that help the user act (one per problem, a hint, …). */
  readonly details: readonly string[]

  constructor(shortMessage: string, options: BaseErrorOptions = {}) {
    const details = options.details ?? []
    super([shortMessage, ...details].join('\n'), options.cause === undefined ? {} : { cause: options.cause })
    this.shortMessage = shortMessage
    this.details = details
  }
}

export type BaseErrorOptions = {
  details?: readonly string[] | undefined
  cause?: unknown
}

/** True for errors raised by idx itself (as opposed to bugs or library errors). */
export function isIdxError(error: unknown): error is BaseError {
  return error instanceof BaseError
}
