import { describe, expect, test } from 'vitest'
import { decidePricingMethod } from './decidePricingMethod'

describe('decidePricingMethod', () => {
  const pool = {
    id: 7,
    pricingMethod: 'direct_avax',
    pricingStartBlock: 100n,
    pricingEndBlock: 200n,
  } as const
  const config = (
    id: number,
    startBlock: bigint,
    endBlock: bigint | null,
    method: 'global' | 'direct_usd' | 'use_global_default',
  ) => ({
    id,
    startBlock,
    endBlock,
    method,
  })

  test('default: a config whose range holds the block decides', () => {
    expect(decidePricingMethod({ configs: [config(1, 50n, null, 'direct_usd')], pool, block: 150n })).toEqual(
      {
        method: 'direct_usd',
        tier: 'model_config',
        configId: 1,
      },
    )
  })

  test('behavior: ranges are [start, end): the end block is outside', () => {
    const configs = [config(1, 50n, 150n, 'global')]
    expect(decidePricingMethod({ configs, pool, block: 50n }).tier).toBe('model_config')
    expect(decidePricingMethod({ configs, pool, block: 149n }).tier).toBe('model_config')
    expect(decidePricingMethod({ configs, pool, block: 150n })).toEqual({
      method: 'direct_avax',
      tier: 'contract_default',
      contractId: 7,
    })
    expect(decidePricingMethod({ configs, pool, block: 200n })).toEqual({ method: 'global', tier: 'global' })
    expect(decidePricingMethod({ configs, pool, block: 49n })).toEqual({ method: 'global', tier: 'global' })
  })

  test('behavior: overlapping configs: the latest start wins, whatever the order', () => {
    const configs = [
      config(3, 120n, null, 'direct_usd'),
      config(1, 50n, null, 'global'),
      config(2, 100n, 300n, 'global'),
    ]
    expect(decidePricingMethod({ configs, pool, block: 110n })).toMatchObject({
      configId: 2,
      method: 'global',
    })
    expect(decidePricingMethod({ configs, pool, block: 130n })).toMatchObject({
      configId: 3,
      method: 'direct_usd',
    })
  })

  test('behavior: use_global_default defers to the contract default, then global — never to an earlier config', () => {
    const configs = [config(1, 50n, null, 'direct_usd'), config(2, 120n, null, 'use_global_default')]
    expect(decidePricingMethod({ configs, pool, block: 150n })).toEqual({
      method: 'direct_avax',
      tier: 'contract_default',
      configId: 2,
      contractId: 7,
    })
    expect(decidePricingMethod({ configs, pool, block: 250n })).toEqual({
      method: 'global',
      tier: 'global',
      configId: 2,
    })
  })

  test('behavior: a pool with no default falls to global', () => {
    const bare = { id: 8, pricingMethod: null, pricingStartBlock: null, pricingEndBlock: null }
    expect(decidePricingMethod({ configs: [], pool: bare, block: 1n })).toEqual({
      method: 'global',
      tier: 'global',
    })
  })
})
