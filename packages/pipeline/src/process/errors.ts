import { BaseError } from '@idx/config'

export class ModelSetupError extends BaseError {
  override name = 'ModelSetupError'
}

export class BlockProcessingError extends BaseError {
  override name = 'BlockProcessingError'
}

/** A model's sources cannot give a block source (none of a usable type, an unknown name, no path). */
export class ModelSourceError extends BaseError {
  override name = 'ModelSourceError'
}

/** The environment variable an rpc source's `url_env` names is not set. */
export class RpcUrlNotSetError extends BaseError {
  override name = 'RpcUrlNotSetError'
  readonly variable: string | undefined

  constructor({ source, variable }: { source: string; variable: string | undefined }) {
    super(
      variable === undefined
        ? `The rpc source "${source}" names no environment variable for its URL (url_env).`
        : `The environment variable "${variable}" is not set: the rpc source "${source}" reads its JSON-RPC URL from it.`,
      {
        details:
          variable === undefined
            ? ['Give the source a `url_env` in the shared file and import the file again.']
            : [`Set it to the node's URL, for example: export ${variable}=https://…/ext/bc/C/rpc`],
      },
    )
    this.variable = variable
  }
}

/** The token X and Y of a Liquidity Book pair could not be read through the RPC source. */
export class LbTokensReadError extends BaseError {
  override name = 'LbTokensReadError'

  constructor({ pair, source, reason }: { pair: string; source: string; reason: string }) {
    super(
      `The token X and Y of the Liquidity Book pair "${pair}" could not be read through the rpc source "${source}".`,
      {
        details: [
          reason,
          'Check the source, or set transformer.token_x and transformer.token_y of the pair in the shared file.',
        ],
      },
    )
  }
}

/**
 * The model's configuration changed (an import raised its generation) while
 * it was being processed. Raised before a batch is transformed: no block of
 * it was written, with either configuration.
 */
export class ConfigurationChangedError extends BaseError {
  override name = 'ConfigurationChangedError'
  readonly model: string
  /** The generation the process loaded, and the one the shared database holds now. */
  readonly from: number
  readonly to: number
  /** The first block of the batch that was not processed. */
  readonly block: bigint | undefined

  constructor({
    model,
    from,
    to,
    block,
  }: { model: string; from: number; to: number; block?: bigint | undefined }) {
    super(
      `The configuration of model "${model}" changed while it was being processed (generation ${from} → ${to}).`,
      {
        details: [
          `${block === undefined ? 'Nothing more was processed' : `Stopped before block ${block}`}: no batch is written with two configurations.`,
          'Run the same command again to go on with the new configuration, or pass --reload-config to reload it without stopping.',
        ],
      },
    )
    this.model = model
    this.from = from
    this.to = to
    this.block = block
  }
}
