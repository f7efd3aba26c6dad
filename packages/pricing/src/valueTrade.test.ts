import { describe, expect, test } from 'vitest'
import type { PricingDecision } from './decidePricingMethod'
import type { PricingSwap, SwapValues } from './types'
import { valueSwap } from './valueSwap'
import { valueTrade } from './valueTrade'

const E18 = 10n ** 18n
const avaxUsd = { price: '25', blockNumber: 100n, stale: false, ageSeconds: 10 }
const swap = (id: string, overrides: Partial<PricingSwap> = {}): PricingSwap => ({
  id,
  blockNumber: 100n,
  blockTimestamp: 1_700_000_000,
  pool: '0xpool',
  direction: 'buy',
  baseToken: '0xblub',
  quoteToken: '0xwavax',
  baseAmount: 1_000n * E18,
  quoteAmount: E18,
  ...overrides,
})
const decision = (method: PricingDecision['method']): PricingDecision => ({
  method,
  tier: method === 'global' ? 'global' : 'model_config',
  configId: 1,
})

/** 1 AVAX = 25 USD for 1,000 BLUB through a WAVAX pool. */
const viaAvax = (id: string, overrides: { stale?: boolean; avax?: bigint; noAvaxUsd?: boolean } = {}) =>
  valueSwap({
    swap: swap(id, { quoteAmount: overrides.avax ?? E18 }),
    decision: decision('direct_avax'),
    baseDecimals: 18,
    quoteDecimals: 18,
    quoteTokenType: 'wrapped_native',
    avaxUsd: overrides.noAvaxUsd ? undefined : { ...avaxUsd, stale: overrides.stale ?? false },
  })
/** 10 USDC for 1,000 BLUB. */
const viaUsd = (id: string) =>
  valueSwap({
    swap: swap(id, { quoteToken: '0xusdc', quoteAmount: 10_000_000n }),
    decision: decision('direct_usd'),
    baseDecimals: 18,
    quoteDecimals: 6,
    quoteTokenType: 'stable',
    avaxUsd,
  })
/** 1,000 BLUB at the canonical 0.02 USD / 0.0008 AVAX. */
const viaCanonical = (id: string, canonical = true) =>
  valueSwap({
    swap: swap(id),
    decision: decision('global'),
    baseDecimals: 18,
    quoteDecimals: 18,
    quoteTokenType: 'wrapped_native',
    canonical: canonical ? { priceUsd: '0.02', priceAvax: '0.0008', periodStart: 1_699_999_980 } : undefined,
  })

const trade = (values: Record<string, SwapValues>) =>
  valueTrade({ trade: { id: 't1', route: Object.keys(values) }, swapValues: new Map(Object.entries(values)) })

describe('valueTrade', () => {
  test('default: every swap direct → DIRECT, the sum of the values', () => {
    expect(trade({ s1: viaAvax('s1'), s2: viaUsd('s2') })).toEqual({
      usd: { denomination: 'USD', method: 'DIRECT', value: '35', stale: false },
      avax: { denomination: 'AVAX', method: 'DIRECT', value: '1.4', stale: false },
    })
  })

  test('behavior: one swap is valued like that swap', () => {
    expect(trade({ s1: viaAvax('s1', { avax: 3n * E18 + 1n }) })).toMatchObject({
      usd: { method: 'DIRECT', value: '75.000000000000000025' },
      avax: { method: 'DIRECT', value: '3.000000000000000001' },
    })
  })

  test('behavior: sums are exact at 30 digits', () => {
    // 1/3 AVAX in USD-valued swaps: each AVAX value is rounded to 30 digits, the sum adds them exactly.
    const third = (id: string) =>
      valueSwap({
        swap: swap(id, { quoteToken: '0xusdc', quoteAmount: 1_000_000n }),
        decision: decision('direct_usd'),
        baseDecimals: 18,
        quoteDecimals: 6,
        quoteTokenType: 'stable',
        avaxUsd: { ...avaxUsd, price: '3' },
      })
    expect(trade({ a: third('a'), b: third('b'), c: third('c') }).avax).toMatchObject({
      value: '0.999999999999999999999999999999',
    })
  })

  test('behavior: any GLOBAL swap → GLOBAL', () => {
    expect(trade({ s1: viaAvax('s1'), s2: viaCanonical('s2') })).toEqual({
      usd: { denomination: 'USD', method: 'GLOBAL', value: '45', stale: false },
      avax: { denomination: 'AVAX', method: 'GLOBAL', value: '1.8' },
    })
    expect(trade({ s1: viaCanonical('s1'), s2: viaCanonical('s2') })).toEqual({
      usd: { denomination: 'USD', method: 'GLOBAL', value: '40' },
      avax: { denomination: 'AVAX', method: 'GLOBAL', value: '1.6' },
    })
  })

  test('behavior: stale when any AVAX/USD price used was stale', () => {
    expect(trade({ s1: viaAvax('s1'), s2: viaAvax('s2', { stale: true }) }).usd).toMatchObject({
      method: 'DIRECT',
      stale: true,
    })
  })

  test('error: an ERROR swap makes that denomination ERROR, with its reason', () => {
    const { usd, avax } = trade({ s1: viaUsd('s1'), s2: viaAvax('s2', { noAvaxUsd: true }) })
    expect(avax).toEqual({ denomination: 'AVAX', method: 'DIRECT', value: '1.4', stale: false })
    expect(usd).toMatchInlineSnapshot(`
      {
        "code": "no_avax_usd_price",
        "denomination": "USD",
        "method": "ERROR",
        "reason": "Swap "s2" (leg 2 of the 2 its value counts) could not be valued in USD: No AVAX/USD price is known at block 100, so the swap's USD value cannot be computed from its AVAX value.",
      }
    `)
  })

  test('error: a GLOBAL swap with no canonical price', () => {
    expect(trade({ s1: viaCanonical('s1', false), s2: viaAvax('s2') })).toMatchObject({
      usd: { method: 'ERROR', code: 'no_canonical_price' },
      avax: { method: 'ERROR', code: 'no_canonical_price' },
    })
  })

  test('error: a swap without values, an empty route', () => {
    expect(() =>
      valueTrade({ trade: { id: 't1', route: ['s1', 's2'] }, swapValues: new Map([['s1', viaAvax('s1')]]) }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [MissingSwapValuesError: Trade "t1" counts swap "s2", whose values were not given.
      Value every swap of a trade with \`valueSwap\` before valuing the trade.]
    `)
    expect(() => valueTrade({ trade: { id: 't1', route: [] }, swapValues: new Map() })).toThrow(
      'Trade "t1" counts no swap in its value (no asset legs), so it has no value.',
    )
    expect(() =>
      valueTrade({
        trade: { id: 't1', route: ['s1'], assetLegs: [] },
        swapValues: new Map([['s1', viaAvax('s1')]]),
      }),
    ).toThrow('Trade "t1" counts no swap in its value (no asset legs), so it has no value.')
  })
})

describe('valueTrade: asset legs', () => {
  /** A USDC → WAVAX hop (valued in USD from its USDC side), then the asset's legs. */
  const hop = (id: string) =>
    valueSwap({
      swap: swap(id, {
        baseToken: '0xwavax',
        quoteToken: '0xusdc',
        baseAmount: E18,
        quoteAmount: 25_000_000n,
      }),
      decision: decision('direct_usd'),
      baseDecimals: 18,
      quoteDecimals: 6,
      quoteTokenType: 'stable',
      avaxUsd,
    })
  const value = (route: string[], assetLegs: string[], values: Record<string, SwapValues>) =>
    valueTrade({ trade: { id: 't1', route, assetLegs }, swapValues: new Map(Object.entries(values)) })

  test('default: a multi-hop trade is worth its asset leg, not its hop as well', () => {
    // USDC → WAVAX → BLUB: 25 USD through the hop, then the same AVAX into BLUB: 25 USD, counted once.
    expect(value(['hop', 's1'], ['s1'], { hop: hop('hop'), s1: viaAvax('s1') })).toEqual({
      usd: { denomination: 'USD', method: 'DIRECT', value: '25', stale: false },
      avax: { denomination: 'AVAX', method: 'DIRECT', value: '1' }, // the WAVAX side itself: no AVAX/USD used
    })
  })

  test('behavior: a split over two asset legs is the sum of both, the hop left out', () => {
    expect(
      value(['hop', 's1', 's2'], ['s1', 's2'], { hop: hop('hop'), s1: viaAvax('s1'), s2: viaUsd('s2') }),
    ).toEqual({
      usd: { denomination: 'USD', method: 'DIRECT', value: '35', stale: false },
      avax: { denomination: 'AVAX', method: 'DIRECT', value: '1.4', stale: false },
    })
  })

  test("behavior: a hop's method and errors do not count: only the asset legs decide DIRECT, GLOBAL or ERROR", () => {
    const failedHop = viaAvax('hop', { noAvaxUsd: true })
    expect(value(['hop', 's1'], ['s1'], { hop: failedHop, s1: viaAvax('s1') }).usd).toMatchObject({
      method: 'DIRECT',
      value: '25',
    })
    expect(value(['hop', 's1'], ['s1'], { hop: viaCanonical('hop'), s1: viaAvax('s1') }).avax).toMatchObject({
      method: 'DIRECT',
    })
    // The hop's values need not be given at all.
    expect(value(['hop', 's1'], ['s1'], { s1: viaCanonical('s1') }).usd).toMatchObject({
      method: 'GLOBAL',
      value: '20',
    })
  })

  test("error: an asset leg that could not be valued makes the trade ERROR, with that leg's reason", () => {
    expect(
      value(['hop', 's1', 's2'], ['s1', 's2'], {
        hop: hop('hop'),
        s1: viaAvax('s1'),
        s2: viaCanonical('s2', false),
      }).usd,
    ).toMatchInlineSnapshot(`
      {
        "code": "no_canonical_price",
        "denomination": "USD",
        "method": "ERROR",
        "reason": "Swap "s2" (leg 2 of the 2 its value counts) could not be valued in USD: No canonical price of token "0xblub" is known for the period holding 2023-11-14T22:13:20Z (block 100), so the swap cannot be valued GLOBAL.",
      }
    `)
  })
})
