import { describe, expect, test } from 'vitest'
import type { PricingDecision } from './decidePricingMethod'
import type { PricingSwap } from './types'
import { type ValueSwapParameters, valueSwap } from './valueSwap'

const BLUB = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
const WAVAX = '0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7'
const USDC = '0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e'
const BLUB_WAVAX = '0x39888258d60fed9228f89e13eb57a92f1fa832eb'
const BLUB_USDC = '0x00000000000000000000000000000000000b1b0c'
const E18 = 10n ** 18n

const swap = (overrides: Partial<PricingSwap> = {}): PricingSwap => ({
  id: '43114:0xabc:3:pool_swap',
  blockNumber: 61_090_576n,
  blockTimestamp: 1_740_000_030n,
  pool: BLUB_WAVAX,
  direction: 'buy',
  baseToken: BLUB,
  quoteToken: WAVAX,
  baseAmount: 2_000n * E18,
  quoteAmount: E18,
  ...overrides,
})
const avaxUsd = { price: '25.12345678', blockNumber: 61_090_576n, stale: false, ageSeconds: 42 }
const modelConfig: PricingDecision = { method: 'direct_avax', tier: 'model_config', configId: 1 }

const direct = (overrides: Partial<ValueSwapParameters> = {}) =>
  valueSwap({
    swap: swap(),
    decision: modelConfig,
    baseDecimals: 18,
    quoteDecimals: 18,
    quoteTokenType: 'wrapped_native',
    avaxUsd,
    ...overrides,
  })

const usdcSwap = (overrides: Partial<PricingSwap> = {}) =>
  swap({ pool: BLUB_USDC, quoteToken: USDC, quoteAmount: 2_500_000n, baseAmount: 1_000n * E18, ...overrides })
const directUsd = (overrides: Partial<ValueSwapParameters> = {}) =>
  direct({
    swap: usdcSwap(),
    decision: { method: 'direct_usd', tier: 'contract_default', contractId: 9 },
    quoteDecimals: 6,
    quoteTokenType: 'stable',
    ...overrides,
  })

const canonical = {
  priceUsd: '0.123456789012345678901234567891',
  priceAvax: '0.004914071271186347829160317029',
  periodStart: 1_740_000_000,
}
const global = (overrides: Partial<ValueSwapParameters> = {}) =>
  direct({
    decision: { method: 'global', tier: 'global' },
    avaxUsd: undefined,
    canonical,
    ...overrides,
  })

describe('DIRECT_AVAX', () => {
  test('default', () => {
    expect(direct()).toEqual({
      avax: {
        denomination: 'AVAX',
        method: 'DIRECT_AVAX',
        value: '1',
        price: '0.0005',
        tier: 'model_config',
        configId: 1,
      },
      usd: {
        denomination: 'USD',
        method: 'DIRECT_AVAX',
        value: '25.12345678',
        price: '0.01256172839',
        stale: false,
        tier: 'model_config',
        configId: 1,
      },
    })
  })

  test('behavior: a swap of 1 wei for 1 wei is valued exactly', () => {
    const { avax, usd } = direct({ swap: swap({ baseAmount: 1n, quoteAmount: 1n }) })
    expect(avax).toMatchObject({ value: '0.000000000000000001', price: '1' })
    expect(usd).toMatchObject({ value: '0.00000000000000002512345678', price: '25.12345678' })
  })

  test('behavior: a swap of 10^30 base units is valued exactly to 30 digits', () => {
    const { avax, usd } = direct({
      swap: swap({ baseAmount: 10n ** 30n, quoteAmount: 3n * 10n ** 29n + 7n }),
    })
    expect(avax).toMatchObject({
      value: '300000000000.000000000000000007',
      price: '0.300000000000000000000000000007',
    })
    // Exact: 7537037034000.00000000000000017586419746 (26 digits, no rounding needed);
    // price 7.53703703400000000000000000017586419746 rounded half-even to 30 digits.
    expect(usd).toMatchObject({
      value: '7537037034000.00000000000000017586419746',
      price: '7.537037034000000000000000000176',
    })
  })

  test('behavior: a zero quote amount is a value of 0, not an error', () => {
    expect(direct({ swap: swap({ quoteAmount: 0n }) }).avax).toMatchObject({
      method: 'DIRECT_AVAX',
      value: '0',
      price: '0',
    })
  })

  test('behavior: a stale AVAX/USD price is flagged on the row that used it', () => {
    const { avax, usd } = direct({ avaxUsd: { ...avaxUsd, stale: true, ageSeconds: 90_000 } })
    expect(usd).toMatchObject({ method: 'DIRECT_AVAX', value: '25.12345678', stale: true })
    expect(avax).not.toHaveProperty('stale')
  })

  test('behavior: an AVAX/USD price read at an earlier block is used', () => {
    expect(direct({ avaxUsd: { ...avaxUsd, blockNumber: 61_090_500n } }).usd).toMatchObject({
      value: '25.12345678',
    })
  })

  test('error: no AVAX/USD price: the AVAX row stays, the USD row is ERROR', () => {
    const { avax, usd } = direct({ avaxUsd: undefined })
    expect(avax).toMatchObject({ method: 'DIRECT_AVAX', value: '1', price: '0.0005' })
    expect(usd).toMatchInlineSnapshot(`
      {
        "code": "no_avax_usd_price",
        "configId": 1,
        "denomination": "USD",
        "method": "ERROR",
        "reason": "No AVAX/USD price is known at block 61090576, so the swap's USD value cannot be computed from its AVAX value.",
        "tier": "model_config",
      }
    `)
  })

  test('error: an AVAX/USD price of 0 is never used', () => {
    const { avax, usd } = direct({ avaxUsd: { ...avaxUsd, price: '0' } })
    expect(avax.method).toBe('DIRECT_AVAX')
    expect(usd).toMatchObject({
      method: 'ERROR',
      code: 'invalid_avax_usd_price',
      reason:
        'The AVAX/USD price at block 61090576 is "0", which is not above zero, so the swap\'s USD value cannot be computed from its AVAX value.',
    })
  })

  test('error: the quote token is not WAVAX', () => {
    const { avax, usd } = direct({ swap: usdcSwap(), quoteDecimals: 6, quoteTokenType: 'stable' })
    expect(avax).toEqual({ ...usd, denomination: 'AVAX' })
    expect(usd).toMatchInlineSnapshot(`
      {
        "code": "quote_not_wavax",
        "configId": 1,
        "denomination": "USD",
        "method": "ERROR",
        "reason": "Pool "0x00000000000000000000000000000000000b1b0c" is priced DIRECT_AVAX, but its quote token "0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e" is not WAVAX (its type is "stable").",
        "tier": "model_config",
      }
    `)
  })
})

describe('DIRECT_USD', () => {
  test('default: USDC with 6 decimals', () => {
    expect(directUsd()).toEqual({
      usd: {
        denomination: 'USD',
        method: 'DIRECT_USD',
        value: '2.5',
        price: '0.0025',
        tier: 'contract_default',
        contractId: 9,
      },
      avax: {
        denomination: 'AVAX',
        method: 'DIRECT_USD',
        // 2.5 ÷ 25.12345678 and 2.5 ÷ (1000 × 25.12345678), each rounded half-even to 30 digits.
        value: '0.099508599548696339867287960045',
        price: '0.00009950859954869633986728796',
        stale: false,
        tier: 'contract_default',
        contractId: 9,
      },
    })
  })

  test('behavior: records every id that decided (a config deferring to the contract default)', () => {
    const { usd, avax } = directUsd({
      decision: { method: 'direct_usd', tier: 'contract_default', configId: 3, contractId: 9 },
    })
    expect(usd).toMatchObject({ method: 'DIRECT_USD', tier: 'contract_default', configId: 3, contractId: 9 })
    expect(avax).toMatchObject({ method: 'DIRECT_USD', tier: 'contract_default', configId: 3, contractId: 9 })
  })

  test('behavior: 1 wei of the base token for 1 unit of USDC', () => {
    const { usd, avax } = directUsd({ swap: usdcSwap({ baseAmount: 1n, quoteAmount: 1n }) })
    expect(usd).toMatchObject({ value: '0.000001', price: '1000000000000' })
    expect(avax).toMatchObject({
      value: '0.000000039803439819478535946915',
      price: '39803439819.478535946915184017921597491251',
    })
  })

  test('behavior: 10^30 base units', () => {
    const { usd, avax } = directUsd({
      swap: usdcSwap({ baseAmount: 10n ** 30n, quoteAmount: 123_456_789_012_345_678n }),
    })
    expect(usd).toMatchObject({ value: '123456789012.345678', price: '0.123456789012345678' })
    expect(avax).toMatchObject({
      value: '4914004871.758960153730883206908758835216',
      price: '0.004914004871758960153730883207',
    })
  })

  test('behavior: a stale AVAX/USD price is flagged on the AVAX row', () => {
    const { usd, avax } = directUsd({ avaxUsd: { ...avaxUsd, stale: true } })
    expect(avax).toMatchObject({ method: 'DIRECT_USD', stale: true })
    expect(usd).not.toHaveProperty('stale')
  })

  test('error: no AVAX/USD price: the USD row stays, the AVAX row is ERROR', () => {
    const { usd, avax } = directUsd({ avaxUsd: undefined })
    expect(usd).toMatchObject({ method: 'DIRECT_USD', value: '2.5' })
    expect(avax).toMatchInlineSnapshot(`
      {
        "code": "no_avax_usd_price",
        "contractId": 9,
        "denomination": "AVAX",
        "method": "ERROR",
        "reason": "No AVAX/USD price is known at block 61090576, so the swap's AVAX value cannot be computed from its USD value.",
        "tier": "contract_default",
      }
    `)
  })

  test('error: the quote token is not a USD stablecoin', () => {
    const { usd, avax } = directUsd({ swap: swap(), quoteDecimals: 18, quoteTokenType: 'wrapped_native' })
    expect(avax.method).toBe('ERROR')
    expect(usd).toMatchInlineSnapshot(`
      {
        "code": "quote_not_stable",
        "contractId": 9,
        "denomination": "USD",
        "method": "ERROR",
        "reason": "Pool "0x39888258d60fed9228f89e13eb57a92f1fa832eb" is priced DIRECT_USD, but its quote token "0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7" is not a USD stablecoin (its type is "wrapped_native").",
        "tier": "contract_default",
      }
    `)
  })
})

describe('GLOBAL', () => {
  test('default: base amount × canonical price; the price is the canonical price', () => {
    expect(global()).toEqual({
      usd: {
        denomination: 'USD',
        method: 'GLOBAL',
        value: '246.913578024691357802469135782',
        price: '0.123456789012345678901234567891',
        tier: 'global',
      },
      avax: {
        denomination: 'AVAX',
        method: 'GLOBAL',
        value: '9.828142542372695658320634058',
        price: '0.004914071271186347829160317029',
        tier: 'global',
      },
    })
  })

  test('behavior: needs no AVAX/USD price and records the config that deferred', () => {
    const { usd } = global({ decision: { method: 'global', tier: 'global', configId: 4 } })
    expect(usd).toMatchObject({ method: 'GLOBAL', tier: 'global', configId: 4 })
    expect(usd).not.toHaveProperty('stale')
  })

  test('behavior: 1 wei and 10^30 + 1 base units, rounded half-even to 30 digits', () => {
    expect(global({ swap: swap({ baseAmount: 1n }) })).toMatchObject({
      usd: { value: '0.000000000000000000123456789012' },
      avax: { value: '0.000000000000000000004914071271' },
    })
    expect(global({ swap: swap({ baseAmount: 10n ** 30n + 1n }) })).toMatchObject({
      usd: { value: '123456789012.345678901234567891123456789012' },
      avax: { value: '4914071271.186347829160317029004914071271' },
    })
  })

  test('error: no canonical price for the period', () => {
    const { usd, avax } = global({ canonical: undefined })
    expect(avax).toEqual({ ...usd, denomination: 'AVAX' })
    expect(usd).toMatchInlineSnapshot(`
      {
        "code": "no_canonical_price",
        "denomination": "USD",
        "method": "ERROR",
        "reason": "No canonical price of token "0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd" is known for the period holding 2025-02-19T21:20:30Z (block 61090576), so the swap cannot be valued GLOBAL.",
        "tier": "global",
      }
    `)
  })
})

describe('every method', () => {
  test('error: a zero base amount has no price', () => {
    for (const run of [direct, directUsd, global]) {
      const { usd, avax } = run({ swap: swap({ baseAmount: 0n }) })
      expect(usd).toMatchObject({ method: 'ERROR', code: 'zero_base_amount' })
      expect(avax).toMatchObject({ method: 'ERROR', code: 'zero_base_amount' })
    }
    expect(direct({ swap: swap({ baseAmount: 0n }) }).usd).toMatchInlineSnapshot(`
      {
        "code": "zero_base_amount",
        "configId": 1,
        "denomination": "USD",
        "method": "ERROR",
        "reason": "The swap moved no base token (its base amount is 0), so it has no price.",
        "tier": "model_config",
      }
    `)
  })
})

describe('inputs no swap can have', () => {
  test('error: a negative amount', () => {
    expect(() => direct({ swap: swap({ quoteAmount: -1n }) })).toThrowErrorMatchingInlineSnapshot(`
      [NegativeSwapAmountError: Swap "43114:0xabc:3:pool_swap" has a negative quote amount "-1".
      Swap amounts are what moved, in base units, never below zero; the direction says which way.]
    `)
  })

  test('error: decimals outside 0–77', () => {
    expect(() => direct({ baseDecimals: 78 })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidTokenDecimalsError: The decimals of token "0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd" must be an integer between 0 and 77, got 78.]`,
    )
  })

  test('error: an AVAX/USD price from a later block', () => {
    expect(() =>
      direct({ avaxUsd: { ...avaxUsd, blockNumber: 61_090_577n } }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[PriceFromTheFutureError: Swap "43114:0xabc:3:pool_swap" at block 61090576 was given an AVAX/USD price from block 61090577, which is later than the swap.]`,
    )
  })

  test('error: a canonical price from a later period', () => {
    expect(() =>
      global({ canonical: { ...canonical, periodStart: 1_740_000_060 } }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[PriceFromTheFutureError: Swap "43114:0xabc:3:pool_swap" at 2025-02-19T21:20:30Z was given a canonical price from the period starting 2025-02-19T21:21:00Z, which is later than the swap.]`,
    )
  })

  test('error: an AVAX/USD price that is not a decimal', () => {
    expect(() => direct({ avaxUsd: { ...avaxUsd, price: '2.5e1' } })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidDecimalError: "2.5e1" is not an AVAX/USD price: expected digits with an optional fraction, like "25.12345678".]`,
    )
  })
})
