import type { Address, Hash } from 'viem'
import { testTokenAbi, uniswapV2PairAbi, type V2Pair, write } from './contracts'
import type { TestkitClient } from './createTestkitClient'
import { readReserves } from './swap'
import { getAmountsBurned, getLiquidityMinted } from './v2Math'

export type AddLiquidityParameters = {
  pair: V2Pair
  /** Deposit of token0, in base units. */
  amount0: bigint
  /** Deposit of token1; default: `amount0` at the pair's current (pending) price. */
  amount1?: bigint | undefined
  from: Address
  /** Receiver of the liquidity tokens (default `from`). */
  to?: Address | undefined
}

export type AddLiquidityReturnType = {
  amount0: bigint
  amount1: bigint
  /** Liquidity tokens minted to `to`, computed as the pair does. */
  liquidity: bigint
  /** token0 transfer, token1 transfer, `pair.mint(to)`. */
  hashes: readonly [transfer0: Hash, transfer1: Hash, mint: Hash]
}

/**
 * Adds liquidity to a V2 pair without a router: transfers both tokens to the pair and
 * calls `mint(to)` (three transactions; the pair emits Transfer of its LP token, Sync
 * and Mint).
 */
export async function addLiquidity(
  client: TestkitClient,
  parameters: AddLiquidityParameters,
): Promise<AddLiquidityReturnType> {
  const { pair, amount0, from } = parameters
  const [{ reserve0, reserve1 }, totalSupply] = await Promise.all([
    readReserves(client, pair.address),
    readTotalSupply(client, pair.address),
  ])
  const amount1 = parameters.amount1 ?? (reserve0 === 0n ? 0n : (amount0 * reserve1) / reserve0)
  const liquidity = getLiquidityMinted({ amount0, amount1, reserve0, reserve1, totalSupply })
  const transfer0 = await write(client, {
    address: pair.token0,
    abi: testTokenAbi,
    functionName: 'transfer',
    args: [pair.address, amount0],
    from,
  })
  const transfer1 = await write(client, {
    address: pair.token1,
    abi: testTokenAbi,
    functionName: 'transfer',
    args: [pair.address, amount1],
    from,
  })
  const mint = await write(client, {
    address: pair.address,
    abi: uniswapV2PairAbi,
    functionName: 'mint',
    args: [parameters.to ?? from],
    from,
  })
  return { amount0, amount1, liquidity, hashes: [transfer0, transfer1, mint] }
}

export type RemoveLiquidityParameters = {
  pair: V2Pair
  /** Liquidity tokens to burn; `from` must hold them. */
  liquidity: bigint
  from: Address
  /** Receiver of both tokens (default `from`). */
  to?: Address | undefined
}

export type RemoveLiquidityReturnType = {
  liquidity: bigint
  /** Paid out, computed as the pair does. */
  amount0: bigint
  amount1: bigint
  /** LP-token transfer to the pair, `pair.burn(to)`. */
  hashes: readonly [transfer: Hash, burn: Hash]
}

/**
 * Removes liquidity from a V2 pair without a router: transfers the LP tokens to the pair
 * and calls `burn(to)` (two transactions; the pair emits Transfer ×3, Sync and Burn).
 */
export async function removeLiquidity(
  client: TestkitClient,
  parameters: RemoveLiquidityParameters,
): Promise<RemoveLiquidityReturnType> {
  const { pair, liquidity, from } = parameters
  const [{ reserve0, reserve1 }, totalSupply] = await Promise.all([
    readReserves(client, pair.address),
    readTotalSupply(client, pair.address),
  ])
  const { amount0, amount1 } = getAmountsBurned({ liquidity, reserve0, reserve1, totalSupply })
  const transfer = await write(client, {
    address: pair.address,
    abi: uniswapV2PairAbi,
    functionName: 'transfer',
    args: [pair.address, liquidity],
    from,
  })
  const burn = await write(client, {
    address: pair.address,
    abi: uniswapV2PairAbi,
    functionName: 'burn',
    args: [parameters.to ?? from],
    from,
  })
  return { liquidity, amount0, amount1, hashes: [transfer, burn] }
}

function readTotalSupply(client: TestkitClient, pair: Address): Promise<bigint> {
  return client.readContract({
    address: pair,
    abi: uniswapV2PairAbi,
    functionName: 'totalSupply',
    blockTag: 'pending',
  })
}
