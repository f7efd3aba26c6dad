import type { ReadFeedRound } from '@idx/pricing'
import type { TrackedSource } from '@idx/shared-db'
import { type Address, createPublicClient, http, parseAbi, BaseError as ViemBaseError } from 'viem'
import { createFeedRoundReader } from '../source/createFeedRoundReader'
import { type CreateRpcSourceParameters, createRpcSource } from '../source/createRpcSource'
import { createS3BlockFiles } from '../source/createS3BlockFiles'
import { createStoredBlockSource } from '../source/createStoredBlockSource'
import type { BlockSource } from '../source/types'
import { LbTokensReadError, ModelSourceError, RpcUrlNotSetError } from './errors'

/** The settings of an `rpc` source as the shared file writes them (and the shared database stores them). */
type RpcSettings = {
  url_env?: string
  batch_size?: number
  requests_per_second?: number
  max_retries?: number
  timeout_ms?: number
}

/** The settings of a `stored_blocks` source as the shared database stores them (the path made absolute). */
type StoredBlocksSettings = {
  path?: string
  files?: string
  prefetch?: number
  s3?: { bucket: string; prefix?: string; region?: string; endpoint?: string; force_path_style?: boolean }
}

/** Overrides of a configured RPC source's settings (command-line flags). */
export type RpcSourceOverrides = {
  batchSize?: number | undefined
  requestsPerSecond?: number | undefined
  maxRetries?: number | undefined
  timeoutMs?: number | undefined
}

export type CreateModelSourceParameters = {
  /** The model's sources: `IndexerModel.sources`, or `listModelSources(…)` before the model is loaded. */
  sources: readonly Pick<TrackedSource, 'name' | 'type' | 'settings'>[]
  /**
   * The environment an RPC source's URL is read from: the variable its
   * `url_env` names. Passed in (`settings.env` of `@idx/config`), never read
   * from `process.env` here.
   */
  env: Readonly<Record<string, string | undefined>>
  /** The source to use, by name. Default: the model's first `rpc` source, else its first `stored_blocks` source. */
  name?: string | undefined
  /** Settings that win over the configured ones of an `rpc` source. */
  rpc?: RpcSourceOverrides | undefined
  /** Told before every retry of an `rpc` source's request (to log it). */
  onRetry?: CreateRpcSourceParameters['onRetry']
}

export type CreateModelSourceReturnType = {
  source: BlockSource
  /** The configured source chosen. */
  name: string
  type: 'rpc' | 'stored_blocks'
  /**
   * Reads an LFJ Liquidity Book pair's token X and Y (`getTokenX()`,
   * `getTokenY()`) through the model's RPC source — for `loadIndexerModel`.
   * `undefined` when the model has no RPC source whose URL is set.
   */
  readLbTokens: ((pair: Address) => Promise<{ tokenX: Address; tokenY: Address }>) | undefined
  /**
   * Reads a Chainlink feed's answer as of a block through the model's RPC
   * source — from its `AnswerUpdated` events, else `latestRoundData` at the
   * block (see `createFeedRoundReader`) — for pricing (`loadIndexerModel`'s `readFeedRound`).
   * `undefined` when the model has no RPC source whose URL is set.
   */
  readFeedRound: ReadFeedRound | undefined
}

export type CreateModelSourceErrorType = ModelSourceError | RpcUrlNotSetError

const lbPairTokensAbi = parseAbi([
  'function getTokenX() view returns (address)',
  'function getTokenY() view returns (address)',
])

/**
 * The block source of a model, from the sources its configuration lists: its
 * first `rpc` source — the URL read from the environment variable the
 * source's `url_env` names, with its batch size, request rate, retries and
 * timeout, when that variable is set — or else its first `stored_blocks`
 * source (files in a folder or a bucket). Also
 * returns a reader of Liquidity Book pairs' tokens when an RPC source is
 * usable, for {@link loadIndexerModel}.
 *
 * @example
 * ```ts
 * const sources = await listModelSources(shared.client, 'blub_test')
 * const { source, readLbTokens } = createModelSource({ sources, env: settings.env })
 * const model = await loadIndexerModel({ shared, model: 'blub_test', readLbTokens })
 * await runRange({ model, db, source, from: 58_219_691n, to: 58_230_000n })
 * await source.close?.()
 * ```
 */
export function createModelSource(parameters: CreateModelSourceParameters): CreateModelSourceReturnType {
  const { sources, env } = parameters
  const chosen =
    parameters.name !== undefined
      ? sources.find((source) => source.name === parameters.name)
      : // An rpc source whose URL is set, else a stored archive, else an rpc source (its URL is missing: said below).
        (sources.find((source) => source.type === 'rpc' && rpcUrl(source, env) !== undefined) ??
        sources.find((source) => source.type === 'stored_blocks') ??
        sources.find((source) => source.type === 'rpc'))
  if (chosen === undefined) {
    const known = sources.map((source) => `"${source.name}" (${source.type})`).join(', ')
    throw new ModelSourceError(
      parameters.name !== undefined
        ? `The model has no source named "${parameters.name}".`
        : 'The model has no rpc or stored_blocks source to read blocks from.',
      { details: [known === '' ? 'It lists no source.' : `Its sources: ${known}.`] },
    )
  }

  const rpc = sources.find((source) => source.type === 'rpc' && rpcUrl(source, env) !== undefined)
  const readLbTokens = rpc === undefined ? undefined : createLbTokensReader(rpc, env)
  const readFeedRound = rpc === undefined ? undefined : createFeedReader(rpc, env)

  if (chosen.type === 'rpc') {
    const settings = (chosen.settings ?? {}) as RpcSettings
    const url = rpcUrl(chosen, env)
    if (url === undefined) throw new RpcUrlNotSetError({ source: chosen.name, variable: settings.url_env })
    const overrides = parameters.rpc ?? {}
    const source = createRpcSource({
      url,
      batchSize: overrides.batchSize ?? settings.batch_size,
      requestsPerSecond: overrides.requestsPerSecond ?? settings.requests_per_second,
      maxRetries: overrides.maxRetries ?? settings.max_retries,
      timeoutMs: overrides.timeoutMs ?? settings.timeout_ms,
      onRetry: parameters.onRetry,
    })
    return { source, name: chosen.name, type: 'rpc', readLbTokens, readFeedRound }
  }
  const settings = (chosen.settings ?? {}) as StoredBlocksSettings
  if ((typeof settings.path !== 'string' || settings.path === '') && settings.s3 === undefined)
    throw new ModelSourceError(`The stored_blocks source "${chosen.name}" has no path and no bucket.`, {
      details: [
        'Give it a `path` (a folder) or `s3` (a bucket) in the shared file and import the file again.',
      ],
    })
  const common = { files: settings.files, prefetch: settings.prefetch }
  const source =
    settings.s3 !== undefined
      ? createStoredBlockSource({
          ...common,
          store: createS3BlockFiles({
            bucket: settings.s3.bucket,
            prefix: settings.s3.prefix,
            region: settings.s3.region,
            endpoint: settings.s3.endpoint,
            forcePathStyle: settings.s3.force_path_style,
          }),
        })
      : createStoredBlockSource({ ...common, dir: settings.path! })
  return { source, name: chosen.name, type: 'stored_blocks', readLbTokens, readFeedRound }
}

/** The URL of an rpc source from the environment, or `undefined` when its variable is not set. */
function rpcUrl(
  source: Pick<TrackedSource, 'settings'>,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const variable = ((source.settings ?? {}) as RpcSettings).url_env
  if (variable === undefined) return undefined
  const value = env[variable]?.trim()
  return value === undefined || value === '' ? undefined : value
}

function createFeedReader(
  source: Pick<TrackedSource, 'name' | 'settings'>,
  env: Readonly<Record<string, string | undefined>>,
): ReadFeedRound {
  const settings = (source.settings ?? {}) as RpcSettings
  const client = createPublicClient({
    transport: http(rpcUrl(source, env), {
      batch: { batchSize: settings.batch_size ?? 50 },
      retryCount: settings.max_retries ?? 3,
      timeout: settings.timeout_ms ?? 30_000,
    }),
  })
  return createFeedRoundReader({ client, sourceName: source.name })
}

function createLbTokensReader(
  source: Pick<TrackedSource, 'name' | 'settings'>,
  env: Readonly<Record<string, string | undefined>>,
): CreateModelSourceReturnType['readLbTokens'] {
  const settings = (source.settings ?? {}) as RpcSettings
  const client = createPublicClient({
    transport: http(rpcUrl(source, env), {
      retryCount: settings.max_retries ?? 3,
      timeout: settings.timeout_ms ?? 30_000,
    }),
  })
  return async (pair) => {
    try {
      const [tokenX, tokenY] = await Promise.all([
        client.readContract({ address: pair, abi: lbPairTokensAbi, functionName: 'getTokenX' }),
        client.readContract({ address: pair, abi: lbPairTokensAbi, functionName: 'getTokenY' }),
      ])
      return { tokenX: tokenX.toLowerCase() as Address, tokenY: tokenY.toLowerCase() as Address }
    } catch (error) {
      // viem's full message (and its cause) names the URL, which may carry a key: keep the short message only.
      const reason = error instanceof ViemBaseError ? error.shortMessage : 'the call failed'
      throw new LbTokensReadError({ pair, source: source.name, reason })
    }
  }
}
