import type { ModelPricingSetup } from '../modelPricingSetup'

export const BLUB = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
export const WAVAX = '0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7'
export const USDC = '0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e'
/** BLUB/WAVAX: the model's pricing pool, `direct_avax`, from block 100. */
export const PRICING_POOL = '0x39888258d60fed9228f89e13eb57a92f1fa832eb'
/** BLUB/USDC: no model config; the shared file's default `direct_usd` from block 0. */
export const USD_POOL = '0xa87866ba0d82155d0ff36ad06e555aebc98595ca'
/** BLUB/WAVAX: `global` by the model's config. */
export const GLOBAL_POOL = '0x819fe65a885d40493f4b91e8a10e242018758432'

/** A model's pricing setup with three BLUB pools, one per method (one-minute periods, two of trailing window). */
export function pricingSetup(): ModelPricingSetup {
  return {
    modelId: 1,
    chainId: 43114,
    feed: { address: '0x0a77230d17318075983913bc2145db16c7366156', decimals: 8, heartbeatSeconds: 86_400 },
    tokens: new Map([
      [BLUB, { id: 1, symbol: 'BLUB', decimals: 18, type: 'erc20' as const }],
      [WAVAX, { id: 2, symbol: 'WAVAX', decimals: 18, type: 'wrapped_native' as const }],
      [USDC, { id: 3, symbol: 'USDC', decimals: 6, type: 'stable' as const }],
    ]),
    pools: new Map([
      [
        PRICING_POOL,
        {
          id: 10,
          address: PRICING_POOL,
          name: 'BLUB/WAVAX',
          baseToken: BLUB,
          quoteToken: WAVAX,
          pricingMethod: null,
          pricingStartBlock: null,
          pricingEndBlock: null,
          configs: [
            { id: 100, startBlock: 100n, endBlock: null, method: 'direct_avax' as const, pricingPool: true },
          ],
        },
      ],
      [
        USD_POOL,
        {
          id: 11,
          address: USD_POOL,
          name: 'BLUB/USDC',
          baseToken: BLUB,
          quoteToken: USDC,
          pricingMethod: 'direct_usd' as const,
          pricingStartBlock: 0n,
          pricingEndBlock: null,
          configs: [],
        },
      ],
      [
        GLOBAL_POOL,
        {
          id: 12,
          address: GLOBAL_POOL,
          name: 'BLUB/WAVAX launch',
          baseToken: BLUB,
          quoteToken: WAVAX,
          pricingMethod: null,
          pricingStartBlock: null,
          pricingEndBlock: null,
          configs: [
            { id: 101, startBlock: 0n, endBlock: null, method: 'global' as const, pricingPool: false },
          ],
        },
      ],
    ]),
    canonical: { periodSeconds: 60, trailingPeriods: 2, minVolumeUsd: '1', maxDeviation: '0.5' },
  }
}
