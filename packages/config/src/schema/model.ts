import { z } from 'zod'
import { expected } from './messages'
import {
  type Address,
  address,
  blockNumber,
  boolean,
  configVersion,
  databaseName,
  decimalString,
  fractionString,
  name,
  oneOf,
  positiveInt,
  snakeName,
  text,
  tokenRef,
  versionString,
} from './primitives'

export const MODEL_STATUSES = ['active', 'paused', 'retired'] as const
/** The methods a model's pool pricing entry may name. */
export const MODEL_PRICING_METHODS = ['direct_avax', 'direct_usd', 'global', 'use_global_default'] as const

/** The prefix of a model database's default name: `idx_model_<model name>`. */
export const MODEL_DATABASE_PREFIX = 'idx_model_'

export const modelInfoSchema = z
  .strictObject({
    // 63 characters (PostgreSQL's limit) minus the prefix of the default database name.
    name: snakeName('a model name', 63 - MODEL_DATABASE_PREFIX.length).describe(
      'The model name, lowercase snake_case ("blub_test").',
    ),
    version: versionString().describe('The version of this model\'s configuration, as a string ("1.0").'),
    description: text().optional(),
    database: databaseName()
      .optional()
      .describe('The name of the model database; defaults to idx_model_<name>.'),
    start_block: blockNumber().describe('The first block the model indexes.'),
    status: oneOf(MODEL_STATUSES).default('active').describe('active, paused or retired.'),
  })
  .describe('What the model is.')

export const poolPricingSchema = z
  .strictObject({
    pool: address().describe("The pool's address; it must be one of this model's contracts."),
    method: oneOf(MODEL_PRICING_METHODS).describe(
      "direct_avax, direct_usd, global, or use_global_default (the pool's default from the shared file).",
    ),
    start_block: blockNumber().describe('The first block this entry applies to.'),
    end_block: blockNumber()
      .optional()
      .describe('The first block it no longer applies to (exclusive); open when absent.'),
    pricing_pool: boolean()
      .default(false)
      .describe("Whether this pool's swaps set the canonical price of its base token."),
  })
  .describe('How one pool is priced over one block range.')

export const canonicalPricingSchema = z
  .strictObject({
    period_seconds: positiveInt().default(60).describe('The length of one price period, in seconds.'),
    trailing_periods: positiveInt()
      .default(5)
      .describe('How many periods the trailing window spans: the current period and the ones before it.'),
    min_volume_usd: decimalString()
      .default('100')
      .describe('The least USD volume the trailing window needs before it sets a price, as a string.'),
    max_deviation: fractionString()
      .default('0.5')
      .describe(
        "Swaps whose price deviates from the window's median by more than this fraction are left out.",
      ),
  })
  .describe('How canonical token prices are computed from the pricing pools.')

/** The zod schema of a model file (`<model>_v1_0.yaml`). */
export const modelConfigSchema = z
  .strictObject({
    config_version: configVersion(),
    model: modelInfoSchema,
    sources: z
      .array(name('a source name'), { error: expected('a list of source names') })
      .min(1, { error: expected('at least one source name') })
      .describe('The names of the shared sources this model reads blocks from.'),
    tokens: z
      .array(tokenRef(), { error: expected('a list of token addresses or symbols') })
      .default([])
      .describe('The tokens the model tracks: addresses or symbols of tokens of the shared file.'),
    contracts: z
      .array(address(), { error: expected('a list of contract addresses') })
      .default([])
      .describe('The contracts whose logs the model decodes: addresses of contracts of the shared file.'),
    target_asset: tokenRef()
      .optional()
      .describe(
        "The model's asset (\"BLUB\"): one of its tokens, an address or a symbol. Its trades are the wallets' net flows of it (buy, sell or arbitrage); without it a trade is its route's ends.",
      ),
    pool_pricing: z
      .array(poolPricingSchema, { error: expected('a list of pool pricing entries') })
      .default([]),
    canonical_pricing: canonicalPricingSchema.prefault({}),
  })
  .meta({
    title: 'idx model configuration',
    description: 'One indexing model: what it tracks, from which block, and how its pools are priced.',
  })

type ParsedModel = z.output<typeof modelConfigSchema>

export type ModelStatus = (typeof MODEL_STATUSES)[number]
export type ModelPricingMethod = (typeof MODEL_PRICING_METHODS)[number]
/** The `model:` section, with `database` defaulted to `idx_model_<name>`. */
export type ModelInfo = Omit<z.output<typeof modelInfoSchema>, 'database'> & { database: string }
export type PoolPricing = z.output<typeof poolPricingSchema>
export type CanonicalPricing = z.output<typeof canonicalPricingSchema>
/** A token reference: a lowercase address, or a symbol as written. */
export type TokenRef = Address | string

/** A parsed, checked and normalised model file. */
export type ModelConfig = Omit<ParsedModel, 'model'> & { model: ModelInfo }

/** Fills the defaults that depend on other values (the database name). */
export function finishModelConfig(parsed: ParsedModel): ModelConfig {
  return {
    ...parsed,
    model: {
      ...parsed.model,
      database: parsed.model.database ?? `${MODEL_DATABASE_PREFIX}${parsed.model.name}`,
    },
  }
}
