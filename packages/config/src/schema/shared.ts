import { z } from 'zod'
import { blockFilePatternProblem } from '../blockFilePattern'
import { describeValue, expected } from './messages'
import {
  ADDRESS_PATTERN,
  type Address,
  address,
  blockNumber,
  configVersion,
  envName,
  intRange,
  name,
  oneOf,
  positiveInt,
  positiveNumber,
  snakeName,
  symbol,
  text,
  tokenRef,
} from './primitives'

export const TOKEN_TYPES = ['erc20', 'wrapped_native', 'stable', 'lp_receipt'] as const
export const ADDRESS_KINDS = ['router', 'aggregator', 'factory', 'treasury', 'other'] as const
/** The `transformer` settings that name tokens: an LFJ Liquidity Book pair's token X and Y. */
export const TRANSFORMER_TOKEN_KEYS = ['token_x', 'token_y'] as const
/** The methods a pool's default pricing (in the shared file) may name. */
export const POOL_PRICING_METHODS = ['direct_avax', 'direct_usd', 'global'] as const

const project = () =>
  name('a project name').describe('The protocol or project this belongs to ("lfj", "pharaoh").')

export const chainSchema = z
  .strictObject({
    id: positiveInt().describe('The EVM chain id (43114 for Avalanche C-Chain).'),
    name: text().describe('A display name for the chain.'),
    native_symbol: symbol().describe('The symbol of the native coin ("AVAX").'),
  })
  .describe('The chain this deployment indexes.')

export const tokenSchema = z
  .strictObject({
    address: address().describe('The token contract address.'),
    symbol: symbol().describe('The symbol, as other entries refer to the token ("WAVAX").'),
    name: text().describe('The token name.'),
    decimals: intRange(0, 255).describe('The number of decimals of the token amounts.'),
    type: oneOf(TOKEN_TYPES).describe(
      'erc20; wrapped_native (WAVAX: priced as AVAX); stable (a USD stablecoin); lp_receipt (a pool share token).',
    ),
    project: project().optional(),
  })
  .describe('A token.')

export const poolPricingDefaultSchema = z
  .strictObject({
    method: oneOf(POOL_PRICING_METHODS).describe(
      'direct_avax (the quote token is wrapped_native), direct_usd (the quote token is stable) or global.',
    ),
    start_block: blockNumber().describe('The first block this method applies to.'),
    end_block: blockNumber()
      .optional()
      .describe('The first block it no longer applies to (exclusive); open when absent.'),
  })
  .describe("The pool's default pricing method, used when a model's pool_pricing does not decide.")

export const poolSchema = z
  .strictObject({
    base_token: tokenRef().describe('The token the pool prices: an address or a symbol from tokens.'),
    quote_token: tokenRef().describe(
      'The token prices are expressed in: an address or a symbol from tokens.',
    ),
    pricing: poolPricingDefaultSchema.optional(),
  })
  .describe('For a pool contract: its tokens and its default pricing.')

export const contractSchema = z
  .strictObject({
    address: address().describe('The contract address.'),
    name: text().describe('A display name.'),
    type: snakeName('a contract type').describe(
      'What the contract is: erc20, wrapped_native, uniswap_v2_pair, lfj_lb_pair, uniswap_v3_pool, chainlink_aggregator, dex_aggregator, ….',
    ),
    project: project().optional(),
    abi: snakeName('an ABI name').optional().describe('The ABI to decode its logs with; defaults to type.'),
    transformer: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Settings for the contract type's transformer."),
    pool: poolSchema.optional(),
  })
  .describe('A contract whose logs a model may decode.')

export const labelledAddressSchema = z
  .strictObject({
    address: address(),
    label: text().describe('What the address is, for people ("LFJ v1 router").'),
    kind: oneOf(ADDRESS_KINDS),
    project: project().optional(),
  })
  .describe('An address worth naming (a router, an aggregator, a factory, …).')

export const rpcSourceSchema = z
  .strictObject({
    name: name('a source name'),
    type: z.literal('rpc'),
    url_env: envName().describe(
      'The name of the environment variable that holds the JSON-RPC URL (URLs often carry a key).',
    ),
    batch_size: positiveInt().optional().describe('How many calls go in one JSON-RPC batch.'),
    requests_per_second: positiveNumber().optional().describe('A rate limit for this endpoint.'),
    max_retries: intRange(0, 100).optional().describe('How many times a failed request is retried.'),
    timeout_ms: positiveInt().optional().describe('How long one request may take, in milliseconds.'),
  })
  .describe('Blocks read from a JSON-RPC endpoint.')

const bucketName = () => {
  const error = expected('a bucket name (3 to 63 lowercase letters, digits, "." and "-")')
  return z.string({ error }).regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error })
}

export const s3LocationSchema = z
  .strictObject({
    bucket: bucketName().describe('The bucket that holds the block files.'),
    prefix: z
      .string({ error: expected('a key prefix (text, may be empty)') })
      .optional()
      .describe('The key prefix of the block files ("avalanche/blocks/"); none by default.'),
    region: text().optional().describe("The bucket's region (else the SDK's: AWS_REGION, the profile)."),
    endpoint: z
      .url({ error: expected('an http(s) URL'), protocol: /^https?$/ })
      .optional()
      .describe('An S3-compatible endpoint (MinIO, R2, …); AWS S3 when absent.'),
    force_path_style: z
      .boolean({ error: expected('true or false') })
      .optional()
      .describe('Address the bucket in the path (MinIO and most S3-compatible servers need it).'),
  })
  .describe(
    "Block files in an S3-compatible bucket. Credentials come from the AWS SDK's default chain (environment, profile, instance role), never from this file.",
  )

export const storedBlocksSourceSchema = z
  .strictObject({
    name: name('a source name'),
    type: z.literal('stored_blocks'),
    path: text()
      .optional()
      .describe('A folder of block-with-receipts files; relative to the directory of the shared file.'),
    s3: s3LocationSchema.optional(),
    files: z
      .string({ error: expected('a file name pattern') })
      .superRefine((value, ctx) => {
        const problem = blockFilePatternProblem(value)
        if (problem !== undefined)
          ctx.addIssue({
            code: 'custom',
            message: `${describeValue(value)} is not a valid file name pattern: ${problem}`,
          })
      })
      .optional()
      .describe(
        'How the block files are named: {number} (a file per block) or {from} and {to} (a file per range), optionally zero-padded ({from:012}); .json, .jsonl or .ndjson, optionally .gz. Default "{number}.json".',
      ),
    prefetch: intRange(1, 64)
      .optional()
      .describe('Files read ahead of processing, at most (default 4): bounds the memory they take.'),
  })
  .superRefine((source, ctx) => {
    if ((source.path === undefined) === (source.s3 === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [],
        message:
          source.path === undefined
            ? 'a stored_blocks source needs a folder (path) or a bucket (s3)'
            : 'a stored_blocks source reads a folder (path) or a bucket (s3), not both',
      })
  })
  .describe('Blocks read from stored block files, in a folder or an S3-compatible bucket.')

export const sourceSchema = z.discriminatedUnion('type', [rpcSourceSchema, storedBlocksSourceSchema])

export const priceFeedSchema = z
  .strictObject({
    address: address().describe('The Chainlink aggregator proxy address.'),
    decimals: intRange(0, 255).default(8).describe("The answer's decimals (8 for Chainlink USD feeds)."),
    heartbeat_seconds: positiveInt().describe('An answer older than this is flagged as stale.'),
  })
  .describe('A Chainlink price feed.')

/** The zod schema of the shared file (`shared_v1_0.yaml`), before token references are resolved. */
export const sharedConfigSchema = z
  .strictObject({
    config_version: configVersion(),
    chain: chainSchema,
    tokens: z.array(tokenSchema, { error: expected('a list of tokens') }).default([]),
    contracts: z.array(contractSchema, { error: expected('a list of contracts') }).default([]),
    addresses: z
      .array(labelledAddressSchema, { error: expected('a list of labelled addresses') })
      .default([]),
    sources: z.array(sourceSchema, { error: expected('a list of sources') }).default([]),
    price_feeds: z
      .strictObject({ avax_usd: priceFeedSchema.describe('The AVAX/USD feed every valuation uses.') })
      .describe('Price feeds.'),
  })
  .meta({
    title: 'idx shared configuration',
    description:
      'The infrastructure every idx model uses: chain, tokens, contracts, addresses, sources, feeds.',
  })

type ParsedShared = z.output<typeof sharedConfigSchema>
type ParsedContract = z.output<typeof contractSchema>

export type Chain = z.output<typeof chainSchema>
export type Token = z.output<typeof tokenSchema>
export type TokenType = Token['type']
export type PoolPricingMethod = (typeof POOL_PRICING_METHODS)[number]
export type PoolPricingDefault = z.output<typeof poolPricingDefaultSchema>
/** A pool's tokens, resolved to the addresses of tokens of the shared file. */
export type Pool = Omit<z.output<typeof poolSchema>, 'base_token' | 'quote_token'> & {
  base_token: Address
  quote_token: Address
}
/** A contract, with `abi` defaulted to its type and pool tokens resolved to addresses. */
export type Contract = Omit<ParsedContract, 'abi' | 'pool'> & { abi: string; pool?: Pool | undefined }
export type LabelledAddress = z.output<typeof labelledAddressSchema>
export type AddressKind = LabelledAddress['kind']
export type RpcSource = z.output<typeof rpcSourceSchema>
export type StoredBlocksSource = z.output<typeof storedBlocksSourceSchema>
export type Source = RpcSource | StoredBlocksSource
export type PriceFeed = z.output<typeof priceFeedSchema>

/** A parsed, checked and normalised shared file. */
export type SharedConfig = Omit<ParsedShared, 'contracts'> & { contracts: Contract[] }

/**
 * Resolves a parsed shared file: defaults each contract's `abi` to its type and
 * turns token references (addresses or symbols) into lowercase token
 * addresses — a pool's base and quote token, and an LFJ Liquidity Book pair's
 * `transformer.token_x` / `token_y`. Call it only on a file whose checks
 * passed: every reference resolves then.
 */
export function finishSharedConfig(parsed: ParsedShared): SharedConfig {
  const bySymbol = new Map(parsed.tokens.map((token) => [token.symbol, token.address]))
  const resolve = (ref: string): Address =>
    ADDRESS_PATTERN.test(ref) ? (ref.toLowerCase() as Address) : bySymbol.get(ref)!
  const resolveTransformer = (transformer: Record<string, unknown>) => {
    const out = { ...transformer }
    for (const key of TRANSFORMER_TOKEN_KEYS)
      if (typeof out[key] === 'string') out[key] = resolve(out[key] as string)
    return out
  }
  return {
    ...parsed,
    contracts: parsed.contracts.map(({ pool, abi, transformer, ...contract }) => ({
      ...contract,
      abi: abi ?? contract.type,
      ...(transformer === undefined ? {} : { transformer: resolveTransformer(transformer) }),
      ...(pool === undefined
        ? {}
        : {
            pool: { ...pool, base_token: resolve(pool.base_token), quote_token: resolve(pool.quote_token) },
          }),
    })),
  }
}
