import { type Address, maxUint256, parseEther, parseUnits } from 'viem'
import { inOneBlock } from './chain'
import { type RunClScenarioReturnType, runClScenario } from './clScenario'
import {
  createV2Pair,
  deployAggregator,
  deploySplitRouter,
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
  /**
   * Also deploy what aggregators' trades need: a second V2 factory with a second BLUB/WAVAX pair
   * (`pairs.blubWavaxB`, seeded with `blubWavaxBLiquidity`), so orders can split over two BLUB
   * pools, and the aggregator-style `TestSplitRouter` (`splitRouter`), approved by every trader.
   * Default false: the market is exactly what it was without them.
   */
  splitRouter?: boolean | undefined
  /** Initial reserves of the second BLUB/WAVAX pair (default 6,000,000 BLUB and 612 WAVAX: a price 2% above the first). */
  blubWavaxBLiquidity?: { blub: bigint; wavax: bigint } | undefined
  /**
   * Also run `runClScenario` once the market is seeded: Uniswap V3 with a BLUB/WAVAX
   * concentrated-liquidity pool, three positions and swaps across ticks, and a Solidly pair
   * (`cl`); `blocks.last` then ends with the scenario. It uses traders 0–7. Default false.
   */
  concentratedLiquidity?: boolean | undefined
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
  /** With `splitRouter: true`: the aggregator-style router (`swapViaSplitRouter`, `fillSplitOrders`) and the second factory. */
  splitRouter?: Address | undefined
  factoryB?: Address | undefined
  /** AVAX/USD Chainlink-style feed, 8 decimals. */
  aggregator: Address
  pairs: {
    blubWavax: V2Pair
    wavaxUsdc: V2Pair
    /** With `splitRouter: true`: a second BLUB/WAVAX pair, from a second factory. */
    blubWavaxB?: V2Pair | undefined
  }
  /** With `concentratedLiquidity: true`: what `runClScenario` deployed and did. */
  cl?: RunClScenarioReturnType | undefined
  /** The first and last block of the deployment (contracts, funding, liquidity, and the CL scenario if asked for). */
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
  // Deployed after everything else, so that the other contracts keep their addresses.
  const split = parameters.splitRouter ? await deploySplit(client, { blub, wavax, from }) : undefined
  const blubWavaxB = parameters.blubWavaxBLiquidity ?? {
    blub: parseEther('6000000'),
    wavax: parseEther('612'),
  }

  // One block funds everybody, the next seeds the pairs.
  await inOneBlock(client, async () => {
    const extra = split === undefined ? { blub: 0n, wavax: 0n } : blubWavaxB
    await mintToken(client, { token: blub, to: deployer, amount: blubWavax.blub + extra.blub, from })
    await mintToken(client, { token: usdc, to: deployer, amount: wavaxUsdc.usdc, from })
    await wrap(client, { wavax, from: deployer, amount: blubWavax.wavax + wavaxUsdc.wavax + extra.wavax })
    for (const trader of traders) {
      await mintToken(client, { token: blub, to: trader, amount: funds.blub, from })
      await mintToken(client, { token: usdc, to: trader, amount: funds.usdc, from })
      await wrap(client, { wavax, from: trader, amount: funds.wavax })
      for (const token of [blub, usdc, wavax]) {
        await approve(client, { token, from: trader, spender: router, amount: maxUint256 })
        if (split !== undefined)
          await approve(client, { token, from: trader, spender: split.router, amount: maxUint256 })
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
    if (split !== undefined)
      await addLiquidity(client, {
        pair: split.pair,
        ...ordered(split.pair, blub, blubWavaxB.blub, blubWavaxB.wavax),
        from: deployer,
      })
  })

  const market: Market = {
    deployer,
    traders,
    tokens: { wavax, blub, usdc },
    factory,
    router,
    ...(split === undefined ? {} : { splitRouter: split.router, factoryB: split.factory }),
    aggregator,
    pairs: {
      blubWavax: blubWavaxPair,
      wavaxUsdc: wavaxUsdcPair,
      ...(split === undefined ? {} : { blubWavaxB: split.pair }),
    },
    blocks: { first, last: block.number },
  }
  if (!parameters.concentratedLiquidity) return market
  const cl = await runClScenario(client, { market })
  return { ...market, cl, blocks: { first, last: cl.toBlock } }
}

/** The second factory, its BLUB/WAVAX pair and the split router. */
async function deploySplit(
  client: TestkitClient,
  { blub, wavax, from }: { blub: Address; wavax: Address; from: Address },
) {
  const factory = await deployUniswapV2Factory(client, { from })
  const pair = await createV2Pair(client, { factory, tokenA: blub, tokenB: wavax, from })
  const router = await deploySplitRouter(client, { from })
  return { factory, pair, router }
}

function ordered(pair: V2Pair, tokenA: Address, amountA: bigint, amountB: bigint) {
  return isSameAddress(pair.token0, tokenA)
    ? { amount0: amountA, amount1: amountB }
    : { amount0: amountB, amount1: amountA }
}
