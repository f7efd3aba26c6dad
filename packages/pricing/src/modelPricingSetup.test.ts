import { describe, expect, test } from 'vitest'
import { BLUB, GLOBAL_POOL, PRICING_POOL, pricingSetup, USD_POOL } from './_test/pricingSetup'
import {
  decideSwapMethod,
  isPricingPoolAt,
  periodOf,
  poolsOf,
  pricingTokensOf,
  windowOpens,
} from './modelPricingSetup'

describe('modelPricingSetup', () => {
  const setup = pricingSetup()

  test('decideSwapMethod: the model config, the contract default, global in an untracked pool', () => {
    expect(decideSwapMethod(setup, { pool: PRICING_POOL, blockNumber: 100n })).toEqual({
      method: 'direct_avax',
      tier: 'model_config',
      configId: 100,
    })
    expect(decideSwapMethod(setup, { pool: USD_POOL, blockNumber: 5n })).toEqual({
      method: 'direct_usd',
      tier: 'contract_default',
      configId: undefined,
      contractId: 11,
    })
    expect(
      decideSwapMethod(setup, { pool: '0x0000000000000000000000000000000000000001', blockNumber: 5n }),
    ).toEqual({ method: 'global', tier: 'global' })
  })

  test('behavior: before its config starts, the pricing pool is neither direct nor a pricing pool', () => {
    expect(decideSwapMethod(setup, { pool: PRICING_POOL, blockNumber: 99n })).toEqual({
      method: 'global',
      tier: 'global',
      configId: undefined,
    })
    expect(isPricingPoolAt(setup, PRICING_POOL, 99n)).toBe(false)
    expect(isPricingPoolAt(setup, PRICING_POOL, 100n)).toBe(true)
    expect(isPricingPoolAt(setup, GLOBAL_POOL, 100n)).toBe(false)
    expect(isPricingPoolAt(setup, USD_POOL, 100n)).toBe(false)
  })

  test("pricingTokensOf / poolsOf: the tokens the pricing pools price, and a token's pools", () => {
    expect(pricingTokensOf(setup)).toEqual([BLUB])
    expect(poolsOf(setup, BLUB).sort()).toEqual([PRICING_POOL, USD_POOL, GLOBAL_POOL].sort())
    expect(poolsOf(setup, '0x00')).toEqual([])
  })

  test('periodOf / windowOpens: periods start on multiples of their length; the window opens trailing − 1 periods earlier', () => {
    expect(periodOf(6_059n, 60)).toBe(6_000)
    expect(periodOf(6_060n, 60)).toBe(6_060)
    expect(windowOpens(setup, 6_059n)).toBe(5_940)
  })
})
