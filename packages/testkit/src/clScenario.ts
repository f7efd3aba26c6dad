import { type Address, getAddress, type Hash, maxUint256, parseEther } from 'viem'
import { inOneBlock } from './chain'
import { encodeSqrtPriceX96, tickRange } from './clMath'
import {
  burnPosition,
  collectPosition,
  decreaseLiquidity,
  increaseLiquidity,
  mintPosition,
  readPosition,
  transferPosition,
} from './clPositions'
import { clSwap } from './clSwap'
import { solidlyPairAbi } from './contracts'
import type { TestkitClient } from './createTestkitClient'
import type { Market } from './deployMarket'
import {
  type ClPool,
  createClPool,
  deployUniswapV3,
  readClPoolState,
  type UniswapV3,
} from './deployUniswapV3'
import {
  addSolidlyLiquidity,
  deploySolidlyPair,
  removeSolidlyLiquidity,
  type SolidlyPair,
  solidlySwap,
} from './solidlyPair'
import { approve } from './tokens'

/** Where the scenario's Solidly pair moves its fees: an address nobody else uses. */
export const SOLIDLY_FEE_RECIPIENT: Address = getAddress('0x000000000000000000000000000000000000fee5')

export type RunClScenarioParameters = {
  /** A market of `deployMarket` (its BLUB, WAVAX, deployer and funded traders are used). */
  market: Market
  /** The pool's fee tier (default 3000: tick spacing 60). */
  fee?: number | undefined
}

/** One position the scenario opened, and what happened to it. */
export type ClScenarioPosition = {
  tokenId: bigint
  /** Who minted it. */
  minter: Address
  /** Its owner at the end (the zero address once burned). */
  owner: Address
  tickLower: number
  tickUpper: number
  burned: boolean
}

export type RunClScenarioReturnType = {
  uniswapV3: UniswapV3
  /** BLUB/WAVAX, fee tier `fee`, initialised at 1 BLUB = 0.0001 WAVAX (the V2 pair's price). */
  pool: ClPool
  positions: {
    /** ±50 tick spacings around the start price; liquidity increased, fees collected, then transferred. */
    wide: ClScenarioPosition
    /** ±5 tick spacings; the swaps cross both its ticks; finally decreased to zero, collected and burned. */
    narrow: ClScenarioPosition
    /** Wholly above the start price (only BLUB deposited); out of range when minted. */
    outOfRange: ClScenarioPosition
  }
  /** The pool's tick when it was initialised (before any liquidity or swap). */
  startTick: number
  /** The CL swaps through the router, in chain order (amounts as the router's run against the pending state gave them). */
  swaps: { hash: Hash; blockNumber: bigint; tokenIn: Address; amountIn: bigint; amountOut: bigint }[]
  solidly: {
    pair: SolidlyPair
    swaps: { hash: Hash; tokenIn: Address; amountIn: bigint; amountOut: bigint; fee: bigint }[]
  }
  /** Who did what: the LPs of the three positions, the swappers, the NFT's receiver, the Solidly LP and trader. */
  accounts: {
    wideLp: Address
    narrowLp: Address
    outOfRangeLp: Address
    swappers: readonly [Address, Address]
    nftReceiver: Address
    solidlyLp: Address
    solidlyTrader: Address
  }
  /** The first and last block of the scenario (deployments included). */
  fromBlock: bigint
  toBlock: bigint
}

/**
 * On a chain with a `deployMarket` market (automine on), runs a reproducible
 * concentrated-liquidity and Solidly scenario with the market's BLUB and WAVAX:
 *
 * 1. deploys Uniswap V3 (factory, position manager, swap router), creates BLUB/WAVAX at the V2
 *    pair's price; the LPs approve the manager and the swappers the router (one block);
 * 2. mints three positions in one block: wide and narrow around the price, one wholly above it;
 * 3. swaps over three blocks, both ways, through the router: BLUB sells that push the tick below
 *    the narrow range, a WAVAX buy that crosses it upwards past its upper tick, then a sell back;
 * 4. adds to the wide position, collects its fees, decreases the narrow one to zero, collects it
 *    and burns its NFT, transfers the wide NFT (`safeTransferFrom`) to another account, swaps
 *    again and lets the new owner collect;
 * 5. deploys a Solidly pair BLUB/WAVAX (fee 0.2% to `SOLIDLY_FEE_RECIPIENT`), adds liquidity,
 *    swaps both ways over two blocks and removes a tenth of the liquidity.
 *
 * @example
 * ```ts
 * const market = await deployMarket(client)
 * const scenario = await runClScenario(client, { market })
 * // index scenario.fromBlock..scenario.toBlock; compare with readClChainEvents(…)
 * ```
 */
export async function runClScenario(
  client: TestkitClient,
  parameters: RunClScenarioParameters,
): Promise<RunClScenarioReturnType> {
  const { market } = parameters
  const { blub, wavax } = market.tokens
  const [wideLp, narrowLp, outOfRangeLp, swapperA, swapperB, nftReceiver, solidlyLp, solidlyTrader] =
    market.traders as readonly Address[]
  if (solidlyTrader === undefined)
    throw new RangeError(
      `The CL scenario needs a market with at least 8 traders, not ${market.traders.length}.`,
    )
  const fromBlock = (await client.getBlockNumber()) + 1n
  const from = market.deployer

  const uniswapV3 = await deployUniswapV3(client, { wrappedNative: wavax, from })
  const { positionManager, swapRouter } = uniswapV3
  // 1 BLUB = 0.0001 WAVAX, the V2 pair's start price (both tokens 18 decimals).
  const [amountBlub, amountWavax] = [10_000n, 1n]
  const sqrtPriceX96 =
    BigInt(blub) < BigInt(wavax)
      ? encodeSqrtPriceX96(amountBlub, amountWavax)
      : encodeSqrtPriceX96(amountWavax, amountBlub)
  const pool = await createClPool(client, {
    factory: uniswapV3.factory,
    tokenA: blub,
    tokenB: wavax,
    fee: parameters.fee ?? 3000,
    sqrtPriceX96,
    from,
  })
  await inOneBlock(client, async () => {
    for (const lp of [wideLp, narrowLp, outOfRangeLp, nftReceiver])
      for (const token of [blub, wavax])
        await approve(client, { token, from: lp!, spender: positionManager, amount: maxUint256 })
    for (const swapper of [swapperA, swapperB])
      for (const token of [blub, wavax])
        await approve(client, { token, from: swapper!, spender: swapRouter, amount: maxUint256 })
  })

  // Amounts per side of the pool: token0/token1 whatever the address order.
  const amounts = (blubAmount: bigint, wavaxAmount: bigint) =>
    pool.token0 === getAddress(blub)
      ? { amount0Desired: blubAmount, amount1Desired: wavaxAmount }
      : { amount0Desired: wavaxAmount, amount1Desired: blubAmount }
  const { tick: startTick } = await readClPoolState(client, pool.address)
  const at = (spacingsBelow: number, spacingsAbove: number) =>
    tickRange({ tick: startTick, tickSpacing: pool.tickSpacing, spacingsBelow, spacingsAbove })
  // "Above the price" in BLUB/WAVAX is above in token1-per-token0 terms only when BLUB is token0.
  const blubIsToken0 = pool.token0 === getAddress(blub)
  const wideRange = at(50, 50)
  const narrowRange = at(5, 5)
  const outOfRangeRange = blubIsToken0 ? at(-10, 20) : at(20, -10)
  const { result: minted } = await inOneBlock(client, async () => {
    const wide = await mintPosition(client, {
      positionManager,
      pool,
      ...wideRange,
      ...amounts(parseEther('200000'), parseEther('20')),
      from: wideLp!,
    })
    const narrow = await mintPosition(client, {
      positionManager,
      pool,
      ...narrowRange,
      ...amounts(parseEther('100000'), parseEther('10')),
      from: narrowLp!,
    })
    const outOfRange = await mintPosition(client, {
      positionManager,
      pool,
      ...outOfRangeRange,
      ...amounts(parseEther('50000'), 0n),
      from: outOfRangeLp!,
    })
    return { wide, narrow, outOfRange }
  })

  const swaps: RunClScenarioReturnType['swaps'] = []
  const swapInBlock = async (legs: { from: Address; tokenIn: Address; amountIn: bigint }[]) => {
    const { result, block } = await inOneBlock(client, async () => {
      const done = []
      for (const leg of legs) done.push(await clSwap(client, { swapRouter, pool, ...leg }))
      return done
    })
    for (const swap of result)
      swaps.push({
        hash: swap.hash,
        blockNumber: block.number,
        tokenIn: swap.tokenIn,
        amountIn: swap.amountIn,
        amountOut: swap.amountOut,
      })
  }
  await swapInBlock([
    { from: swapperA!, tokenIn: blub, amountIn: parseEther('40000') },
    { from: swapperB!, tokenIn: blub, amountIn: parseEther('120000') },
  ])
  await swapInBlock([{ from: swapperB!, tokenIn: wavax, amountIn: parseEther('40') }])
  await swapInBlock([{ from: swapperA!, tokenIn: blub, amountIn: parseEther('30000') }])

  await increaseLiquidity(client, {
    positionManager,
    tokenId: minted.wide.tokenId,
    ...amounts(parseEther('20000'), parseEther('2')),
    from: wideLp!,
  })
  await collectPosition(client, { positionManager, tokenId: minted.wide.tokenId, from: wideLp! })
  const narrowNow = await readPosition(client, { positionManager, tokenId: minted.narrow.tokenId })
  await inOneBlock(client, async () => {
    await decreaseLiquidity(client, {
      positionManager,
      tokenId: minted.narrow.tokenId,
      liquidity: narrowNow.liquidity,
      from: narrowLp!,
    })
    await collectPosition(client, { positionManager, tokenId: minted.narrow.tokenId, from: narrowLp! })
    await burnPosition(client, { positionManager, tokenId: minted.narrow.tokenId, from: narrowLp! })
  })
  await transferPosition(client, {
    positionManager,
    tokenId: minted.wide.tokenId,
    from: wideLp!,
    to: nftReceiver!,
  })
  await swapInBlock([{ from: swapperB!, tokenIn: wavax, amountIn: parseEther('3') }])
  await collectPosition(client, { positionManager, tokenId: minted.wide.tokenId, from: nftReceiver! })

  const solidly = await runSolidly(client, { blub, wavax, from, lp: solidlyLp!, trader: solidlyTrader })
  const toBlock = await client.getBlockNumber()
  const position = (
    minted: { tokenId: bigint },
    range: { tickLower: number; tickUpper: number },
    minter: Address,
    owner: Address,
    burned: boolean,
  ) => ({ tokenId: minted.tokenId, minter, owner, ...range, burned })
  return {
    uniswapV3,
    pool,
    positions: {
      wide: position(minted.wide, wideRange, wideLp!, nftReceiver!, false),
      narrow: position(
        minted.narrow,
        narrowRange,
        narrowLp!,
        '0x0000000000000000000000000000000000000000',
        true,
      ),
      outOfRange: position(minted.outOfRange, outOfRangeRange, outOfRangeLp!, outOfRangeLp!, false),
    },
    startTick,
    swaps,
    solidly,
    accounts: {
      wideLp: wideLp!,
      narrowLp: narrowLp!,
      outOfRangeLp: outOfRangeLp!,
      swappers: [swapperA!, swapperB!],
      nftReceiver: nftReceiver!,
      solidlyLp: solidlyLp!,
      solidlyTrader,
    },
    fromBlock,
    toBlock,
  }
}

async function runSolidly(
  client: TestkitClient,
  {
    blub,
    wavax,
    from,
    lp,
    trader,
  }: { blub: Address; wavax: Address; from: Address; lp: Address; trader: Address },
): Promise<RunClScenarioReturnType['solidly']> {
  const pair = await deploySolidlyPair(client, {
    tokenA: blub,
    tokenB: wavax,
    feeRecipient: SOLIDLY_FEE_RECIPIENT,
    from,
  })
  const blubIsToken0 = pair.token0 === getAddress(blub)
  const [blubAmount, wavaxAmount] = [parseEther('500000'), parseEther('50')]
  await addSolidlyLiquidity(client, {
    pair,
    amount0: blubIsToken0 ? blubAmount : wavaxAmount,
    amount1: blubIsToken0 ? wavaxAmount : blubAmount,
    from: lp,
  })
  const swaps: RunClScenarioReturnType['solidly']['swaps'] = []
  const { result: first } = await inOneBlock(client, async () => [
    await solidlySwap(client, { pair, tokenIn: blub, amountIn: parseEther('10000'), from: trader }),
    await solidlySwap(client, { pair, tokenIn: wavax, amountIn: parseEther('2'), from: trader }),
  ])
  const { result: second } = await inOneBlock(client, async () => [
    await solidlySwap(client, { pair, tokenIn: wavax, amountIn: parseEther('0.5'), from: trader }),
  ])
  for (const swap of [...first, ...second])
    swaps.push({
      hash: swap.hashes[1],
      tokenIn: swap.tokenIn,
      amountIn: swap.amountIn,
      amountOut: swap.amountOut,
      fee: swap.fee,
    })
  const lpBalance = await client.readContract({
    address: pair.address,
    abi: solidlyPairAbi,
    functionName: 'balanceOf',
    args: [lp],
  })
  await removeSolidlyLiquidity(client, { pair, liquidity: lpBalance / 10n, from: lp })
  return { pair, swaps }
}
