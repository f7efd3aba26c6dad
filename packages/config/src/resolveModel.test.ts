import { expect, test } from 'vitest'
import {
  BLUB,
  FEED,
  LB_POOL,
  LFJ_POOL,
  modelData,
  problemsOf,
  sharedData,
  USDC,
  WAVAX,
  yamlText,
} from './_test/fixtures'
import { parseModelConfig, parseSharedConfig } from './load'
import { resolveModelConfig } from './resolveModel'

const shared = () => parseSharedConfig(yamlText(sharedData()), 'shared_v1_0.yaml').config
const model = (data = modelData()) => parseModelConfig(yamlText(data), 'blub_test_v1_0.yaml')

test('default: token references become addresses', () => {
  const resolved = resolveModelConfig(model(), shared())
  expect(resolved.tokens).toEqual([BLUB, WAVAX.toLowerCase()])
  expect(resolved.contracts).toEqual([FEED.toLowerCase(), LFJ_POOL])
})

test('error: every name the model uses must exist in the shared file', () => {
  const data = modelData()
  data.sources = ['avalanche_rpc', 'archive_rpc']
  data.tokens = ['BLUB', 'USDT']
  data.contracts = [FEED, LFJ_POOL, LB_POOL]
  expect(problemsOf(() => resolveModelConfig(model(data), shared()))).toEqual([
    'sources[1]: the source "archive_rpc" is not in the shared file\'s sources',
    'tokens[1]: the token "USDT" is not in the shared file\'s tokens',
    `contracts[2]: the contract "${LB_POOL}" is not in the shared file's contracts`,
  ])
})

test('error: a priced contract that is not a pool, and a method that does not fit the quote token', () => {
  const data = modelData()
  data.pool_pricing = [
    { pool: FEED, method: 'global', start_block: 1 },
    { pool: LFJ_POOL, method: 'direct_usd', start_block: 1 },
  ]
  expect(problemsOf(() => resolveModelConfig(model(data), shared()))).toEqual([
    `pool_pricing[0].pool: the contract "${FEED.toLowerCase()}" (Chainlink AVAX/USD) has no pool section in the shared file`,
    'pool_pricing[1].method: the method "direct_usd" needs a quote token of type "stable", but the pool\'s quote token WAVAX is of type "wrapped_native"',
  ])
})

test('error: a pricing pool left to a shared default that is global', () => {
  const sharedGlobal = sharedData()
  ;(sharedGlobal.contracts as { pool?: { pricing?: unknown } }[])[1]!.pool!.pricing = undefined
  const data = modelData()
  data.pool_pricing = [{ pool: LFJ_POOL, method: 'use_global_default', start_block: 1, pricing_pool: true }]
  const config = parseSharedConfig(yamlText(sharedGlobal), 'shared_v1_0.yaml').config
  expect(problemsOf(() => resolveModelConfig(model(data), config))).toEqual([
    `pool_pricing[0].pricing_pool: a pricing pool cannot be priced with "global", and the default of "${LFJ_POOL}" in the shared file is absent (so global)`,
  ])
})

test('default: the target asset becomes an address', () => {
  const data = modelData()
  data.target_asset = 'BLUB'
  expect(resolveModelConfig(model(data), shared()).target_asset).toBe(BLUB)
  data.target_asset = WAVAX
  expect(resolveModelConfig(model(data), shared()).target_asset).toBe(WAVAX.toLowerCase())
  expect(resolveModelConfig(model(), shared())).not.toHaveProperty('target_asset')
})

test("error: a target asset the shared file does not have, or that is not one of the model's tokens", () => {
  const data = modelData()
  data.target_asset = 'BLUBB'
  expect(problemsOf(() => resolveModelConfig(model(data), shared()))).toEqual([
    'target_asset: the token "BLUBB" is not in the shared file\'s tokens',
  ])
  data.target_asset = 'USDC'
  expect(problemsOf(() => resolveModelConfig(model(data), shared()))).toEqual([
    `target_asset: the target asset USDC (${USDC.toLowerCase()}) is not one of this model's tokens; add it to tokens`,
  ])
})
