import { describe, expect, test } from 'vitest'
import { BLUB, GLOBAL_POOL, PRICING_POOL, pricingSetup, USD_POOL, USDC, WAVAX } from './_test/pricingSetup'
import type { AvaxUsdPrice } from './avaxUsd'
import { canonicalWindow } from './canonicalWindow'
import * as decimal from './decimal'
import { priceCanonicalToken } from './priceCanonicalToken'
import { type BlockSwap, valueDirectSwaps } from './valueDirectSwaps'
import { asOfKey, valueGlobalSwaps } from './valueGlobalSwaps'
import { createPacer } from './yieldToIo'

const E18 = 10n ** 18n
const swap = (
  id: string,
  pool: string,
  block: bigint,
  base: bigint,
  quote: bigint,
  quoteToken = WAVAX,
): BlockSwap => ({
  id,
  blockNumber: block,
  blockTimestamp: 6_000n + (block - 100n) * 4n,
  pool,
  baseToken: BLUB,
  quoteToken,
  baseAmount: base,
  quoteAmount: quote,
})
/** Block 99: a swap before the pricing pool's config; 100: the pricing pool at 0.4 USD; 101: a GLOBAL and a USD-pool swap; 102: the pricing pool at twice the price. */
const blocks = [
  { poolSwaps: [swap('early', PRICING_POOL, 99n, 10n * E18, E18)] },
  { poolSwaps: [swap('s1', PRICING_POOL, 100n, 100n * E18, 2n * E18)] },
  {
    poolSwaps: [
      swap('g1', GLOBAL_POOL, 101n, 10n * E18, E18),
      swap('u1', USD_POOL, 101n, 50n * E18, 10_000_000n, USDC),
    ],
  },
  { poolSwaps: [swap('s2', PRICING_POOL, 102n, 100n * E18, 4n * E18)] },
]
const avaxUsd = new Map<bigint, AvaxUsdPrice>(
  [99n, 100n, 101n, 102n].map((block) => [
    block,
    {
      price: '20',
      blockNumber: block,
      stale: false,
      ageSeconds: 0,
      answer: 2_000_000_000n,
      roundId: 1n,
      updatedAt: 6_000n,
    },
  ]),
)
const same = (value: string | null | undefined, expected: string) =>
  expect(
    value !== null && value !== undefined && decimal.compare(decimal.parse(value), decimal.parse(expected)),
  ).toBe(0)

describe('pricing consecutive blocks, step by step', () => {
  const setup = pricingSetup()

  test('valueDirectSwaps: direct swaps valued, the others left for canonical prices', async () => {
    const { values, decisions, globalSwaps } = await valueDirectSwaps({
      setup,
      blocks,
      avaxUsd,
      pace: createPacer(),
    })
    expect(globalSwaps.map((s) => s.id)).toEqual(['early', 'g1'])
    expect([...values.keys()].sort()).toEqual(['s1', 's2', 'u1'])
    expect(decisions.get('u1')).toMatchObject({
      method: 'direct_usd',
      tier: 'contract_default',
      contractId: 11,
    })
    const s1 = values.get('s1')!
    expect(s1.usd.method).toBe('DIRECT_AVAX')
    if (s1.usd.method === 'ERROR' || s1.avax.method === 'ERROR') throw new Error('s1 was not valued')
    same(s1.avax.value, '2')
    same(s1.usd.value, '40')
    const u1 = values.get('u1')!
    if (u1.usd.method === 'ERROR' || u1.avax.method === 'ERROR') throw new Error('u1 was not valued')
    same(u1.usd.value, '10')
    same(u1.avax.value, '0.5')
  })

  test('canonicalWindow: only direct swaps of the pricing pools at their block, earlier ones first', async () => {
    const { values } = await valueDirectSwaps({ setup, blocks, avaxUsd, pace: createPacer() })
    const earlier = [
      {
        id: 'stored',
        blockNumber: 98n,
        blockTimestamp: 5_992n,
        pool: PRICING_POOL,
        baseAmount: E18,
        valueUsd: '0.4',
        valueAvax: '0.02',
      },
    ]
    // Block 98 is before the pool's config: not a pricing pool there, so the stored swap stays out.
    expect(canonicalWindow({ setup, token: BLUB, earlier, blocks, values }).map((s) => s.id)).toEqual([
      's1',
      's2',
    ])
    const later = [{ ...earlier[0]!, blockNumber: 100n, id: 'stored-100' }]
    expect(canonicalWindow({ setup, token: BLUB, earlier: later, blocks, values }).map((s) => s.id)).toEqual([
      'stored-100',
      's1',
      's2',
    ])
  })

  test('behavior: a GLOBAL swap is valued at the canonical price as of its block, never a later swap', async () => {
    const { values, decisions, globalSwaps } = await valueDirectSwaps({
      setup,
      blocks,
      avaxUsd,
      pace: createPacer(),
    })
    const { prices, asOf } = await priceCanonicalToken({
      setup,
      token: BLUB,
      window: canonicalWindow({ setup, token: BLUB, earlier: [], blocks, values }),
      previous: undefined,
      from: 6_000,
      until: 6_008n,
      globalSwaps,
    })
    expect(prices.map((p) => p.periodStart)).toEqual([6_000])
    // As of block 101 only s1 (0.4 USD, 0.02 AVAX per BLUB) is in the window; s2 (block 102) is not.
    same(asOf.get(101n)?.priceUsd, '0.4')
    same(asOf.get(101n)?.priceAvax, '0.02')
    expect(asOf.get(99n)?.priceUsd ?? null).toBeNull()

    valueGlobalSwaps({
      setup,
      globalSwaps,
      decisions,
      avaxUsd,
      canonicalAsOf: new Map([...asOf].map(([block, price]) => [asOfKey(BLUB, block), price])),
      values,
    })
    const g1 = values.get('g1')!
    if (g1.usd.method !== 'GLOBAL' || g1.avax.method !== 'GLOBAL') throw new Error('g1 was not valued GLOBAL')
    same(g1.usd.value, '4')
    same(g1.avax.value, '0.2')
    const early = values.get('early')!
    expect([early.usd.method, early.avax.method]).toEqual(['ERROR', 'ERROR'])
  })
})
