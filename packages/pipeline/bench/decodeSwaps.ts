// `pnpm bench:decode`: what decoding and orienting one pool swap costs, per
// pool type — a Uniswap-V2-style pair's `Swap` against a concentrated-
// liquidity pool's (signed amounts, √price, liquidity, tick, and the exact
// pool price computed from the √price). Prints nanoseconds per swap for each;
// no target is asserted (figures, not a test).
//
// Options: --swaps N (per block, default 2000), --rounds N (default 30).

import { parseArgs } from 'node:util'
import type { Address } from 'viem'
import { ALICE, BLUB, BLUB_WAVAX_LFJ_V1, BLUB_WAVAX_PHARAOH_CL, BOB, WAVAX } from '../src/_test/avalanche'
import { createTestBlock } from '../src/_test/blocks'
import { uniswapV2PairAbi, uniswapV3PoolAbi } from '../src/abi/abis'
import { createTrackedContracts } from '../src/decode/createTrackedContracts'
import { decodeBlockLogs } from '../src/decode/decodeBlockLogs'
import { toPoolSwaps } from '../src/transform/toPoolSwaps'

const { values } = parseArgs({
  options: { swaps: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '30' } },
})
const swaps = Number(values.swaps)
const rounds = Number(values.rounds)

const tracked = createTrackedContracts([
  { address: BLUB_WAVAX_LFJ_V1, type: 'uniswap_v2_pair', pool: { baseToken: BLUB, quoteToken: WAVAX } },
  {
    address: BLUB_WAVAX_PHARAOH_CL,
    type: 'uniswap_v3_pool',
    pool: { baseToken: BLUB, quoteToken: WAVAX, baseDecimals: 18, quoteDecimals: 18 },
  },
])

/** A block of `swaps` swaps of one pool, alternating buys and sells with varied amounts. */
function block(pool: Address) {
  const built = createTestBlock()
  for (let i = 0; i < swaps; i++) {
    const blub = 10n ** 18n * BigInt(1000 + i)
    const wavax = 10n ** 15n * BigInt(300 + i)
    const buy = i % 2 === 0
    const transaction = built.transaction({ from: ALICE })
    if (pool === BLUB_WAVAX_LFJ_V1)
      transaction.log(pool, uniswapV2PairAbi, 'Swap', {
        sender: BOB,
        amount0In: buy ? 0n : blub,
        amount1In: buy ? wavax : 0n,
        amount0Out: buy ? blub : 0n,
        amount1Out: buy ? 0n : wavax,
        to: ALICE,
      })
    else
      transaction.log(pool, uniswapV3PoolAbi, 'Swap', {
        sender: BOB,
        recipient: ALICE,
        amount0: buy ? -blub : blub,
        amount1: buy ? wavax : -wavax,
        sqrtPriceX96: 2n ** 96n / 100n + BigInt(i) * 1_000_003n,
        liquidity: 10n ** 24n + BigInt(i),
        tick: -92_000 + i,
      })
  }
  return built.build()
}

/** Nanoseconds per swap, best of `rounds`: decoding only, and decoding then orienting (`toPoolSwaps`). */
function measure(pool: Address): { decode: number; orient: number } {
  const source = block(pool)
  let decode = Number.POSITIVE_INFINITY
  let orient = Number.POSITIVE_INFINITY
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint()
    const { events } = decodeBlockLogs(source, tracked)
    const decoded = process.hrtime.bigint()
    const { swaps: out } = toPoolSwaps({ chainId: 43114, block: source, events })
    const end = process.hrtime.bigint()
    if (out.length !== swaps) throw new Error(`Expected ${swaps} swaps, got ${out.length}.`)
    decode = Math.min(decode, Number(decoded - start) / swaps)
    orient = Math.min(orient, Number(end - start) / swaps)
  }
  return { decode, orient }
}

// Warm both paths up, then measure each (best of `rounds`).
measure(BLUB_WAVAX_LFJ_V1)
measure(BLUB_WAVAX_PHARAOH_CL)
const v2 = measure(BLUB_WAVAX_LFJ_V1)
const cl = measure(BLUB_WAVAX_PHARAOH_CL)
const ns = (value: number) => `${value.toFixed(0).padStart(6)} ns`
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`
console.log(`one swap, best of ${rounds} rounds of ${swaps} swaps:`)
console.log('                    decode       decode + orient')
console.log(`  uniswap_v2_pair   ${ns(v2.decode)}    ${ns(v2.orient)}`)
console.log(
  `  uniswap_v3_pool   ${ns(cl.decode)}    ${ns(cl.orient)}   (${ratio(cl.decode, v2.decode)} and ${ratio(cl.orient, v2.orient)} the V2 swap; orienting a CL swap includes its exact pool price)`,
)
