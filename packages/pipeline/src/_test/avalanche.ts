// Test-only: Avalanche C-Chain facts from docs (DESIGN.md, "Avalanche C-Chain
// facts"), lowercase. Addresses marked "synthetic" are made up for tests.

import type { Address } from 'viem'

export const CHAIN_ID = 43114

export const WAVAX: Address = '0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7'
export const USDC: Address = '0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e'
export const USDT: Address = '0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7'
export const BLUB: Address = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'

/** BLUB/WAVAX on LFJ v1 (Uniswap-V2-style): token0 BLUB, token1 WAVAX. */
export const BLUB_WAVAX_LFJ_V1: Address = '0x39888258d60fed9228f89e13eb57a92f1fa832eb'
/** BLUB/WAVAX on LFJ Liquidity Book. */
export const BLUB_WAVAX_LB: Address = '0xcb4c6fdcfb7d868df5f1e3d0018438205b243fd6'
/** BLUB/WAVAX on Pharaoh v1 (V2-style). */
export const BLUB_WAVAX_PHARAOH_V1: Address = '0xa87866ba0d82155d0ff36ad06e555aebc98595ca'
/** BLUB/WAVAX on Pharaoh CL (Uniswap-V3-style): token0 BLUB, token1 WAVAX. */
export const BLUB_WAVAX_PHARAOH_CL: Address = '0x3fc41c1ae339322ab87b6ba48e30781d88a304d4'
/** Synthetic: a USDt/WAVAX concentrated-liquidity pool (token0 USDt, token1 WAVAX; base WAVAX). */
export const USDT_WAVAX_CL: Address = '0x00000000000000000000000000000000000a0006'
/** Synthetic: a concentrated-liquidity position manager (the NFT contract). */
export const CL_POSITION_MANAGER: Address = '0x00000000000000000000000000000000000a0007'
/** Synthetic: a WAVAX/USDC V2-style pair (token0 WAVAX, token1 USDC by address order). */
export const WAVAX_USDC_V2: Address = '0x00000000000000000000000000000000000a0001'
/** Synthetic: a USDt/WAVAX V2-style pair (token0 USDt, token1 WAVAX by address order). */
export const USDT_WAVAX_V2: Address = '0x00000000000000000000000000000000000a0002'
/** Synthetic: a second BLUB/WAVAX V2-style pair (token0 BLUB, token1 WAVAX), for orders split over two pools. */
export const BLUB_WAVAX_V2_B: Address = '0x00000000000000000000000000000000000a0005'
/** Synthetic: a BLUB/USDC V2-style pair (token0 BLUB, token1 USDC by address order). */
export const BLUB_USDC_V2: Address = '0x00000000000000000000000000000000000a0004'
/** Synthetic: the aggregator behind the Chainlink AVAX/USD proxy (the proxy itself emits no events). */
export const AVAX_USD_AGGREGATOR: Address = '0x00000000000000000000000000000000000a0003'

export const LFJ_V1_ROUTER: Address = '0x60ae616a2155ee3d9a68541ba4544862310933d4'
export const LB_ROUTER_V2_2: Address = '0x18556da13313f3532c54711497a8fedac273220e'
export const ODOS_V2_ROUTER: Address = '0x88de50b233052e4fb783d4f6db78cc34fea3e9fc'
export const LFJ_AGGREGATOR: Address = '0x45a62b090df48243f12a21897e7ed91863e2c86b'

/** Synthetic traders. */
export const ALICE: Address = '0x00000000000000000000000000000000000a11ce'
export const BOB: Address = '0x0000000000000000000000000000000000000b0b'
export const CAROL: Address = '0x00000000000000000000000000000000000ca201'

export const ZERO: Address = '0x0000000000000000000000000000000000000000'

/** Blocks the old system used as test cases (their contents here are synthetic). */
export const BLOCKS = {
  lfjV1Swap: 61090576n,
  mint: 58584385n,
  burn: 58277747n,
  lbSwap: 63269916n,
  depositedToBins: 58570137n,
  withdrawnFromBins: 58376529n,
} as const
