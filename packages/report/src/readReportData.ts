import {
  type ModelDb,
  type PoolVolume,
  type PricingMethodCount,
  periodStatsExtent,
  type RouterVolume,
  readPoolVolumes,
  readPricingMethodMix,
  readTokenPeriodStats,
  readTradesByRouter,
  readUnvaluedSwaps,
  STAT_PERIODS,
  type TimeRange,
  type TokenPeriodStat,
  type UnvaluedSwaps,
} from '@idx/model-db'

/** A token as the report names it. */
export type ReportToken = { address: string; symbol: string; decimals: number }

/** Everything one report shows: plain data (decimals as strings), rendered by `renderReport`. */
export type ReportData = {
  model: string
  /** The range shown (Unix seconds, `to` exclusive); null when the model has no aggregates. */
  range: TimeRange | null
  /** The period of the candles: the shortest aggregated one giving at most `maxCandles`. */
  periodSeconds: number
  tokens: { token: ReportToken; periods: TokenPeriodStat[] }[]
  pools: (PoolVolume & { label: string })[]
  routers: RouterVolume[]
  methods: PricingMethodCount[]
  unvalued: UnvaluedSwaps[]
}

export type ReadReportDataParameters = {
  model: string
  /** The tokens to draw (those with aggregates in the range get a section). */
  tokens: readonly ReportToken[]
  /** Pool labels by lowercase address (a pool without one is shown by its address). */
  poolLabels?: ReadonlyMap<string, string> | undefined
  /** Default: every aggregate the model has. */
  from?: number | undefined
  to?: number | undefined
  /** Default 1,500. */
  maxCandles?: number | undefined
}

/** The shortest aggregated period that shows `range` in at most `maxCandles` periods (else the longest). */
export function choosePeriod(range: TimeRange, maxCandles: number): number {
  const span = Math.max(1, range.to - range.from)
  return STAT_PERIODS.find((period) => span / period <= maxCandles) ?? STAT_PERIODS.at(-1)!
}

/**
 * Reads what `renderReport` draws for a model, through `@idx/model-db`'s
 * queries: each token's candles and volume, the pools' and routers' volume,
 * the pricing method mix and the unvalued swaps with their reasons.
 */
export async function readReportData(
  db: Pick<ModelDb, 'query'>,
  parameters: ReadReportDataParameters,
): Promise<ReportData> {
  const extent = await periodStatsExtent(db)
  const from = parameters.from ?? extent?.from
  const to = parameters.to ?? (extent === undefined ? undefined : extent.to + 60)
  if (from === undefined || to === undefined)
    return {
      model: parameters.model,
      range: null,
      periodSeconds: 60,
      tokens: [],
      pools: [],
      routers: [],
      methods: [],
      unvalued: [],
    }
  const range = { from, to }
  const periodSeconds = choosePeriod(range, parameters.maxCandles ?? 1_500)
  const tokens: ReportData['tokens'] = []
  for (const token of parameters.tokens) {
    const periods = await readTokenPeriodStats(db, {
      token: token.address,
      periodSeconds,
      from: from - (from % periodSeconds),
      to,
    })
    if (periods.length > 0) tokens.push({ token, periods })
  }
  const pools = (await readPoolVolumes(db, range)).map((pool) => ({
    ...pool,
    label: parameters.poolLabels?.get(pool.pool) ?? pool.pool,
  }))
  return {
    model: parameters.model,
    range,
    periodSeconds,
    tokens,
    pools,
    routers: await readTradesByRouter(db, range),
    methods: await readPricingMethodMix(db, range),
    unvalued: await readUnvaluedSwaps(db, range),
  }
}
