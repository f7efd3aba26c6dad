import { describe, expect, test } from 'vitest'
import {
  type CanonicalPriceSwap,
  type ComputeCanonicalPricesParameters,
  computeCanonicalPrices,
} from './computeCanonicalPrices'
import * as decimal from './decimal'

const BLUB = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
const OTHER = '0x00000000000000000000000000000000000000aa'
const E18 = 10n ** 18n
/** The start of period 0: a multiple of 60 (2023-11-14T22:14:00Z). */
const T0 = 1_700_000_040

let counter = 0
/**
 * A swap in minute `minute` after T0 of `blub` whole tokens worth `usd`
 * (AVAX at 25 USD unless told otherwise).
 */
const swap = (
  minute: number,
  blub: bigint | string,
  usd: string,
  overrides: Partial<CanonicalPriceSwap> = {},
): CanonicalPriceSwap => ({
  id: `s${String(++counter).padStart(3, '0')}`,
  token: BLUB,
  blockTimestamp: T0 + minute * 60 + 7,
  baseAmount: typeof blub === 'bigint' ? blub * E18 : BigInt(blub),
  baseDecimals: 18,
  valueUsd: usd,
  valueAvax: decimal.format(decimal.div(decimal.parse(usd), decimal.parse('25'))),
  ...overrides,
})

const settings = {
  periodSeconds: 60,
  trailingPeriods: 3,
  minVolumeUsd: '100',
  maxDeviation: '0.5',
} satisfies Partial<ComputeCanonicalPricesParameters>
const compute = (swaps: CanonicalPriceSwap[], overrides: Partial<ComputeCanonicalPricesParameters> = {}) =>
  computeCanonicalPrices({ swaps, ...settings, ...overrides })
const period = (minute: number) => T0 + minute * 60
const summary = (rows: ReturnType<typeof compute>) =>
  rows.map((row) => ({
    minute: (row.periodStart - T0) / 60,
    priceUsd: row.priceUsd,
    carriedForward: row.carriedForward,
  }))

/** Minute 0: 45,000 BLUB for 955 USD (38.2 AVAX) in three swaps at 0.02, 0.022 and 0.019 USD. */
const minuteZero = () => [
  swap(0, 10_000n, '200', { valueAvax: '8' }),
  swap(0, 30_000n, '660', { valueAvax: '26.4' }),
  swap(0, 5_000n, '95', { valueAvax: '3.8' }),
]

describe('computeCanonicalPrices', () => {
  test('default: the VWAP of a hand-computed period', () => {
    expect(compute(minuteZero())).toEqual([
      {
        token: BLUB,
        periodStart: period(0),
        periodSeconds: 60,
        // 955 / 45,000 and 38.2 / 45,000, rounded half-even to 30 digits.
        priceUsd: '0.021222222222222222222222222222',
        priceAvax: '0.000848888888888888888888888889',
        carriedForward: false,
        pricedPeriodStart: period(0),
        deviatingSince: null,
        volumeUsd: '955',
        volumeAvax: '38.2',
        baseVolume: 45_000n * E18,
        swapCount: 3,
        // Weighted median: 95 + 200 < 955 / 2 ≤ 95 + 200 + 660, so 0.022; all within 50% of it.
        window: { swapCount: 3, keptSwapCount: 3, keptVolumeUsd: '955', referencePriceUsd: '0.022' },
      },
    ])
  })

  test('behavior: the trailing window holds the current period and the ones before it', () => {
    const rows = compute([...minuteZero(), swap(1, 20_000n, '460', { valueAvax: '18.4' })])
    expect(rows[1]).toMatchObject({
      periodStart: period(1),
      // (955 + 460) / (45,000 + 20,000) and (38.2 + 18.4) / 65,000.
      priceUsd: '0.021769230769230769230769230769',
      priceAvax: '0.000870769230769230769230769231',
      volumeUsd: '460',
      swapCount: 1,
      window: { swapCount: 4, keptSwapCount: 4, keptVolumeUsd: '1415' },
    })
  })

  test('behavior: a single dust swap alone in its window does not set the price', () => {
    // Minute 10: far past minute 0's window; one swap of 1 BLUB for 5 USD (5 USD per BLUB).
    const rows = compute([...minuteZero(), swap(10, 1n, '5')])
    expect(rows.at(-1)).toEqual({
      token: BLUB,
      periodStart: period(10),
      periodSeconds: 60,
      priceUsd: '0.021222222222222222222222222222',
      priceAvax: '0.000848888888888888888888888889',
      carriedForward: true,
      // Minute 2 is the last period whose window (minutes 0–2) set a price.
      pricedPeriodStart: period(2),
      deviatingSince: null,
      reason:
        'In the 3 periods up to the one starting 2023-11-14T22:24:00Z, the swaps kept (1 of 1) are worth 5 USD, ' +
        'below the minimum volume of 100 USD; the price set in the period starting 2023-11-14T22:16:00Z is carried forward.',
      volumeUsd: '5',
      volumeAvax: '0.2',
      baseVolume: E18,
      swapCount: 1,
      window: { swapCount: 1, keptSwapCount: 1, keptVolumeUsd: '5', referencePriceUsd: '5' },
    })
  })

  test('behavior: a dust swap at an absurd price in a window with volume is left out', () => {
    // 1 wei of BLUB for 0.01 USD: 10^16 USD per BLUB.
    const dust = swap(1, '1', '0.01', { valueAvax: '0.0004' })
    const rows = compute([...minuteZero(), dust])
    expect(rows[1]).toMatchObject({
      periodStart: period(1),
      priceUsd: rows[0]!.priceUsd,
      priceAvax: rows[0]!.priceAvax,
      carriedForward: false,
      swapCount: 1,
      baseVolume: 1n,
      window: { swapCount: 4, keptSwapCount: 3, keptVolumeUsd: '955', referencePriceUsd: '0.022' },
    })
  })

  test('behavior: the first period with no previous price and enough volume is priced', () => {
    const [row] = compute(minuteZero())
    expect(row).toMatchObject({ carriedForward: false, priceUsd: '0.021222222222222222222222222222' })
    expect(row).not.toHaveProperty('reason')
  })

  test('behavior: the first period with no previous price and too little volume has no price', () => {
    expect(compute([swap(0, 1n, '5')])).toMatchObject([
      {
        priceUsd: null,
        priceAvax: null,
        carriedForward: false,
        pricedPeriodStart: null,
        reason:
          'In the 3 periods up to the one starting 2023-11-14T22:14:00Z, the swaps kept (1 of 1) are worth 5 USD, ' +
          'below the minimum volume of 100 USD, and there is no earlier price to carry forward.',
      },
    ])
  })

  test('behavior: a previous price is carried into a thin first period', () => {
    const previous = new Map([[BLUB, { priceUsd: '0.03', priceAvax: '0.0012', periodStart: period(-5) }]])
    expect(compute([swap(0, 1n, '5')], { previous })).toMatchObject([
      {
        priceUsd: '0.03',
        priceAvax: '0.0012',
        carriedForward: true,
        pricedPeriodStart: period(-5),
        reason: expect.stringContaining(
          'the price set in the period starting 2023-11-14T22:09:00Z is carried forward.',
        ),
      },
    ])
  })

  test('behavior: an outlier that dominates its window is carried forward while it is in the window', () => {
    const swaps = [
      swap(0, 50_000n, '1000'), // 0.02
      swap(1, 100_000n, '10000'), // 0.1: five times the price, ten times the volume
      swap(2, 50_000n, '1000'),
      swap(3, 50_000n, '1000'),
      swap(4, 50_000n, '1000'),
    ]
    const rows = compute(swaps)
    expect(summary(rows)).toEqual([
      { minute: 0, priceUsd: '0.02', carriedForward: false },
      { minute: 1, priceUsd: '0.02', carriedForward: true },
      { minute: 2, priceUsd: '0.02', carriedForward: true },
      { minute: 3, priceUsd: '0.02', carriedForward: true },
      { minute: 4, priceUsd: '0.02', carriedForward: false },
    ])
    expect(rows[1]!.deviatingSince).toBe(period(1))
    expect(rows[3]!.deviatingSince).toBe(period(1))
    expect(rows[4]!.deviatingSince).toBe(null)
    expect(rows[1]!.reason).toMatchInlineSnapshot(
      `"The volume-weighted price of the 3 periods up to the one starting 2023-11-14T22:15:00Z, 0.1 USD, deviates from the last accepted price of 0.02 USD by 400%, more than the allowed 50%; it is held back until the move has lasted 3 periods past the one starting 2023-11-14T22:15:00Z; the price set in the period starting 2023-11-14T22:14:00Z is carried forward."`,
    )
  })

  test('behavior: a move that lasts a full window is followed', () => {
    const swaps = [swap(0, 50_000n, '1000')]
    for (let minute = 1; minute <= 6; minute++) swaps.push(swap(minute, 10_000n, '1000')) // 0.1
    expect(summary(compute(swaps))).toEqual([
      { minute: 0, priceUsd: '0.02', carriedForward: false },
      // Minute 0's volume still outweighs: the median is 0.02 and the 0.1 swap is left out.
      { minute: 1, priceUsd: '0.02', carriedForward: false },
      { minute: 2, priceUsd: '0.02', carriedForward: true },
      { minute: 3, priceUsd: '0.02', carriedForward: true },
      { minute: 4, priceUsd: '0.02', carriedForward: true },
      { minute: 5, priceUsd: '0.1', carriedForward: false },
      { minute: 6, priceUsd: '0.1', carriedForward: false },
    ])
  })

  test('behavior: a continued series resumes the deviation it was holding back', () => {
    const swaps = [swap(0, 50_000n, '1000')]
    for (let minute = 1; minute <= 6; minute++) swaps.push(swap(minute, 10_000n, '1000'))
    const whole = compute(swaps)
    const head = compute(swaps, { until: period(3) })
    const last = head.at(-1)!
    const tail = compute(swaps, { from: period(4), previous: new Map([[BLUB, last]]) })
    expect([...head, ...tail]).toEqual(whole)
  })

  test('behavior: periods with an empty window get no row; `until` and `from` bound the rows', () => {
    const swaps = [swap(0, 50_000n, '1000'), swap(10, 50_000n, '1000')]
    expect(compute(swaps).map((row) => (row.periodStart - T0) / 60)).toEqual([0, 1, 2, 10])
    expect(compute(swaps, { until: period(11) + 59 }).map((row) => (row.periodStart - T0) / 60)).toEqual([
      0, 1, 2, 10, 11,
    ])
    expect(compute(swaps, { from: period(2) }).map((row) => (row.periodStart - T0) / 60)).toEqual([2, 10])
    // Minute 1 and 2 have no swaps of their own but minute 0's in their window.
    expect(compute(swaps)[1]).toMatchObject({ swapCount: 0, volumeUsd: '0', priceUsd: '0.02' })
  })

  test('behavior: deterministic: any input order gives the same rows, sorted by token then period', () => {
    const swaps = [
      ...minuteZero(),
      swap(1, 20_000n, '460'),
      swap(0, 1_000n, '300', { token: OTHER }),
      swap(2, 1_000n, '310', { token: OTHER }),
    ]
    const rows = compute(swaps)
    expect(rows.map((row) => [row.token, (row.periodStart - T0) / 60])).toEqual([
      [OTHER, 0],
      [OTHER, 1],
      [OTHER, 2],
      [BLUB, 0],
      [BLUB, 1],
    ])
    expect(compute([...swaps].reverse())).toEqual(rows)
    expect(compute([swaps[4]!, swaps[0]!, swaps[5]!, swaps[2]!, swaps[1]!, swaps[3]!])).toEqual(rows)
  })

  test('behavior: prices are exact for 1 wei and 10^30 base units', () => {
    const [tiny] = compute([swap(0, '1', '150')], { maxDeviation: '0' })
    expect(tiny).toMatchObject({ priceUsd: '150000000000000000000', priceAvax: '6000000000000000000' })
    const [huge] = compute([swap(0, (10n ** 30n).toString(), '300000000000.000000000000000007')])
    expect(huge).toMatchObject({ priceUsd: '0.300000000000000000000000000007' })
  })

  test('error: settings and swaps that cannot be used', () => {
    expect(() => compute([], { periodSeconds: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidCanonicalPricingError: The period length (periodSeconds) must be a positive integer, got 0.]`,
    )
    expect(() => compute([], { trailingPeriods: 1.5 })).toThrow('must be a positive integer, got 1.5.')
    expect(() => compute([], { minVolumeUsd: '-1' })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidCanonicalPricingError: The minimum USD volume of canonical pricing must not be negative, got "-1".]`,
    )
    expect(() => compute([], { maxDeviation: '50%' })).toThrow(
      '"50%" is not a decimal number (maximum deviation of canonical pricing)',
    )
    expect(() => compute([swap(0, 0n, '1', { id: 'zero' })])).toThrowErrorMatchingInlineSnapshot(
      `[InvalidCanonicalPricingError: Swap "zero" has a base amount of 0: only swaps that moved the token can price it.]`,
    )
    expect(() =>
      compute([swap(0, 1n, '1', { id: 'a' }), swap(0, 1n, '1', { id: 'b', baseDecimals: 9 })]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[InvalidCanonicalPricingError: Swap "b" gives token "0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd" 9 decimals, but an earlier swap gave it 18.]`,
    )
    const previous = new Map([[BLUB, { priceUsd: '1', priceAvax: '0.04', periodStart: period(0) }]])
    expect(() => compute([swap(0, 1n, '1')], { previous })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidCanonicalPricingError: The previous price of token "0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd" is for the period starting 2023-11-14T22:14:00Z, which is not before the first period to compute (starting 2023-11-14T22:14:00Z).]`,
    )
  })
})
