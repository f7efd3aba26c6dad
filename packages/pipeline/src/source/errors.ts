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

/** The stored-blocks folder (or bucket) is missing, unreadable or holds no block file. */
export class StoredBlocksFolderError extends BaseError {
  override name = 'StoredBlocksFolderError'
  /** The folder, or the location (`bucket "s3://…"`) when it is not a folder. */
  readonly dir: string

  constructor({
    dir,
    location,
    problem,
    cause,
  }: {
    dir?: string
    /** What the location is (`bucket "s3://blocks/avalanche/"`), instead of a folder. */
    location?: string
    problem: string
    cause?: unknown
  }) {
    super(`The stored-blocks ${location ?? `folder "${dir}"`} ${problem}.`, {
      details: cause === undefined ? [] : [cause instanceof Error ? cause.message : String(cause)],
      cause,
    })
    this.dir = dir ?? location ?? ''
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

export type StoredBlockFileErrorType = StoredBlockFileError

/**
 * A stored block file that cannot be used: not whole gzip, not JSON or JSON
 * Lines, or whose blocks disagree with its name. Its whole batch fails; nothing
 * of it is written.
 */
export class StoredBlockFileError extends BaseError {
  override name = 'StoredBlockFileError'
  readonly file: string

  constructor({ file, problem, cause }: { file: string; problem: string; cause?: unknown }) {
    super(`The stored block file "${file}" ${problem}.`, { cause })
    this.file = file
  }
}

export type StoredBlockFileMissingErrorType = StoredBlockFileMissingError

/** A block file the listing named is gone when it is read. */
export class StoredBlockFileMissingError extends BaseError {
  override name = 'StoredBlockFileMissingError'
  readonly file: string

  constructor({ file }: { file: string }) {
    super(`The stored block file "${file}" does not exist (any more).`, {
      details: ['It was listed, then could not be found: was the archive changed while idx read it?'],
    })
    this.file = file
  }
}

export type StoredBlockFilesOverlapErrorType = StoredBlockFilesOverlapError

/** Two files of an archive hold the same block: which one to trust is not idx's to guess. */
export class StoredBlockFilesOverlapError extends BaseError {
  override name = 'StoredBlockFilesOverlapError'

  constructor({ first, second, block }: { first: string; second: string; block: bigint }) {
    super(`The stored block files "${first}" and "${second}" both hold block "${block}".`, {
      details: ['Remove one of them: every block must be in one file only.'],
    })
  }
}

export type StoredBlockStoreErrorType = StoredBlockStoreError

/**
 * A request to the object store holding stored block files that did not
 * succeed: refused (access denied, a bad request), or still failing after its
 * retries (throttling, 5xx, dropped connections). Names the object or bucket.
 */
export class StoredBlockStoreError extends BaseError {
  override name = 'StoredBlockStoreError'
  readonly retryable: boolean

  constructor({
    subject,
    attempts,
    retryable,
    reason,
  }: { subject: string; attempts: number; retryable: boolean; reason: string }) {
    super(
      retryable
        ? `${capitalize(subject)} failed after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}: ${reason}.`
        : `${capitalize(subject)} was refused: ${reason}.`,
      {
        details: retryable
          ? ['Every attempt failed with an error that is usually temporary; try again later.']
          : [
              'Check the bucket, the prefix and the credentials the AWS SDK found (environment, profile, role).',
            ],
      },
    )
    this.retryable = retryable
  }
}

const capitalize = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`
