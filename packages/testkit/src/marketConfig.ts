import type { Market } from './deployMarket'

export type MarketConfigFilesParameters = {
  /** The model's name (default `market`). */
  model?: string | undefined
  /** The model database's name (default `idx_model_<model>`). */
  database?: string | undefined
  /** The model's description, if any. */
  description?: string | undefined
  /** The model's start block (default the market's first block, `market.blocks.first`). */
  startBlock?: bigint | undefined
  /** The first block of every pool pricing entry and default (default 0). */
  pricingStartBlock?: bigint | undefined
  /** The name of the rpc source (default `anvil_rpc`). */
  rpcSource?: string | undefined
  /** The environment variable the rpc source reads its URL from (`url_env`, default `IDX_ANVIL_RPC_URL`). */
  rpcEnv?: string | undefined
  /** Settings of the rpc source (`batch_size`, `max_retries`, …). */
  rpc?: Record<string, number> | undefined
  /** Also list a stored_blocks source named `stored` with this folder (or with `storedSettings` only). */
  storedBlocks?: string | undefined
  /** More settings of the `stored` source, as YAML lines (`files: "{from}-{to}.json.gz"`, an `s3:` mapping, …). */
  storedSettings?: Record<string, unknown> | undefined
  /** The sources the model file lists (default: the rpc source). */
  modelSources?: readonly string[] | undefined
  /** The AVAX/USD feed's heartbeat: an answer older than this is stale (default 86,400 s, Chainlink's AVAX/USD on Avalanche). */
  heartbeatSeconds?: number | undefined
  /** The model's `canonical_pricing` section (default: none, the schema's defaults apply). */
  canonicalPricing?:
    | {
        period_seconds?: number | undefined
        trailing_periods?: number | undefined
        min_volume_usd?: string | undefined
        max_deviation?: string | undefined
      }
    | undefined
  /** Comment lines written at the top of both files (without `#`). */
  header?: readonly string[] | undefined
  /** The model's asset (`target_asset`): a symbol of the market's tokens (`BLUB`) or an address. Default: none. */
  targetAsset?: string | undefined
}

export type MarketConfigFilesReturnType = {
  /** The shared file's text. */
  shared: string
  /** The model file's text. */
  model: string
  /** The conventional file names: `shared_v1_0.yaml` and `<model>_v1_0.yaml`. */
  names: { shared: string; model: string }
}

/**
 * The shared and model YAML files (texts) that describe a market from
 * `deployMarket`: its three tokens, the AVAX/USD feed (8 decimals, with its
 * heartbeat), both V2 pairs with their base and quote tokens and default
 * pricing, an rpc source whose URL comes from an environment variable, and a
 * model that tracks all of it — BLUB/WAVAX priced `direct_avax` and set as
 * BLUB's pricing pool, WAVAX/USDC priced `direct_usd`. A market with a split
 * router adds its second BLUB/WAVAX pair (priced `direct_avax`) and the router
 * (a `dex_aggregator`, labelled an aggregator); a market with its CL scenario
 * (`deployMarket({ concentratedLiquidity: true })`) adds the BLUB/WAVAX V3
 * pool (`uniswap_v3_pool`, priced `direct_avax` and a second pricing pool of
 * BLUB), its position manager (`uniswap_v3_position_manager`) and the Solidly
 * pair (`solidly_pair`, `direct_avax`); `targetAsset` names the
 * model's asset.
 *
 * @example
 * ```ts
 * const files = marketConfigFiles(market, { model: 'demo', rpcEnv: 'IDX_DEMO_RPC_URL' })
 * writeFileSync(files.names.shared, files.shared)
 * writeFileSync(files.names.model, files.model)
 * ```
 */
export function marketConfigFiles(
  market: Pick<Market, 'tokens' | 'aggregator' | 'pairs' | 'blocks' | 'splitRouter' | 'cl'>,
  parameters: MarketConfigFilesParameters = {},
): MarketConfigFilesReturnType {
  const model = parameters.model ?? 'market'
  const rpcSource = parameters.rpcSource ?? 'anvil_rpc'
  const { blub, wavax, usdc } = market.tokens
  const blubWavax = market.pairs.blubWavax.address
  const wavaxUsdc = market.pairs.wavaxUsdc.address
  const pricingStart = parameters.pricingStartBlock ?? 0n
  const blubWavaxB = market.pairs.blubWavaxB?.address
  const splitRouter = market.splitRouter
  const clPool = market.cl?.pool.address
  const positionManager = market.cl?.uniswapV3.positionManager
  const solidlyPair = market.cl?.solidly.pair.address
  const sharedExtra = [
    blubWavaxB === undefined
      ? ''
      : `  - address: "${blubWavaxB}"
    name: BLUB/WAVAX V2 (second factory)
    type: uniswap_v2_pair
    pool:
      base_token: BLUB
      quote_token: WAVAX
      pricing: { method: direct_avax, start_block: ${pricingStart} }
`,
    splitRouter === undefined
      ? ''
      : `  - { address: "${splitRouter}", name: Split router, type: dex_aggregator }\n`,
    clPool === undefined
      ? ''
      : `  - address: "${clPool}"
    name: BLUB/WAVAX V3 (concentrated liquidity)
    type: uniswap_v3_pool
    pool:
      base_token: BLUB
      quote_token: WAVAX
      pricing: { method: direct_avax, start_block: ${pricingStart} }
  - { address: "${positionManager}", name: V3 position manager, type: uniswap_v3_position_manager }
  - address: "${solidlyPair}"
    name: BLUB/WAVAX Solidly
    type: solidly_pair
    pool:
      base_token: BLUB
      quote_token: WAVAX
      pricing: { method: direct_avax, start_block: ${pricingStart} }
`,
  ].join('')
  const addresses =
    splitRouter === undefined
      ? ''
      : `addresses:\n  - { address: "${splitRouter}", label: Split router, kind: aggregator }\n`
  const modelExtra = [
    blubWavaxB === undefined ? '' : `  - "${blubWavaxB}" # BLUB/WAVAX (second factory)\n`,
    splitRouter === undefined ? '' : `  - "${splitRouter}" # split router\n`,
    clPool === undefined
      ? ''
      : `  - "${clPool}" # BLUB/WAVAX V3\n  - "${positionManager}" # V3 position manager\n  - "${solidlyPair}" # BLUB/WAVAX Solidly\n`,
  ].join('')
  const header = (parameters.header ?? []).map((line) => `# ${line}`.trimEnd() + '\n').join('')
  const rpcSettings = Object.entries(parameters.rpc ?? {})
    .map(([key, value]) => `\n    ${key}: ${value}`)
    .join('')
  const storedSource =
    parameters.storedBlocks === undefined && parameters.storedSettings === undefined
      ? ''
      : `  - name: stored\n    type: stored_blocks\n${[
          ...(parameters.storedBlocks === undefined ? [] : [['path', parameters.storedBlocks] as const]),
          ...Object.entries(parameters.storedSettings ?? {}),
        ]
          .map(([key, value]) => `    ${key}: ${JSON.stringify(value)}\n`)
          .join('')}`

  const shared = `${header}config_version: "1.0"
chain:
  id: 43114
  name: Avalanche C-Chain (anvil)
  native_symbol: AVAX
tokens:
  - { address: "${wavax}", symbol: WAVAX, name: Wrapped AVAX, decimals: 18, type: wrapped_native }
  - { address: "${blub}", symbol: BLUB, name: Blub, decimals: 18, type: erc20 }
  - { address: "${usdc}", symbol: USDC, name: USD Coin, decimals: 6, type: stable }
contracts:
  - { address: "${wavax}", name: WAVAX, type: wrapped_native }
  - { address: "${blub}", name: BLUB, type: erc20 }
  - { address: "${usdc}", name: USDC, type: erc20 }
  - { address: "${market.aggregator}", name: AVAX/USD feed, type: chainlink_aggregator }
  - address: "${blubWavax}"
    name: BLUB/WAVAX V2
    type: uniswap_v2_pair
    pool:
      base_token: BLUB
      quote_token: WAVAX
      pricing: { method: direct_avax, start_block: ${pricingStart} }
  - address: "${wavaxUsdc}"
    name: WAVAX/USDC V2
    type: uniswap_v2_pair
    pool:
      base_token: WAVAX
      quote_token: USDC
      pricing: { method: direct_usd, start_block: ${pricingStart} }
${sharedExtra}${addresses}sources:
  - name: ${rpcSource}
    type: rpc
    url_env: ${parameters.rpcEnv ?? 'IDX_ANVIL_RPC_URL'}${rpcSettings}
${storedSource}price_feeds:
  avax_usd:
    address: "${market.aggregator}"
    decimals: 8
    heartbeat_seconds: ${parameters.heartbeatSeconds ?? 86_400}
`

  const canonical = Object.entries(parameters.canonicalPricing ?? {}).filter(
    ([, value]) => value !== undefined,
  )
  const canonicalSection =
    canonical.length === 0
      ? ''
      : `canonical_pricing:\n${canonical
          .map(([key, value]) => `  ${key}: ${typeof value === 'string' ? JSON.stringify(value) : value}\n`)
          .join('')}`
  const modelFile = `${header}config_version: "1.0"
model:
  name: ${model}
  version: "1.0"${parameters.description === undefined ? '' : `\n  description: ${JSON.stringify(parameters.description)}`}
  database: ${parameters.database ?? `idx_model_${model}`}
  start_block: ${parameters.startBlock ?? market.blocks.first}
sources: [${(parameters.modelSources ?? [rpcSource]).join(', ')}]
tokens: [BLUB, WAVAX, USDC]
contracts:
  - "${wavax}" # WAVAX
  - "${blub}" # BLUB
  - "${usdc}" # USDC
  - "${market.aggregator}" # AVAX/USD feed
  - "${blubWavax}" # BLUB/WAVAX
  - "${wavaxUsdc}" # WAVAX/USDC
${modelExtra}${parameters.targetAsset === undefined ? '' : `target_asset: ${JSON.stringify(parameters.targetAsset)}\n`}# BLUB/WAVAX is valued from its WAVAX side and sets BLUB's canonical price;
# WAVAX/USDC is valued from its USDC side.
pool_pricing:
  - { pool: "${blubWavax}", method: direct_avax, start_block: ${pricingStart}, pricing_pool: true }
  - { pool: "${wavaxUsdc}", method: direct_usd, start_block: ${pricingStart} }
${blubWavaxB === undefined ? '' : `  - { pool: "${blubWavaxB}", method: direct_avax, start_block: ${pricingStart} }\n`}${clPool === undefined ? '' : `  - { pool: "${clPool}", method: direct_avax, start_block: ${pricingStart}, pricing_pool: true }\n  - { pool: "${solidlyPair}", method: direct_avax, start_block: ${pricingStart} }\n`}${canonicalSection}`
  return { shared, model: modelFile, names: { shared: 'shared_v1_0.yaml', model: `${model}_v1_0.yaml` } }
}
