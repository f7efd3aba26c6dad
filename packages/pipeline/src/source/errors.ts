import { BaseError } from '@idx/config'

export type InvalidBlockRangeErrorType = InvalidBlockRangeError

/** A block range a source cannot serve as asked (`from` above `to`, a negative block). */
export class InvalidBlockRangeError extends BaseError {
  override name = 'InvalidBlockRangeError'
  readonly from: bigint
  readonly to: bigint

  constructor({ from, to, problem }: { from: bigint; to: bigint; problem: string }) {
    super(`The block range "${from}" to "${to}" is invalid: ${problem}.`)
    this.from = from
    this.to = to
  }
}

export type InvalidSourceOptionErrorType = InvalidSourceOptionError

/** An option of a block source that cannot work (a batch size of 0, a negative rate, …). */
export class InvalidSourceOptionError extends BaseError {
  override name = 'InvalidSourceOptionError'
  readonly option: string

  constructor({ option, value, expected }: { option: string; value: unknown; expected: string }) {
    super(`The block source option "${option}" must be ${expected}, got "${String(value)}".`)
    this.option = option
  }
}

export type RpcRequestFailedErrorType = RpcRequestFailedError

/**
 * A JSON-RPC request that did not succeed: refused at once (`retryable: false`
 * — invalid params, an unknown method, HTTP 401/403/404 …), or still failing
 * after every retry (`retryable: true` — HTTP 429, 5xx, timeouts, dropped
 * connections). The message names the method, the blocks and the URL, with any
 * credentials redacted.
 */
export class RpcRequestFailedError extends BaseError {
  override name = 'RpcRequestFailedError'
  readonly method: string
  /** What was asked for, as in the message: `blocks "1" to "9"`, `block "5"`, `the head block`. */
  readonly subject: string
  /** The URL, redacted. */
  readonly url: string
  readonly attempts: number
  /** Whether the failure was of a kind that is retried (and the retries ran out). */
  readonly retryable: boolean
  /** The HTTP status, when the server answered with one other than 200. */
  readonly status: number | undefined
  /** The JSON-RPC error code, when the node answered with one. */
  readonly code: number | undefined

  constructor(parameters: {
    method: string
    subject: string
    url: string
    attempts: number
    retryable: boolean
    reason: string
    status?: number | undefined
    code?: number | undefined
  }) {
    const { method, subject, url, attempts, retryable, reason } = parameters
    super(
      retryable
        ? `The JSON-RPC request ${method} for ${subject} to "${url}" failed after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}: ${reason}.`
        : `The JSON-RPC request ${method} for ${subject} to "${url}" was refused: ${reason}.`,
      {
        details: retryable
          ? [
              'Every attempt failed with an error that is usually temporary; check the node, or raise maxRetries.',
            ]
          : ['It was not retried: the same request would fail again.'],
      },
    )
    this.method = method
    this.subject = subject
    this.url = url
    this.attempts = attempts
    this.retryable = retryable
    this.status = parameters.status
    this.code = parameters.code
  }
}

export type InvalidRpcResponseErrorType = InvalidRpcResponseError

/** A JSON-RPC answer that is not what the method returns (a log without its block hash, …). */
export class InvalidRpcResponseError extends BaseError {
  override name = 'InvalidRpcResponseError'
  readonly method: string
  readonly url: string

  constructor({
    method,
    subject,
    url,
    problem,
  }: {
    method: string
    subject: string
    url: string
    problem: string
  }) {
    super(`The answer of "${url}" to ${method} for ${subject} is invalid: ${problem}.`)
    this.method = method
    this.url = url
  }
}

export type ChainChangedErrorType = ChainChangedError

/**
 * The node answered about two different versions of a block while one range
 * was fetched (a reorganisation happened in between), and kept doing so on
 * every retry of the range.
 */
export class ChainChangedError extends BaseError {
  override name = 'ChainChangedError'
  readonly blockNumber: bigint
  readonly url: string

  constructor({ blockNumber, url, problem }: { blockNumber: bigint; url: string; problem: string }) {
    super(
      `Block "${blockNumber}" changed while it was fetched from "${url}" (the chain reorganised): ${problem}.`,
    )
    this.blockNumber = blockNumber
    this.url = url
  }
}

export type SourceClosedErrorType = SourceClosedError

/** A request still pending when its source was closed. */
export class SourceClosedError extends BaseError {
  override name = 'SourceClosedError'

  constructor({ method, subject, url }: { method: string; subject: string; url: string }) {
    super(`The block source for "${url}" was closed before ${method} for ${subject} completed.`)
  }
}

export type StoredBlocksFolderErrorType = StoredBlocksFolderError

/** The stored-blocks folder is missing, unreadable or holds no block file. */
export class StoredBlocksFolderError extends BaseError {
  override name = 'StoredBlocksFolderError'
  readonly dir: string

  constructor({ dir, problem, cause }: { dir: string; problem: string; cause?: unknown }) {
    super(`The stored-blocks folder "${dir}" ${problem}.`, {
      details: cause === undefined ? [] : [cause instanceof Error ? cause.message : String(cause)],
      cause,
    })
    this.dir = dir
  }
}

export type LogRangeTooLargeErrorType = LogRangeTooLargeError

/**
 * A node refused an `eth_getLogs` range as too large ("query returned more than
 * 10000 results", "block range too large", -32005 …). The RPC source splits the
 * range and asks again; this error only escapes when it cannot split further.
 */
export class LogRangeTooLargeError extends BaseError {
  override name = 'LogRangeTooLargeError'
  readonly url: string
  /** The last block of a range the node said it would serve, if it said so. */
  readonly suggestedTo: bigint | undefined

  constructor({
    method,
    subject,
    url,
    reason,
    suggestedTo,
  }: {
    method: string
    subject: string
    url: string
    reason: string
    suggestedTo?: bigint | undefined
  }) {
    super(`The JSON-RPC request ${method} for ${subject} to "${url}" was refused as too large: ${reason}.`)
    this.url = url
    this.suggestedTo = suggestedTo
  }
}
