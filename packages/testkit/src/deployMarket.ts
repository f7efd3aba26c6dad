import { type Address, maxUint256, parseEther, parseUnits } from 'viem'
import { inOneBlock } from './chain'
import {
  createV2Pair,
  deployAggregator,
  deployTestRouter,
  deployTestToken,
  deployUniswapV2Factory,
  deployWrappedNative,
  isSameAddress,
  type V2Pair,
} from './contracts'
import { anvilAccounts, type TestkitClient } from './createTestkitClient'
import { addLiquidity } from './liquidity'
import { approve, mintToken, wrap } from './tokens'

export type DeployMarketParameters = {
  /** Deploys everything and provides the initial liquidity (default anvil account 0). */
  deployer?: Address | undefined
  /** Accounts funded with every token and with the router approved (default anvil accounts 1–9). */
  traders?: readonly Address[] | undefined
  /** The aggregator's first AVAX/USD answer, 8 decimals (default `25_00000000n`, 25 USD). */
  avaxUsd?: bigint | undefined
  /** Initial reserves of BLUB/WAVAX (default 10,000,000 BLUB and 1,000 WAVAX: 1 BLUB = 0.0001 AVAX). */
  blubWavaxLiquidity?: { blub: bigint; wavax: bigint } | undefined
  /** Initial reserves of WAVAX/USDC (default 1,000 WAVAX and 25,000 USDC, at the default 25 USD). */
  wavaxUsdcLiquidity?: { wavax: bigint; usdc: bigint } | undefined
  /** What each trader gets (default 1,000,000 BLUB, 100,000 USDC, 1,000 WAVAX wrapped from its AVAX). */
  traderFunds?: { blub: bigint; usdc: bigint; wavax: bigint } | undefined
}

export type Market = {
  deployer: Address
  traders: readonly Address[]
  tokens: {
    /** WAVAX-like wrapper, 18 decimals. */
    wavax: Address
    /** BLUB-like ERC-20, 18 decimals. */
    blub: Address
    /** USDC-like ERC-20, 6 decimals. */
    usdc: Address
  }
  /** Uniswap V2 factory (`@uniswap/v2-core`). */
  factory: Address
  /** The testkit's router (`swapViaRouter`). */
  router: Address
  /** AVAX/USD Chainlink-style feed, 8 decimals. */
  aggregator: Address
  pairs: {
    blubWavax: V2Pair
    wavaxUsdc: V2Pair
  }
  /** The first and last block of the deployment (contracts, funding, liquidity). */
  blocks: { first: bigint; last: bigint }
}

/**
 * Deploys a small Avalanche-like DeFi market on a testkit chain (automine on): WAVAX-like,
 * BLUB-like (18 decimals) and USDC-like (6 decimals) tokens, the Uniswap V2 factory and
 * its BLUB/WAVAX and WAVAX/USDC pairs, the testkit router, and an AVAX/USD aggregator;
 * then funds the traders and seeds both pairs' liquidity.
 *
 * On a fresh chain the tokens get the same order as on Avalanche (BLUB is token0 of
 * BLUB/WAVAX, WAVAX token0 of WAVAX/USDC); read `pairs.*.token0` rather than assume it.
 *
 * @example
 * ```ts
 * const anvil = await startAnvil()
 * const client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
 * const market = await deployMarket(client)
 * ```
 */
export async function deployMarket(
  client: TestkitClient,
  parameters: DeployMarketParameters = {},
): Promise<Market> {
  const deployer = parameters.deployer ?? anvilAccounts[0]
  const traders = parameters.traders ?? anvilAccounts.filter((account) => !isSameAddress(account, deployer))
  const avaxUsd = parameters.avaxUsd ?? 25_00000000n
  const blubWavax = parameters.blubWavaxLiquidity ?? {
    blub: parseEther('10000000'),
    wavax: parseEther('1000'),
  }
  const wavaxUsdc = parameters.wavaxUsdcLiquidity ?? {
    wavax: parseEther('1000'),
    usdc: parseUnits('25000', 6),
  }
  const funds = parameters.traderFunds ?? {
    blub: parseEther('1000000'),
    usdc: parseUnits('100000', 6),
    wavax: parseEther('1000'),
  }
  const first = (await client.getBlockNumber()) + 1n
  const from = deployer

  // Deployed in this order so that, from a fresh account, BLUB < WAVAX < USDC by address.
  const blub = await deployTestToken(client, { name: 'Blub', symbol: 'BLUB', decimals: 18, from })
  const usdc = await deployTestToken(client, { name: 'USD Coin', symbol: 'USDC', decimals: 6, from })
  const wavax = await deployWrappedNative(client, { from })
  const factory = await deployUniswapV2Factory(client, { from })
  const router = await deployTestRouter(client, { from })
  const aggregator = await deployAggregator(client, { initialAnswer: avaxUsd, from })
  const blubWavaxPair = await createV2Pair(client, { factory, tokenA: blub, tokenB: wavax, from })
  const wavaxUsdcPair = await createV2Pair(client, { factory, tokenA: wavax, tokenB: usdc, from })

  // One block funds everybody, the next seeds the pairs.
  await inOneBlock(client, async () => {
    await mintToken(client, { token: blub, to: deployer, amount: blubWavax.blub, from })
    await mintToken(client, { token: usdc, to: deployer, amount: wavaxUsdc.usdc, from })
    await wrap(client, { wavax, from: deployer, amount: blubWavax.wavax + wavaxUsdc.wavax })
    for (const trader of traders) {
      await mintToken(client, { token: blub, to: trader, amount: funds.blub, from })
      await mintToken(client, { token: usdc, to: trader, amount: funds.usdc, from })
      await wrap(client, { wavax, from: trader, amount: funds.wavax })
      for (const token of [blub, usdc, wavax]) {
        await approve(client, { token, from: trader, spender: router, amount: maxUint256 })
      }
    }
  })
  const { block } = await inOneBlock(client, async () => {
    await addLiquidity(client, {
      pair: blubWavaxPair,
      ...ordered(blubWavaxPair, blub, blubWavax.blub, blubWavax.wavax),
      from: deployer,
    })
    await addLiquidity(client, {
      pair: wavaxUsdcPair,
      ...ordered(wavaxUsdcPair, wavax, wavaxUsdc.wavax, wavaxUsdc.usdc),
      from: deployer,
    })
  })

  return {
    deployer,
    traders,
    tokens: { wavax, blub, usdc },
    factory,
    router,
    aggregator,
    pairs: { blubWavax: blubWavaxPair, wavaxUsdc: wavaxUsdcPair },
    blocks: { first, last: block.number },
  }
}

function ordered(pair: V2Pair, tokenA: Address, amountA: bigint, amountB: bigint) {
  return isSameAddress(pair.token0, tokenA)
    ? { amount0: amountA, amount1: amountB }
    : { amount0: amountB, amount1: amountA }
}
