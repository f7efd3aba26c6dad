import { type Address, getAddress, type Hash } from 'viem'
import {
  deploy,
  isSameAddress,
  solidlyPairAbi,
  solidlyPairBytecode,
  testTokenAbi,
  type V2Pair,
  write,
} from './contracts'
import { anvilAccounts, type TestkitClient } from './createTestkitClient'
import { TokenNotInPairError } from './errors'

/** A Solidly-style pair (`contracts/SolidlyPair.sol`): a V2 pair plus its input fee and where the fee goes. */
export type SolidlyPair = V2Pair & {
  /** The fee on the input, in basis points. */
  feeBps: bigint
  /** Where the pair moves each swap's fee (Solidly's PairFees contract). */
  feeRecipient: Address
}

export type DeploySolidlyPairParameters = {
  tokenA: Address
  tokenB: Address
  /** Default 20 (0.2%, Solidly's volatile pairs). */
  feeBps?: bigint | undefined
  /** Default anvil account 0. */
  feeRecipient?: Address | undefined
  from?: Address | undefined
}

/**
 * Deploys a Solidly-style volatile pair (the design of Pharaoh v1 / Velodrome v1): V2's
 * `Swap`, `Mint`, `Burn` and ERC-20 LP token, plus `Fees(sender, amount0, amount1)` for the fee
 * taken on the input and moved out of the reserves, and `Sync(uint256 reserve0, uint256 reserve1)`.
 */
export async function deploySolidlyPair(
  client: TestkitClient,
  parameters: DeploySolidlyPairParameters,
): Promise<SolidlyPair> {
  const feeBps = parameters.feeBps ?? 20n
  const feeRecipient = getAddress(parameters.feeRecipient ?? anvilAccounts[0])
  const address = await deploy(client, {
    abi: solidlyPairAbi,
    bytecode: solidlyPairBytecode,
    args: [parameters.tokenA, parameters.tokenB, feeBps, feeRecipient],
    from: parameters.from,
    what: 'deploy the Solidly pair',
  })
  const [token0, token1] =
    BigInt(parameters.tokenA) < BigInt(parameters.tokenB)
      ? [parameters.tokenA, parameters.tokenB]
      : [parameters.tokenB, parameters.tokenA]
  return { address, token0: getAddress(token0), token1: getAddress(token1), feeBps, feeRecipient }
}

/** A Solidly pair's reserves (`getReserves`), by default in the pending state. */
export async function readSolidlyReserves(
  client: TestkitClient,
  pair: Address,
  blockTag: 'pending' | 'latest' = 'pending',
): Promise<{ reserve0: bigint; reserve1: bigint }> {
  const [reserve0, reserve1] = await client.readContract({
    address: pair,
    abi: solidlyPairAbi,
    functionName: 'getReserves',
    blockTag,
  })
  return { reserve0, reserve1 }
}

/** What a Solidly volatile pair pays for `amountIn` (the fee on the input first, then x*y=k). */
export function getSolidlyAmountOut(
  amountIn: bigint,
  reserveIn: bigint,
  reserveOut: bigint,
  feeBps: bigint,
): bigint {
  const amountInAfterFee = amountIn - (amountIn * feeBps) / 10_000n
  return (amountInAfterFee * reserveOut) / (reserveIn + amountInAfterFee)
}

export type SolidlySwapParameters = {
  pair: SolidlyPair
  tokenIn: Address
  amountIn: bigint
  from: Address
  to?: Address | undefined
}

/**
 * Swaps an exact input on a Solidly pair the core way (like `swap` for V2): a transfer to the
 * pair, then `pair.swap(amount0Out, amount1Out, to, '0x')`. The pair emits `Fees`, `Sync`, `Swap`.
 */
export async function solidlySwap(
  client: TestkitClient,
  parameters: SolidlySwapParameters,
): Promise<{
  tokenIn: Address
  tokenOut: Address
  amountIn: bigint
  amountOut: bigint
  fee: bigint
  hashes: readonly [transfer: Hash, swap: Hash]
}> {
  const { pair, tokenIn, amountIn, from } = parameters
  const zeroForOne = isSameAddress(tokenIn, pair.token0)
  if (!zeroForOne && !isSameAddress(tokenIn, pair.token1))
    throw new TokenNotInPairError(tokenIn, pair.address)
  const { reserve0, reserve1 } = await readSolidlyReserves(client, pair.address)
  const amountOut = zeroForOne
    ? getSolidlyAmountOut(amountIn, reserve0, reserve1, pair.feeBps)
    : getSolidlyAmountOut(amountIn, reserve1, reserve0, pair.feeBps)
  const transferHash = await write(client, {
    address: tokenIn,
    abi: testTokenAbi,
    functionName: 'transfer',
    args: [pair.address, amountIn],
    from,
  })
  const swapHash = await write(client, {
    address: pair.address,
    abi: solidlyPairAbi,
    functionName: 'swap',
    args: [zeroForOne ? 0n : amountOut, zeroForOne ? amountOut : 0n, parameters.to ?? from, '0x'],
    from,
  })
  return {
    tokenIn,
    tokenOut: zeroForOne ? pair.token1 : pair.token0,
    amountIn,
    amountOut,
    fee: (amountIn * pair.feeBps) / 10_000n,
    hashes: [transferHash, swapHash],
  }
}

/**
 * Deposits both tokens and mints LP tokens (`mint(to)`): `Transfer` of the LP token, `Sync`, `Mint`.
 * The first deposit sets the price; later ones should keep it (the smaller side counts).
 */
export async function addSolidlyLiquidity(
  client: TestkitClient,
  parameters: {
    pair: SolidlyPair
    amount0: bigint
    amount1: bigint
    from: Address
    to?: Address | undefined
  },
): Promise<{ hashes: readonly [transfer0: Hash, transfer1: Hash, mint: Hash] }> {
  const { pair, from } = parameters
  const transfer0 = await write(client, {
    address: pair.token0,
    abi: testTokenAbi,
    functionName: 'transfer',
    args: [pair.address, parameters.amount0],
    from,
  })
  const transfer1 = await write(client, {
    address: pair.token1,
    abi: testTokenAbi,
    functionName: 'transfer',
    args: [pair.address, parameters.amount1],
    from,
  })
  const mint = await write(client, {
    address: pair.address,
    abi: solidlyPairAbi,
    functionName: 'mint',
    args: [parameters.to ?? from],
    from,
  })
  return { hashes: [transfer0, transfer1, mint] }
}

/** Returns `liquidity` LP tokens to the pair and burns them (`burn(to)`): `Transfer`s, `Sync`, `Burn`. */
export async function removeSolidlyLiquidity(
  client: TestkitClient,
  parameters: { pair: SolidlyPair; liquidity: bigint; from: Address; to?: Address | undefined },
): Promise<{ hashes: readonly [transfer: Hash, burn: Hash] }> {
  const { pair, from } = parameters
  const transfer = await write(client, {
    address: pair.address,
    abi: solidlyPairAbi,
    functionName: 'transfer',
    args: [pair.address, parameters.liquidity],
    from,
  })
  const burn = await write(client, {
    address: pair.address,
    abi: solidlyPairAbi,
    functionName: 'burn',
    args: [parameters.to ?? from],
    from,
  })
  return { hashes: [transfer, burn] }
}
