import * as decimal from './decimal'
import { InvalidCanonicalPricingError, InvalidTokenDecimalsError } from './errors'
import { isoTime } from './isoTime'

/** A directly valued swap of one of the model's pricing pools, as canonical prices read it. */
export type CanonicalPriceSwap = {
  id: string
  /** The token it prices: the pool's base token. */
  token: string
  /** Seconds since the Unix epoch. */
  blockTimestamp: bigint | number
  /** Base units of `token`; above zero. */
  baseAmount: bigint
  /** `token`'s decimals. */
  baseDecimals: number
  /** The swap's USD value (its `DIRECT_AVAX` or `DIRECT_USD` row), a decimal string. */
  valueUsd: string
  /** The swap's AVAX value, a decimal string. */
  valueAvax: string
}

/** The last canonical price of a token before the first period to compute (a row this function returned). */
export type PreviousCanonicalPrice = {
  /** Null (a row with no price) is the same as no previous price. */
  priceUsd: string | null
  priceAvax: string | null
  periodStart: number
  /** The period whose window set the price; `periodStart` when absent. */
  pricedPeriodStart?: number | null | undefined
  /** The first period of a run of periods held back for deviating (see below); absent when none. */
  deviatingSince?: number | null | undefined
}

/** A token's canonical price for one period. */
export type CanonicalPrice = {
  token: string
  /** The period's first second (Unix seconds). */
  periodStart: number
  periodSeconds: number
  /** USD per whole token (30 fractional digits at most); null when the period has no price. */
  priceUsd: string | null
  /** AVAX per whole token; null when the period has no price. */
  priceAvax: string | null
  /** True when the period failed a guard and carries an earlier price. */
  carriedForward: boolean
  /** The period whose window set the price (this one unless carried forward); null when unpriced. */
  pricedPeriodStart: number | null
  /** While prices deviating from the last accepted one are held back: the first such period. */
  deviatingSince: number | null
  /** Why the period carries an earlier price, or has none. */
  reason?: string
  /** The period's own swaps (all of them): USD volume. */
  volumeUsd: string
  /** The period's own swaps: AVAX volume. */
  volumeAvax: string
  /** The period's own swaps: base units of the token. */
  baseVolume: bigint
  /** The period's own swaps: how many. */
  swapCount: number
  /** The trailing window the price comes from. */
  window: {
    /** Its swaps. */
    swapCount: number
    /** Its swaps within `maxDeviation` of its reference price: the ones the price is computed from. */
    keptSwapCount: number
    /** The kept swaps' USD volume. */
    keptVolumeUsd: string
    /** The USD-volume-weighted median of its swaps' USD prices. */
    referencePriceUsd: string
  }
}

export type ComputeCanonicalPricesParameters = {
  /** The directly valued swaps of the model's pricing pools, any order, any tokens. */
  swaps: readonly CanonicalPriceSwap[]
  /** The length of a period, in seconds (periods start at multiples of it). */
  periodSeconds: number
  /** How many periods the trailing window spans: the current one and those before it. */
  trailingPeriods: number
  /** The least USD volume the window's kept swaps need to set a price, a decimal string. */
  minVolumeUsd: string
  /** The largest fraction a swap's price (and a new price) may deviate by, a decimal string (`'0.5'`). */
  maxDeviation: string
  /** Per token, its last price before the first period computed. */
  previous?: ReadonlyMap<string, PreviousCanonicalPrice> | undefined
  /** Rows start at the period holding this time; earlier swaps only fill windows. Default: the first swap. */
  from?: bigint | number | undefined
  /** Every swap up to this time is in `swaps`: rows end at the period holding it. Default: the last swap. */
  until?: bigint | number | undefined
}

export type ComputeCanonicalPricesReturnType = CanonicalPrice[]

export type ComputeCanonicalPricesErrorType =
  | InvalidCanonicalPricingError
  | InvalidTokenDecimalsError
  | decimal.InvalidDecimalErrorType

/** A swap parsed for canonical prices (by `prepareSwap`). */
export type Prepared = {
  id: string
  period: number
  baseAmount: bigint
  /** Mantissas at scale 30. */
  usd: bigint
  avax: bigint
  price: bigint
}

/**
 * Swaps already parsed, by object: a caller that computes one window many
 * times (a price as of each block) passes the same swap objects again, and
 * only the first call parses their decimal strings. Checked against the
 * fields it was parsed from, so a changed object is parsed again.
 */
const prepared = new WeakMap<
  CanonicalPriceSwap,
  {
    prepared: Prepared
    periodSeconds: number
    token: string
    decimals: number
    valueUsd: string
    valueAvax: string
    baseAmount: bigint
    blockTimestamp: bigint | number
  }
>()

const S = decimal.SCALE
const ONE = decimal.pow10(S)
const fixed = (mantissa: bigint): decimal.Decimal => ({ mantissa, scale: S })
const show = (mantissa: bigint) => decimal.format(fixed(mantissa))
const abs = (x: bigint) => (x < 0n ? -x : x)

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new InvalidCanonicalPricingError(
      `${name} must be a positive integer, got ${JSON.stringify(value)}.`,
    )
  return value
}

function nonNegative(name: string, value: string, where: string): bigint {
  const parsed = decimal.atScale(decimal.parse(value, `a decimal number (${name} of ${where})`))
  if (parsed.mantissa < 0n)
    throw new InvalidCanonicalPricingError(`The ${name} of ${where} must not be negative, got "${value}".`)
  return parsed.mantissa
}

/**
 * A swap parsed and checked once: its period, USD and AVAX values and USD
 * price as mantissas at scale 30. Cached by object (see `prepared`), so a
 * caller that computes one window many times parses each swap once.
 */
export function prepareSwap(swap: CanonicalPriceSwap, periodSeconds: number): Prepared {
  const cached = prepared.get(swap)
  if (
    cached !== undefined &&
    cached.periodSeconds === periodSeconds &&
    cached.token === swap.token &&
    cached.decimals === swap.baseDecimals &&
    cached.valueUsd === swap.valueUsd &&
    cached.valueAvax === swap.valueAvax &&
    cached.baseAmount === swap.baseAmount &&
    cached.blockTimestamp === swap.blockTimestamp
  )
    return cached.prepared
  const where = `swap "${swap.id}"`
  const time = BigInt(swap.blockTimestamp)
  if (time < 0n) throw new InvalidCanonicalPricingError(`Swap "${swap.id}" has a negative timestamp ${time}.`)
  if (swap.baseAmount <= 0n)
    throw new InvalidCanonicalPricingError(
      `Swap "${swap.id}" has a base amount of ${swap.baseAmount}: only swaps that moved the token can price it.`,
    )
  const decimals = swap.baseDecimals
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 77)
    throw new InvalidTokenDecimalsError({ token: swap.token, decimals })
  const usd = nonNegative('USD value', swap.valueUsd, where)
  const avax = nonNegative('AVAX value', swap.valueAvax, where)
  const entry: Prepared = {
    id: swap.id,
    period: Number(time / BigInt(periodSeconds)),
    baseAmount: swap.baseAmount,
    usd,
    avax,
    price: decimal.div(fixed(usd), decimal.fromBaseUnits(swap.baseAmount, decimals)).mantissa,
  }
  prepared.set(swap, {
    prepared: entry,
    periodSeconds,
    token: swap.token,
    decimals,
    valueUsd: swap.valueUsd,
    valueAvax: swap.valueAvax,
    baseAmount: swap.baseAmount,
    blockTimestamp: swap.blockTimestamp,
  })
  return entry
}

/** The guards of canonical pricing, parsed and checked. */
export type CanonicalGuards = {
  periodSeconds: number
  trailingPeriods: number
  /** Mantissas at scale 30. */
  minUsd: bigint
  maxDev: bigint
}

export function parseGuards(parameters: {
  periodSeconds: number
  trailingPeriods: number
  minVolumeUsd: string
  maxDeviation: string
}): CanonicalGuards {
  return {
    periodSeconds: positiveInteger('The period length (periodSeconds)', parameters.periodSeconds),
    trailingPeriods: positiveInteger(
      'The number of trailing periods (trailingPeriods)',
      parameters.trailingPeriods,
    ),
    minUsd: nonNegative('minimum USD volume', parameters.minVolumeUsd, 'canonical pricing'),
    maxDev: nonNegative('maximum deviation', parameters.maxDeviation, 'canonical pricing'),
  }
}

/** The last accepted price (mantissas at scale 30) and the period that set it. */
export type Accepted = { usd: bigint; avax: bigint; pricedPeriodStart: number }

/** Where a series continues from: the last accepted price and the deviation run (a period index). */
export function continueFrom(
  prev: PreviousCanonicalPrice | undefined,
  periodSeconds: number,
): { accepted: Accepted | undefined; deviatingSince: number | undefined } {
  return {
    accepted:
      prev === undefined || prev.priceUsd === null || prev.priceAvax === null
        ? undefined
        : {
            usd: decimal.atScale(decimal.parse(prev.priceUsd, 'a previous USD price')).mantissa,
            avax: decimal.atScale(decimal.parse(prev.priceAvax, 'a previous AVAX price')).mantissa,
            pricedPeriodStart: prev.pricedPeriodStart ?? prev.periodStart,
          },
    deviatingSince:
      prev?.deviatingSince == null ? undefined : Math.floor(prev.deviatingSince / periodSeconds),
  }
}

/** What steps 3–5 make of period `p`'s kept swaps. */
export type PeriodJudgement =
  /** Too little volume kept: the last price is carried forward (if any). */
  | { outcome: 'thin' }
  /** The new price deviates too far from the last accepted one: held back, the last carried. */
  | { outcome: 'held'; priceUsd: bigint; deviatingSince: number }
  /** The new price is accepted. */
  | { outcome: 'priced'; usd: bigint; avax: bigint }

/** Steps 3–5 (thin liquidity, price, jumps) for period `p`, given the window's kept swaps. */
export function judgePeriod(
  kept: { usd: bigint; avax: bigint; base: bigint },
  decimals: number,
  accepted: Accepted | undefined,
  deviatingSince: number | undefined,
  p: number,
  guards: CanonicalGuards,
): PeriodJudgement {
  if (kept.usd < guards.minUsd) return { outcome: 'thin' }
  const base = decimal.fromBaseUnits(kept.base, decimals)
  const usd = decimal.div(fixed(kept.usd), base).mantissa
  const avax = decimal.div(fixed(kept.avax), base).mantissa
  const deviates = accepted !== undefined && abs(usd - accepted.usd) * ONE > guards.maxDev * accepted.usd
  if (!deviates) return { outcome: 'priced', usd, avax }
  const since = deviatingSince ?? p
  if (p - since < guards.trailingPeriods) return { outcome: 'held', priceUsd: usd, deviatingSince: since }
  return { outcome: 'priced', usd, avax }
}

/** Is `price` within `maxDev` (scale 30) × `reference` of `reference`? Exact. */
export const withinDeviation = (price: bigint, reference: bigint, maxDev: bigint) =>
  abs(price - reference) * ONE <= maxDev * reference

/**
 * A model's canonical (volume-weighted) price of each token per period, in
 * USD and AVAX, from the directly valued swaps of its pricing pools. Pure and
 * deterministic: the same swaps in any order give the same rows, sorted by
 * token, then period.
 *
 * For period `p` (the one holding `[p, p + periodSeconds)`) of a token:
 *
 * 1. **Window**: the token's swaps in `p` and the `trailingPeriods - 1`
 *    periods before it. A period gets a row when its window holds a swap
 *    (and it lies within `from`…`until`); an empty window gives no row.
 * 2. **Outliers**: the window's reference price is the USD-volume-weighted
 *    median of its swaps' USD prices (value ÷ base amount); swaps whose price
 *    is further than `maxDeviation` × reference from it are left out. So a
 *    small swap at an absurd price never moves a window with real volume in it.
 * 3. **Thin liquidity**: when the kept swaps' USD volume is below
 *    `minVolumeUsd`, the period carries the last price forward (or, with no
 *    earlier price, has none). So a window holding only a dust swap never sets
 *    a price.
 * 4. **Price**: Σ kept USD values ÷ Σ kept base amounts (and the same in
 *    AVAX), rounded half-even to 30 fractional digits.
 * 5. **Jumps**: when that USD price deviates from the last accepted price by
 *    more than `maxDeviation` × the last price, the period carries the last
 *    price forward — until the deviation has lasted `trailingPeriods` periods
 *    past the first deviating one (`deviatingSince`), when the windows no
 *    longer hold the swaps that started it and the new level is accepted. So
 *    one large swap at an off-market price is held back for as long as it is
 *    in the window, while a real move is followed after one window.
 *
 * A carried or missing price comes with a whole-sentence `reason`. Pass the
 * last row before `from` of each token as `previous` to continue a series.
 *
 * @example
 * ```ts
 * const rows = computeCanonicalPrices({
 *   swaps: [{ id: 's1', token: '0xblub', blockTimestamp: 1_700_000_010, baseAmount: 10n ** 21n,
 *     baseDecimals: 18, valueUsd: '250', valueAvax: '10' }],
 *   periodSeconds: 60, trailingPeriods: 5, minVolumeUsd: '100', maxDeviation: '0.5',
 * })
 * // [{ token: '0xblub', periodStart: 1_699_999_980, priceUsd: '0.25', priceAvax: '0.01', carriedForward: false, … }]
 * ```
 */
export function computeCanonicalPrices({
  swaps,
  periodSeconds,
  trailingPeriods,
  minVolumeUsd,
  maxDeviation,
  previous,
  from,
  until,
}: ComputeCanonicalPricesParameters): ComputeCanonicalPricesReturnType {
  const guards = parseGuards({ periodSeconds, trailingPeriods, minVolumeUsd, maxDeviation })
  const { minUsd, maxDev } = guards
  const periodOf = (time: bigint | number) => Number(BigInt(time) / BigInt(periodSeconds))
  const fromPeriod = from === undefined ? undefined : periodOf(from)
  const untilPeriod = until === undefined ? undefined : periodOf(until)

  // Group by token, parse each swap once (and once across calls: see `prepareSwap`).
  const byToken = new Map<string, { decimals: number; swaps: Prepared[] }>()
  for (const swap of swaps) {
    const entry = prepareSwap(swap, periodSeconds)
    const group = byToken.get(swap.token)
    if (group === undefined) byToken.set(swap.token, { decimals: swap.baseDecimals, swaps: [entry] })
    else if (group.decimals === swap.baseDecimals) group.swaps.push(entry)
    else
      throw new InvalidCanonicalPricingError(
        `Swap "${swap.id}" gives token "${swap.token}" ${swap.baseDecimals} decimals, but an earlier swap gave it ${group.decimals}.`,
      )
  }

  const rows: CanonicalPrice[] = []
  const tokens = [...byToken.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  for (const token of tokens) {
    const { decimals, swaps: list } = byToken.get(token)!
    list.sort((a, b) => a.period - b.period || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const last = list.at(-1)!
    const lastPeriod = untilPeriod ?? last.period
    const firstPeriod = fromPeriod ?? list[0]!.period

    const prev = previous?.get(token)
    if (prev !== undefined && Math.floor(prev.periodStart / periodSeconds) >= firstPeriod)
      throw new InvalidCanonicalPricingError(
        `The previous price of token "${token}" is for the period starting ${isoTime(prev.periodStart)}, ` +
          `which is not before the first period to compute (starting ${isoTime(firstPeriod * periodSeconds)}).`,
      )
    // The last accepted price (mantissas at scale 30) and the deviation run.
    let { accepted, deviatingSince } = continueFrom(prev, periodSeconds)

    // [lo, hi) is the window of period p; [mid, hi) its own swaps.
    let lo = 0
    let mid = 0
    let hi = 0
    let p = firstPeriod
    while (p <= lastPeriod) {
      const start = p - trailingPeriods + 1
      while (lo < list.length && list[lo]!.period < start) lo++
      while (mid < list.length && list[mid]!.period < p) mid++
      while (hi < list.length && list[hi]!.period <= p) hi++
      if (lo === hi) {
        // Empty window: jump to the first period whose window holds the next swap.
        if (hi === list.length) break
        p = Math.max(p + 1, list[hi]!.period)
        continue
      }

      // The period's own swaps.
      let volumeUsd = 0n
      let volumeAvax = 0n
      let baseVolume = 0n
      for (let i = mid; i < hi; i++) {
        const swap = list[i]!
        volumeUsd += swap.usd
        volumeAvax += swap.avax
        baseVolume += swap.baseAmount
      }

      // Reference: the USD-volume-weighted (lower) median of the window's prices.
      const window = list.slice(lo, hi)
      window.sort((a, b) =>
        a.price < b.price ? -1 : a.price > b.price ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      )
      let total = 0n
      for (const swap of window) total += swap.usd
      let reference = window[(window.length - 1) >> 1]!.price
      if (total > 0n) {
        let cumulative = 0n
        for (const swap of window) {
          cumulative += swap.usd
          if (cumulative * 2n >= total) {
            reference = swap.price
            break
          }
        }
      }
      // Kept: |price − reference| ≤ maxDeviation × reference (exact, at scale 30).
      let keptUsd = 0n
      let keptAvax = 0n
      let keptBase = 0n
      let keptCount = 0
      for (const swap of window)
        if (withinDeviation(swap.price, reference, maxDev)) {
          keptUsd += swap.usd
          keptAvax += swap.avax
          keptBase += swap.baseAmount
          keptCount++
        }

      const periodStart = p * periodSeconds
      const row: CanonicalPrice = {
        token,
        periodStart,
        periodSeconds,
        priceUsd: null,
        priceAvax: null,
        carriedForward: false,
        pricedPeriodStart: null,
        deviatingSince: null,
        volumeUsd: show(volumeUsd),
        volumeAvax: show(volumeAvax),
        baseVolume,
        swapCount: hi - mid,
        window: {
          swapCount: hi - lo,
          keptSwapCount: keptCount,
          keptVolumeUsd: show(keptUsd),
          referencePriceUsd: show(reference),
        },
      }
      const windowText =
        trailingPeriods === 1
          ? `the period starting ${isoTime(periodStart)}`
          : `the ${trailingPeriods} periods up to the one starting ${isoTime(periodStart)}`
      const carry = (reason: string) => {
        if (accepted === undefined) row.reason = `${reason}, and there is no earlier price to carry forward.`
        else {
          row.priceUsd = show(accepted.usd)
          row.priceAvax = show(accepted.avax)
          row.carriedForward = true
          row.pricedPeriodStart = accepted.pricedPeriodStart
          row.reason = `${reason}; the price set in the period starting ${isoTime(accepted.pricedPeriodStart)} is carried forward.`
        }
      }

      const judged = judgePeriod(
        { usd: keptUsd, avax: keptAvax, base: keptBase },
        decimals,
        accepted,
        deviatingSince,
        p,
        guards,
      )
      if (judged.outcome === 'thin') {
        carry(
          `In ${windowText}, the swaps kept (${keptCount} of ${window.length}) are worth ${show(keptUsd)} USD, ` +
            `below the minimum volume of ${show(minUsd)} USD`,
        )
      } else if (judged.outcome === 'held') {
        deviatingSince = judged.deviatingSince
        const priceUsd = judged.priceUsd
        const by =
          accepted!.usd === 0n
            ? ''
            : ` by ${decimal.format(decimal.div(fixed(abs(priceUsd - accepted!.usd) * 100n), fixed(accepted!.usd), 2))}%`
        carry(
          `The volume-weighted price of ${windowText}, ${show(priceUsd)} USD, deviates from the last ` +
            `accepted price of ${show(accepted!.usd)} USD${by}, more than the allowed ` +
            `${decimal.format(decimal.mul(fixed(maxDev), { mantissa: 100n, scale: 0 }))}%; it is held back ` +
            `until the move has lasted ${trailingPeriods} period${trailingPeriods === 1 ? '' : 's'} past ` +
            `the one starting ${isoTime(deviatingSince * periodSeconds)}`,
        )
        row.deviatingSince = deviatingSince * periodSeconds
      } else {
        accepted = { usd: judged.usd, avax: judged.avax, pricedPeriodStart: periodStart }
        deviatingSince = undefined
        row.priceUsd = show(judged.usd)
        row.priceAvax = show(judged.avax)
        row.pricedPeriodStart = periodStart
      }
      if (row.deviatingSince === null && deviatingSince !== undefined)
        row.deviatingSince = deviatingSince * periodSeconds
      rows.push(row)
      p++
    }
  }
  return rows
}
